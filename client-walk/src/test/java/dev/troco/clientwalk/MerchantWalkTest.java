package dev.troco.clientwalk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.client.ApiClient;
import dev.troco.client.ApiException;
import dev.troco.client.ApiResponse;
import dev.troco.client.api.AccessControlApi;
import dev.troco.client.api.AuthenticationApi;
import dev.troco.client.api.ChargesApi;
import dev.troco.client.api.PlatformAdministrationApi;
import dev.troco.client.api.WebhooksAndEventsApi;
import dev.troco.client.model.ActivateRequest;
import dev.troco.client.model.ActivateResponse;
import dev.troco.client.model.Charge;
import dev.troco.client.model.ChargeList;
import dev.troco.client.model.ChargeRequest;
import dev.troco.client.model.ChargeSimulation;
import dev.troco.client.model.ChargeStatus;
import dev.troco.client.model.CreateApiUserRequest;
import dev.troco.client.model.CreateCompanyRequest;
import dev.troco.client.model.CreateCompanyResponse;
import dev.troco.client.model.CreateKeyRequest;
import dev.troco.client.model.Environment;
import dev.troco.client.model.Event;
import dev.troco.client.model.EventDeliveriesInner;
import dev.troco.client.model.LoginRequest;
import dev.troco.client.model.LoginResponse;
import dev.troco.client.model.Method;
import dev.troco.client.model.NewKeyView;
import dev.troco.client.model.Outcome;
import dev.troco.client.model.Party;
import dev.troco.client.model.Product;
import dev.troco.client.model.Title;
import dev.troco.client.model.UserView;
import dev.troco.client.model.WebhookEndpoint;
import dev.troco.client.model.WebhookEndpointRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's merchant walk ("Setting up an API user, step by step", "Charges", "Webhooks and events") made with
 * nothing but the Java client generated from the gateway's public OpenAPI document, against a whole platform
 * (gateway, charge-service, notification-service, Kafka, PostgreSQL) started by the launcher for this test alone.
 */
class MerchantWalkTest {

    private static final Duration PLATFORM_WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "correct horse battery staple";
    private static final String CHARGE_PAID = "charge.paid";
    /** A valid CPF (check digits and all) for the buyer. */
    private static final String BUYER_CPF = "52998224725";

    private static PrivatePlatform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        Path home = Path.of(System.getProperty("troco.home", "..")).toAbsolutePath().normalize();
        platform = PrivatePlatform.start(home, System.getProperty("troco.version", "0.1.0-SNAPSHOT"),
                Path.of(System.getProperty("troco.walk.data-dir", "target/walk-platform")).toAbsolutePath());
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void merchantSetsUpAnApiKeyTakesAPixPaymentAndHearsOfItByWebhook() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String moderatorEmail = "owner." + run + "@loja.example";

        // 1. Troco's operator creates the company and invites its first Moderator.
        ApiResponse<CreateCompanyResponse> created = call("create the company", () ->
                new PlatformAdministrationApi(platform.client(platform.adminToken())).createCompanyWithHttpInfo(
                        new CreateCompanyRequest().name("Loja Exemplo " + run).products(Set.of(Product.PAYIN))
                                .moderatorEmail(moderatorEmail).moderatorName("Ana")));
        assertThat(created.getStatusCode()).isEqualTo(201);
        CreateCompanyResponse company = created.getData();
        String companyId = company.getCompanyId();
        assertThat(companyId).startsWith("cmp_");
        assertThat(company.getProducts()).containsExactly(Product.PAYIN);
        assertThat(company.getModerator().getUser().getEmail()).isEqualTo(moderatorEmail);
        assertThat(company.getModerator().getUser().getRole()).isEqualTo("MODERATOR");
        assertThat(company.getModerator().getUser().getActive()).isFalse();
        assertThat(company.getModerator().getInvitationSentTo()).isEqualTo(moderatorEmail);

