package dev.troco.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The bench's merchants, set up exactly as the README tells a real one: the operator creates the company, its
 * Moderator activates (password + TOTP) and logs in, creates an API user and a sandbox key (2FA, allowed IPs), and
 * the integration registers a webhook endpoint for {@code charge.paid} at the bench's receiver. Several companies
 * share the load, as on a real platform, so that no single company's rate limit is what gets measured.
 */
final class Tenants {

    private static final Pattern INVITATION_TOKEN = Pattern.compile("inv_[A-Za-z0-9_-]{20,}");

    record Tenant(int index, String companyId, String apiKey, byte[] webhookKey) {
        Map<String, String> auth() {
            return Map.of("Authorization", "Bearer " + apiKey);
        }
    }

    private Tenants() {
    }

    static List<Tenant> create(Http http, Path dataDir, int count, int receiverPort) {
        String adminToken = adminToken(dataDir);
        List<Tenant> tenants = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tenants.add(createOne(http, adminToken, dataDir.resolve("mail"), i, receiverPort));
        }
        return tenants;
    }

    private static Tenant createOne(Http http, String adminToken, Path mailDir, int index, int receiverPort) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String email = "bench-" + run + "-" + index + "@example.com";
        Http.Answer company = http.expect("create company", 201, "POST", "/admin/v1/companies", Map.of(
                "name", "Loja Bench " + index, "products", List.of("PAYIN"),
                "moderatorEmail", email, "moderatorName", "Bench Moderator"),
                Map.of("Authorization", "Bearer " + adminToken));
        String companyId = company.text("companyId");
        String password = "bench password " + run;
        Http.Answer activated = http.expect("activate moderator", 200, "POST", "/v1/auth/activate", Map.of(
                "invitationToken", invitationToken(mailDir, email),
                "password", password), Map.of());
        String totpSecret = activated.text("totpSecret");
        long now = System.currentTimeMillis() / 1000;
        Http.Answer login = http.expect("log in", 200, "POST", "/v1/auth/login", Map.of(
                "email", email, "password", password, "totpCode", Totp.code(totpSecret, now)), Map.of());
        Map<String, String> session = Map.of("Authorization", "Bearer " + login.text("sessionToken"));
        Http.Answer apiUser = http.expect("create API user", 201, "POST", "/v1/companies/" + companyId + "/api-users",
                Map.of("email", "api-" + run + "-" + index + "@example.com", "name", "API - Bench " + index,
                        "permissions", List.of("charges:create", "transactions:read", "notifications:manage")),
                session);
        // The login spent this step's code; the next step's is accepted (one step of drift).
        Http.Answer key = http.expect("create API key", 201, "POST",
                "/v1/companies/" + companyId + "/api-users/" + apiUser.text("id") + "/keys",
                Map.of("environment", "SANDBOX", "allowedIps", List.of("127.0.0.1", "::1"),
                        "totpCode", Totp.code(totpSecret, now + 30)), session);
        String apiKey = key.text("secret");
        Http.Answer endpoint = http.expect("register webhook endpoint", 201, "POST", "/v1/webhook-endpoints",
                Map.of("url", "http://127.0.0.1:" + receiverPort + "/hooks/" + index,
                        "eventTypes", List.of("charge.paid")),
                Map.of("Authorization", "Bearer " + apiKey));
        String secret = endpoint.text("secret");
        byte[] webhookKey = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        return new Tenant(index, companyId, apiKey, webhookKey);
    }

    /**
     * The token of the invitation mailed to {@code email} (the API never answers it), from the {@code .eml} files
     * {@code ./troco up}'s mail server saves. Troco's text parts are 7-bit or quoted-printable, never base64, so
     * joining soft line breaks is all the decoding a token needs.
     */
    static String invitationToken(Path mailDir, String email) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Stream<Path> files = Files.list(mailDir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith("-" + email + ".eml")).toList()) {
                    Matcher token = INVITATION_TOKEN.matcher(
                            Files.readString(file, StandardCharsets.ISO_8859_1).replaceAll("=\\r?\\n", ""));
                    if (token.find()) {
                        return token.group();
                    }
                }
            } catch (NoSuchFileException e) {
                // no mail saved yet
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No invitation mailed to " + email + " in " + mailDir + " within 30 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an invitation", e);
            }
        }
    }

    /** TROCO_ADMIN_TOKEN from the environment, else from the secrets {@code ./troco up} generated. */
    static String adminToken(Path dataDir) {
        String fromEnvironment = System.getenv("TROCO_ADMIN_TOKEN");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        Path secrets = dataDir.resolve("secrets.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(secrets)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("No TROCO_ADMIN_TOKEN and no " + secrets + " (is ./troco up running?)", e);
        }
        String token = properties.getProperty("TROCO_ADMIN_TOKEN");
        if (token == null) {
            throw new IllegalStateException("No TROCO_ADMIN_TOKEN in " + secrets);
        }
        return token;
    }
}
