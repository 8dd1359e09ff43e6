package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.troco.gateway.GatewayFixture.CompanyWithModerator;
import dev.troco.gateway.RefundingChargeService.Refunds;
import dev.troco.gateway.RefundingChargeService.Refuses;
import dev.troco.gateway.domain.Permission;
import dev.troco.gateway.domain.Product;
import dev.troco.gateway.messaging.EventWaiter;
import dev.troco.kit.id.Ids;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refunds through the gateway, over the real broker and database: they need charges:refund, and the
 * charge-service's answer to the refund's own command decides it; a refusal is answered with its
 * reason and replayed for the same Idempotency-Key, never a 202.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway_refunds"))
@WithTestResource(value = ChargeServiceStub.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ChargeRefundTest {

    private static final List<String> LOOPBACK = List.of("127.0.0.1", "::1");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    private static final String MIGRATION = "V20261203_3000__charges_refund_permission.sql";
    private static RefundingChargeService chargeService;

    @Inject
    TestClock clock;

    @Inject
    EventWaiter waiter;

    private GatewayFixture fixture;

    @BeforeAll
    static void startChargeService() {
        chargeService = new RefundingChargeService();
    }

    @AfterAll
    static void stopChargeService() {
        if (chargeService != null) { // null when the application failed to start: let that error be the one reported
            chargeService.close();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        fixture = new GatewayFixture(clock);
        waiter.ready().get(30, TimeUnit.SECONDS);
    }

    record Merchant(String companyId, String key) {
    }

    @Test
    void aKeyWithOnlyChargesCreateCannotRefundAndThe403NamesChargesRefund() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        Merchant creator = merchant(company, "charges:create", "transactions:read");
        Merchant refunder = merchant(company, "charges:refund", "transactions:read");
        String charge = paidCharge(company.companyId(), 5_000);
        chargeService.answer(charge, new Refunds(chargeJson(charge, "Paid", 5_000, 1_000, 3)));

        refund(creator, charge, "refund-by-creator", "{\"amountCents\": 1000}")
                .then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("missing_permission"))
                .body("detail", containsString("charges:refund"));
        refund(refunder, charge, "refund-by-refunder", "{\"amountCents\": 1000}")
                .then().statusCode(200).body("refundAmountCents", equalTo(1000));
        // the refund that was allowed reached the charge-service; the forbidden one never did
        assertThat(chargeService.refundsOf(charge)).hasSize(1)
                .allSatisfy(r -> assertThat(r.getMeta().getIdempotencyKey()).isEqualTo("refund-by-refunder"));
        // like every permission, it can only be given where the product that allows it was purchased
        assertThat(Permission.fromApiName("charges:refund")).isEqualTo(Permission.CHARGES_REFUND);
        assertThat(Permission.CHARGES_REFUND.isAvailableWith(EnumSet.of(Product.PAYIN))).isTrue();
        assertThat(Permission.CHARGES_REFUND.isAvailableWith(EnumSet.of(Product.PAYOUT, Product.KYC))).isFalse();
    }

    @Test
    void aRefundTheChargeServiceRefusesAnswers409WithItsCodeAndTheSameKeyReplaysTheSame409() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        Merchant merchant = merchant(company, "charges:refund", "transactions:read");
        String charge = paidCharge(company.companyId(), 7_000);
        String detail = "Charge " + charge + " has an open chargeback; it can be refunded once the chargeback is "
                + "resolved in the merchant's favour";
        chargeService.answer(charge, new Refuses("chargeback_open", detail));

        Response first = refund(merchant, charge, "refund-during-dispute", "{\"amountCents\": 1000}");
        first.then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("chargeback_open"))
                .body("type", equalTo("https://troco.dev/problems/chargeback-open"))
                .body("status", equalTo(409))
                .body("detail", equalTo(detail))
                .body("instance", equalTo("/v1/charges/" + charge + "/refunds"))
                .body("requestId", notNullValue());

        Response replay = refund(merchant, charge, "refund-during-dispute", "{\"amountCents\": 1000}");
        replay.then().statusCode(409).contentType("application/problem+json")
                .header("Idempotent-Replayed", "true");
        assertThat(replay.asString()).isEqualTo(first.asString());
        // one command: the replay was answered from the idempotency record, not by asking again
        await().atMost(Duration.ofSeconds(10)).until(() -> chargeService.refundsOf(charge).size() == 1);
        assertThat(chargeService.refundsOf(charge).get(0).getAmountCents()).isEqualTo(1_000L);

        // without a key the refusal is answered all the same
        chargeService.answer(charge, new Refuses("chargeback_open", detail));
        refund(merchant, charge, null, "{}").then().statusCode(409).body("code", equalTo("chargeback_open"));
        // the gateway no longer decides how much is left: a refund without amountCents leaves that to the owner
        await().atMost(Duration.ofSeconds(10)).until(() -> chargeService.refundsOf(charge).size() == 2);
        assertThat(chargeService.refundsOf(charge).get(1).getAmountCents()).isNull();
    }

    @Test
    void ofTwoConcurrentPartialRefundsTheLoserIsAnsweredWithItsOwnRefusalNotTheWinnersRefund() throws Exception {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        Merchant merchant = merchant(company, "charges:refund", "transactions:read");
        String charge = paidCharge(company.companyId(), 10_000);
        // whichever command arrives first is refunded; the second is refused, as the charge-service does
        chargeService.answer(charge, new Refunds(chargeJson(charge, "Paid", 10_000, 6_000, 3)),
                new Refuses("refund_exceeds_paid", "A refund of 6000 is more than the 4000 left of the paid amount "
                        + "of charge " + charge));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Response> answers = new ArrayList<>();
        try {
            List<Callable<Response>> calls = List.of(
                    () -> refund(merchant, charge, "concurrent-a", "{\"amountCents\": 6000}"),
                    () -> refund(merchant, charge, "concurrent-b", "{\"amountCents\": 6000}"));
            for (Future<Response> answer : pool.invokeAll(calls)) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(answers).extracting(Response::statusCode).containsExactlyInAnyOrder(200, 422);
        Response refused = answers.stream().filter(a -> a.statusCode() == 422).findFirst().orElseThrow();
        refused.then().contentType("application/problem+json")
                .body("code", equalTo("refund_exceeds_paid"))
                .body("type", equalTo("https://troco.dev/problems/refund-exceeds-paid"))
                .body("detail", containsString("4000 left"));
        // the refused key replays its refusal
        String refusedKey = answers.get(0) == refused ? "concurrent-a" : "concurrent-b";
        refund(merchant, charge, refusedKey, "{\"amountCents\": 6000}")
                .then().statusCode(422).header("Idempotent-Replayed", "true")
                .body("code", equalTo("refund_exceeds_paid"));
    }

    @Test
    void aRefundNotAnsweredWithinTheWaitIsAccepted() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        Merchant merchant = merchant(company, "charges:refund");
        String charge = paidCharge(company.companyId(), 3_000);
        // nothing scripted: the stand-in keeps the command and never answers
        refund(merchant, charge, "slow-refund", "{\"amountCents\": 100}")
                .then().statusCode(202).body("id", equalTo(charge)).body("status", equalTo("processing"));
        assertThat(chargeService.refundsOf(charge)).hasSize(1);
    }

    @Test
    void theMigrationGivesChargesRefundToEveryApiUserThatCouldCreateChargesWhereItsProductIsPurchased()
            throws Exception {
        String schema = "refund_permission_" + UUID.randomUUID().toString().replace("-", "");
        assertThat(MIGRATIONS.resolve(MIGRATION)).exists();
        try {
            migrate(schema, versionBefore(MIGRATION));
            // the data as it stood before refunds had their own permission
            try (Connection connection = connection(); Statement sql = connection.createStatement()) {
                sql.execute("SET search_path TO " + schema);
                sql.execute("""
                        INSERT INTO company (id, name, products, created_at) VALUES
                          ('cmp_payin', 'Loja', '{PAYIN,PAYOUT}', now()),
                          ('cmp_no_payin', 'Pagadora', '{PAYOUT}', now());
                        INSERT INTO app_user (id, kind, email, name, created_at) VALUES
                          ('usr_creator', 'API', 'creator@example.com', 'API creator', now()),
                          ('usr_reader', 'API', 'reader@example.com', 'API reader', now()),
                          ('usr_person', 'HUMAN', 'person@example.com', 'Person', now()),
                          ('usr_stale', 'API', 'stale@example.com', 'API without the product', now());
                        INSERT INTO membership (user_id, company_id, role, permissions, created_at) VALUES
                          ('usr_creator', 'cmp_payin', NULL, '{CHARGES_CREATE,TRANSACTIONS_READ}', now()),
                          ('usr_reader', 'cmp_payin', NULL, '{TRANSACTIONS_READ}', now()),
                          ('usr_person', 'cmp_payin', 'WRITE', '{}', now()),
                          ('usr_stale', 'cmp_no_payin', NULL, '{CHARGES_CREATE}', now());
                        """);
            }

            migrate(schema, "latest");

            Map<String, List<String>> permissions = permissions(schema);
            assertThat(permissions.get("usr_creator"))
                    .containsExactly("CHARGES_CREATE", "TRANSACTIONS_READ", "CHARGES_REFUND");
            assertThat(permissions.get("usr_reader")).containsExactly("TRANSACTIONS_READ");
            assertThat(permissions.get("usr_person")).isEmpty();
            assertThat(permissions.get("usr_stale")).containsExactly("CHARGES_CREATE");
            // what the migration wrote is a permission the gateway reads
            assertThat(Permission.valueOf("CHARGES_REFUND").apiName()).isEqualTo("charges:refund");
        } finally {
            try (Connection connection = connection(); Statement sql = connection.createStatement()) {
                sql.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    /** The newest migration that runs before this one (Flyway only migrates to a version that exists). */
    private static String versionBefore(String migration) throws Exception {
        String version = versionOf(migration);
        try (var files = Files.list(MIGRATIONS)) {
            return files.map(f -> versionOf(f.getFileName().toString()))
                    .filter(v -> new BigDecimal(v).compareTo(new BigDecimal(version)) < 0)
                    .max(Comparator.comparing(BigDecimal::new)).orElseThrow();
        }
    }

    /** {@code V20261203_3000__x.sql} is version {@code 20261203.3000}. */
    private static String versionOf(String file) {
        return file.substring(1, file.indexOf("__")).replace('_', '.');
    }

    /**
     * Connections of their own, outside the application's pool: a search path set for the schema under
     * test must not reach the connections the application uses.
     */
    private static Connection connection() throws java.sql.SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
    }

    private static void migrate(String schema, String target) {
        var config = ConfigProvider.getConfig();
        Flyway.configure().dataSource(config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                        config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null))
                .schemas(schema).createSchemas(true)
                .locations("filesystem:" + MIGRATIONS).target(target)
                .load().migrate();
    }

    private Map<String, List<String>> permissions(String schema) throws Exception {
        Map<String, List<String>> permissions = new HashMap<>();
        try (Connection connection = connection(); Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery("SELECT user_id, permissions FROM " + schema + ".membership")) {
            while (rows.next()) {
                permissions.put(rows.getString(1), Arrays.asList((String[]) rows.getArray(2).getArray()));
            }
        }
        return permissions;
    }

    private Merchant merchant(CompanyWithModerator company, String... permissions) {
        String apiUserId = fixture.createApiUser(company, permissions);
        Response key = fixture.createKey(company, apiUserId, "SANDBOX", LOOPBACK);
        key.then().statusCode(201);
        return new Merchant(company.companyId(), key.path("secret"));
    }

    /** A paid charge of the company, as the charge-service's internal read shows it. */
    private static String paidCharge(String companyId, long amountCents) {
        String id = Ids.next("chg");
        ChargeServiceStub.register(id, companyId, "SANDBOX", chargeJson(id, "Paid", amountCents, 0, 2));
        return id;
    }

    private static String chargeJson(String id, String status, long paidCents, long refundedCents, long version) {
        int statusId = dev.troco.events.charge.ChargeStatusName.ofDisplayName(status).orElseThrow().id();
        return "{\"id\":\"" + id + "\",\"status\":{\"id\":" + statusId + ",\"name\":\"" + status + "\"},"
                + "\"typePayin\":\"pix\",\"amountCents\":" + paidCents + ",\"currency\":\"BRL\","
                + "\"paidAmountCents\":" + paidCents + ",\"refundAmountCents\":" + refundedCents
                + ",\"createdAt\":\"2026-12-01T10:00:00Z\",\"version\":" + version + "}";
    }

    private static Response refund(Merchant merchant, String chargeId, String idempotencyKey, String body) {
        var request = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + merchant.key());
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body(body).post("/v1/charges/" + chargeId + "/refunds");
    }
}