        // 2. The Moderator finds the invitation in their mail (here, .troco/mail/), activates the account and adds
        //    the TOTP secret to an authenticator.
        String invitation = platform.mailTo(moderatorEmail);
        assertThat(invitation).contains("You are invited to Loja Exemplo " + run, "/v1/auth/activate");
        Matcher token = Pattern.compile("inv_[A-Za-z0-9_-]{20,}").matcher(invitation);
        assertThat(token.find()).as("an invitation token in the mail").isTrue();
        AuthenticationApi auth = new AuthenticationApi(platform.client(null));
        ActivateResponse activated = call("activate the Moderator", () -> auth.activateAccount(
                new ActivateRequest().invitationToken(token.group()).password(PASSWORD)));
        assertThat(activated.getUserId()).isEqualTo(company.getModerator().getUser().getId());
        assertThat(activated.getOtpauthUri()).startsWith("otpauth://totp/").contains("secret=" + activated.getTotpSecret());
        Authenticator authenticator = new Authenticator(activated.getTotpSecret());

        // 3. Log in with e-mail, password and a current code.
        LoginResponse session = call("log in", () -> auth.logIn(new LoginRequest()
                .email(moderatorEmail).password(PASSWORD).totpCode(authenticator.nextCode())));
        assertThat(session.getSessionToken()).startsWith("tss_");
        assertThat(session.getUserId()).isEqualTo(activated.getUserId());
        AccessControlApi accessControl = new AccessControlApi(platform.client(session.getSessionToken()));

        // 4. A user just for the integration.
        List<String> permissions = List.of("charges:create", "transactions:read", "notifications:manage");
        UserView apiUser = call("create the API user", () -> accessControl.createApiUser(companyId,
                new CreateApiUserRequest().email("api." + run + "@loja.example").name("API - Loja")
                        .permissions(permissions)));
        assertThat(apiUser.getId()).isNotBlank().isNotEqualTo(activated.getUserId());
        assertThat(apiUser.getPermissions()).containsExactlyInAnyOrderElementsOf(permissions);

        // 5. Its sandbox key, allowed from this machine only, with the next code (one code per 30-second step).
        NewKeyView key = call("create the sandbox key", () -> accessControl.createApiKey(
                companyId, apiUser.getId(), new CreateKeyRequest().environment(Environment.SANDBOX)
                        .allowedIps(List.of("127.0.0.1")).totpCode(authenticator.nextCode())));
        assertThat(key.getSecret()).startsWith("trk_test_");
        assertThat(key.getSecret()).endsWith(key.getLastChars());
        assertThat(key.getAllowedIps()).containsExactly("127.0.0.1/32");
        ApiClient merchant = platform.client(key.getSecret());
        ChargesApi charges = new ChargesApi(merchant);
        WebhooksAndEventsApi webhooks = new WebhooksAndEventsApi(merchant);

