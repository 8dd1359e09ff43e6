package dev.troco.gateway;

import static io.restassured.RestAssured.given;

import dev.troco.gateway.security.Totp;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Drives the gateway's public APIs the way an operator and a Moderator would: creates a company,
 * activates its Moderator, logs in, creates users and keys. Each test creates its own company.
 */
final class GatewayFixture {

    static final String ADMIN_TOKEN = "test-admin-token";

    private final TestClock clock;

    GatewayFixture(TestClock clock) {
        this.clock = clock;
    }

    /** A person with a TOTP secret and, once logged in, a session. */
    record Person(String userId, String email, String password, byte[] totpSecret, String session) {
    }

    record CompanyWithModerator(String companyId, Person moderator) {
    }

    CompanyWithModerator newCompany(String... products) {
        String email = "mod-" + UUID.randomUUID() + "@example.com";
        Response created = given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .body(Map.of("name", "Loja " + email.substring(4, 12), "products", List.of(products),
                        "moderatorEmail", email, "moderatorName", "Moderator"))
                .post("/admin/v1/companies");
        created.then().statusCode(201);
        String companyId = created.path("companyId");
        Person moderator = activateAndLogin(InvitationMail.tokenFor(email), email);
        return new CompanyWithModerator(companyId, moderator);
    }

    /** A person invited to the company with {@code role} by its Moderator, activated and logged in. */
    Person invite(CompanyWithModerator company, String role) {
        String email = role.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
        given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("email", email, "name", "Person", "role", role,
                        "totpCode", nextCode(company.moderator().totpSecret())))
                .post("/v1/companies/" + company.companyId() + "/users")
                .then().statusCode(201);
        return activateAndLogin(InvitationMail.tokenFor(email), email);
    }

    Person activateAndLogin(String invitationToken, String email) {
        String password = "correct horse battery staple";
        Response activated = given().contentType(ContentType.JSON)
                .body(Map.of("invitationToken", invitationToken, "password", password))
                .post("/v1/auth/activate");
        activated.then().statusCode(200);
        byte[] secret = base32Decode(activated.path("totpSecret"));
        String session = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "totpCode", nextCode(secret)))
                .post("/v1/auth/login")
                .then().statusCode(200).extract().path("sessionToken");
        return new Person(activated.path("userId"), email, password, secret, session);
    }

    /**
     * A code of a TOTP step not used yet: the clock moves to the middle of the next 30-second
     * step first, so the code stays current however long the request takes.
     */
    String nextCode(byte[] secret) {
        toMiddleOfNextStep();
        return Totp.code(secret, clock.instant());
    }

    void toMiddleOfNextStep() {
        long intoStep = clock.millis() % 30_000;
        clock.advance(Duration.ofMillis(30_000 - intoStep + 15_000));
    }

    String currentCode(byte[] secret) {
        return Totp.code(secret, clock.instant());
    }

    String createApiUser(CompanyWithModerator company, String... permissions) {
        return given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("email", "api-" + UUID.randomUUID() + "@example.com", "name", "API - Loja",
                        "permissions", List.of(permissions)))
                .post("/v1/companies/" + company.companyId() + "/api-users")
                .then().statusCode(201).extract().path("id");
    }

    /** Creates a key and answers the whole creation response (the only one that has the secret). */
    Response createKey(CompanyWithModerator company, String apiUserId, String environment, List<String> allowedIps) {
        return given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("environment", environment, "allowedIps", allowedIps,
                        "totpCode", nextCode(company.moderator().totpSecret())))
                .post("/v1/companies/" + company.companyId() + "/api-users/" + apiUserId + "/keys");
    }

    static byte[] base32Decode(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xFF);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