        try (WebhookReceiver receiver = new WebhookReceiver()) {
            // Webhooks: an endpoint for charge.paid, on a receiver on this machine (the launcher allows loopback).
            WebhookEndpoint endpoint = call("register the webhook endpoint", () -> webhooks.createWebhookEndpoint(
                    new WebhookEndpointRequest().url(receiver.url()).eventTypes(List.of(CHARGE_PAID))));
            assertThat(endpoint.getSecret()).startsWith("whsec_");
            assertThat(endpoint.getUrl()).isEqualTo(receiver.url());
            assertThat(endpoint.getEventTypes()).containsExactly(CHARGE_PAID);
            assertThat(endpoint.getEnabled()).isTrue();

            // 6. Call the API: a PIX charge.
            String customNumber = "order-" + run;
            ApiResponse<Charge> createdCharge = call("create the charge", () -> charges.createChargeWithHttpInfo(
                    new ChargeRequest().method(Method.PIX).customNumber(customNumber)
                            .title(new Title().amountInCents(1990L).expireDate(dueIn(Duration.ofDays(2)))
                                    .instructions("Pedido " + run))
                            .buyer(new Party().name("Maria Compradora").document(BUYER_CPF).email("maria@example.com")),
                    "walk-" + run));
            assertThat(createdCharge.getStatusCode()).isEqualTo(201);
            Charge charge = createdCharge.getData();
            String chargeId = charge.getId();
            assertThat(chargeId).isNotBlank();
            assertThat(charge.getCustomNumber()).isEqualTo(customNumber);
            assertThat(charge.getAmountCents()).isEqualTo(1990L);
            assertThat(charge.getStatus().getName()).isEqualTo(ChargeStatus.NameEnum.CREATED);
            assertThat(charge.getPixCopyPaste()).startsWith("000201");

            // The sandbox pays it.
            call("simulate the payment", () -> charges.simulateChargeOutcome(chargeId,
                    new ChargeSimulation().outcome(Outcome.PAID)));
            Charge paid = await("the charge read back as Paid").atMost(PLATFORM_WAIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> call("read the charge", () -> charges.getCharge(chargeId)),
                            c -> c.getStatus().getName() == ChargeStatus.NameEnum.PAID);
            assertThat(paid.getPaidAmountCents()).isEqualTo(1990L);
            assertThat(paid.getPaidAt()).isNotNull();
            assertThat(paid.getStatusHistory()).extracting(h -> h.getStatus().getName())
                    .containsSubsequence("Created", "Paid");

            // The list finds it, by its number and among the Paid ones.
            ChargeList byNumber = call("list charges by number", () ->
                    charges.listCharges(null, null, customNumber, 10, null, null));
            assertThat(byNumber.getData()).extracting(Charge::getId).containsExactly(chargeId);
            assertThat(byNumber.getHasMore()).isFalse();
            ChargeList paidOnes = call("list Paid charges", () -> charges.listCharges(null, null, null, 100, null, "Paid"));
            assertThat(paidOnes.getData()).extracting(Charge::getId).contains(chargeId);

            // The webhook arrives, signed with the endpoint's secret, carrying the charge as paid.
            WebhookReceiver.Delivery delivery = await("the charge.paid webhook").atMost(PLATFORM_WAIT)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> receiver.deliveries().stream().filter(d -> isPaidWebhookOf(d, chargeId)).findFirst(),
                            found -> found.isPresent()).orElseThrow();
            assertThat(delivery.signedWith(endpoint.getSecret())).as("webhook-signature verifies").isTrue();
            Charge webhookCharge = merchant.getObjectMapper().readValue(delivery.body(), Charge.class);
            assertThat(webhookCharge.getStatus().getName()).isEqualTo(ChargeStatus.NameEnum.PAID);
            assertThat(webhookCharge.getPaidAmountCents()).isEqualTo(1990L);

            // And /v1/events lists the event; read by its id, it shows the delivery under the same webhook-id.
            Event listed = await("the charge.paid event").atMost(PLATFORM_WAIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> call("list events", () -> webhooks.listEvents(null, null, 100, null, CHARGE_PAID, null))
                                    .getData().stream().filter(e -> chargeId.equals(e.getAggregateId())).findFirst(),
                            found -> found.isPresent())
                    .orElseThrow();
            Event event = await("the event's delivery, recorded").atMost(PLATFORM_WAIT).pollInterval(Duration.ofMillis(250))
                    .until(() -> call("read the event", () -> webhooks.getEvent(listed.getId())),
                            e -> e.getDeliveries().stream()
                                    .anyMatch(d -> endpoint.getId().equals(d.getEndpointId()) && d.getDeliveredAt() != null));
            assertThat(event.getType()).isEqualTo(CHARGE_PAID);
            assertThat(event.getEnvironment()).hasToString("SANDBOX");
            EventDeliveriesInner toEndpoint = event.getDeliveries().stream()
                    .filter(d -> endpoint.getId().equals(d.getEndpointId())).findFirst().orElseThrow();
            assertThat(toEndpoint.getWebhookId()).isEqualTo(delivery.webhookId());
            assertThat(toEndpoint.getLastStatusCode()).isEqualTo(204);
        }
    }

    /** seed 004's expireDate: local date and time, to the second. */
    private static String dueIn(Duration duration) {
        return LocalDateTime.now(ZoneOffset.UTC).plus(duration).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static boolean isPaidWebhookOf(WebhookReceiver.Delivery delivery, String chargeId) {
        try {
            JsonNode body = new ObjectMapper().readTree(delivery.body());
            return CHARGE_PAID.equals(body.path("eventType").asText()) && chargeId.equals(body.path("id").asText());
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws ApiException;
    }

    /** A refused call fails the test with its step, status and problem body, not just "ApiException". */
    private static <T> T call(String step, Call<T> call) {
        try {
            return call.run();
        } catch (ApiException e) {
            throw new AssertionError(step + ": HTTP " + e.getCode() + " " + e.getResponseBody(), e);
        }
    }
}
