package dev.troco.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.troco.events.notification.InvitationReason;
import dev.troco.events.notification.SendInvitation;
import dev.troco.gateway.GatewayFixture.CompanyWithModerator;
import dev.troco.gateway.GatewayFixture.Person;
import dev.troco.gateway.security.Totp;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Access control as seeds 000 and 001 describe it, over the real database. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "gateway"))
class AccessControlTest {

    @Inject
    TestClock clock;

    private GatewayFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new GatewayFixture(clock);
    }

    @Test
    void loginNeedsAValidTotpCodeAndRefusesOneAlreadyUsed() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        Person moderator = company.moderator();

        login(moderator, "000000").then().statusCode(401).body("code", equalTo("invalid_credentials"));
        login(moderator.email(), "wrong password here", fixture.nextCode(moderator.totpSecret()))
                .then().statusCode(401).body("code", equalTo("invalid_credentials"));

        String code = fixture.nextCode(moderator.totpSecret());
        login(moderator, code).then().statusCode(200).body("sessionToken", startsWith("tss_"));
        login(moderator, code).then().statusCode(401).body("code", equalTo("invalid_credentials"));
    }

    @Test
    void aCodeOneStepBehindIsAcceptedForClockSkewButNotOneFurtherAhead() {
        Person moderator = fixture.newCompany("PAYIN").moderator();
        fixture.toMiddleOfNextStep();
        fixture.toMiddleOfNextStep();
        String threeStepsAhead = Totp.code(moderator.totpSecret(), clock.instant().plusSeconds(90));
        login(moderator, threeStepsAhead).then().statusCode(401);
        String oneStepBehind = Totp.code(moderator.totpSecret(), clock.instant().minusSeconds(30));
        login(moderator, oneStepBehind).then().statusCode(200);
    }

    @Test
    void apiUserCanNeverLogIn() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "charges:create");
        String email = given().header("Authorization", "Bearer " + company.moderator().session())
                .get("/v1/companies/" + company.companyId() + "/users")
                .then().statusCode(200).extract()
                .path("data.find { it.id == '" + apiUserId + "' }.email");
        login(email, "any password at all", fixture.nextCode(company.moderator().totpSecret()))
                .then().statusCode(401).body("code", equalTo("invalid_credentials"));
    }

    @Test
    void writeAndViewUsersAreRefusedOnAccessControl() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        Person writer = invite(company, "WRITE");
        given().header("Authorization", "Bearer " + writer.session())
                .get("/v1/companies/" + company.companyId() + "/users")
                .then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("moderator_required"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + writer.session())
                .body(Map.of("email", "x-" + UUID.randomUUID() + "@example.com", "name", "x", "permissions",
                        List.of("charges:create")))
                .post("/v1/companies/" + company.companyId() + "/api-users")
                .then().statusCode(403).body("code", equalTo("moderator_required"));
    }

    @Test
    void anotherCompanysModeratorSeesNotFound() {
        CompanyWithModerator mine = fixture.newCompany("PAYIN");
        CompanyWithModerator theirs = fixture.newCompany("PAYIN");
        given().header("Authorization", "Bearer " + mine.moderator().session())
                .get("/v1/companies/" + theirs.companyId() + "/users")
                .then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void withoutASessionAccessControlAnswers401() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        given().get("/v1/companies/" + company.companyId() + "/users")
                .then().statusCode(401).body("code", equalTo("invalid_session"));
        given().header("Authorization", "Bearer tss_forged")
                .get("/v1/companies/" + company.companyId() + "/users")
                .then().statusCode(401).body("code", equalTo("invalid_session"));
    }

    @Test
    void aPermissionOfAProductNotPurchasedCannotBeGranted() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("email", "api-" + UUID.randomUUID() + "@example.com", "name", "API",
                        "permissions", List.of("payouts:create")))
                .post("/v1/companies/" + company.companyId() + "/api-users")
                .then().statusCode(403).body("code", equalTo("product_not_purchased"))
                .body("detail", containsString("payouts:create"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("email", "api-" + UUID.randomUUID() + "@example.com", "name", "API",
                        "permissions", List.of("make:coffee")))
                .post("/v1/companies/" + company.companyId() + "/api-users")
                .then().statusCode(400).body("errors[0].field", equalTo("permissions[0]"));
    }

    @Test
    void aKeyNeedsAtLeastOneValidAllowedIp() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "charges:create");
        fixture.createKey(company, apiUserId, "SANDBOX", List.of())
                .then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors[0].field", equalTo("allowedIps"));
        fixture.createKey(company, apiUserId, "SANDBOX", List.of("10.0.0.0/33", "example.com"))
                .then().statusCode(400)
                .body("errors.field", hasItem("allowedIps[0]"))
                .body("errors.field", hasItem("allowedIps[1]"));
    }

    @Test
    void aKeyNeedsTheModeratorsCurrentTotpCode() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "charges:create");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("environment", "SANDBOX", "allowedIps", List.of("203.0.113.7"), "totpCode", "123456"))
                .post("/v1/companies/" + company.companyId() + "/api-users/" + apiUserId + "/keys")
                .then().statusCode(403).body("code", equalTo("invalid_totp"));
    }

    @Test
    void aKeyIsShownOnceAndNeverAgain() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "charges:create");
        Response created = fixture.createKey(company, apiUserId, "PRODUCTION",
                List.of("203.0.113.7", "2001:db8::/48"));
        created.then().statusCode(201)
                .body("secret", startsWith("trk_live_"))
                .body("allowedIps", equalTo(List.of("203.0.113.7/32", "2001:db8:0:0:0:0:0:0/48")));
        String secret = created.path("secret");

        String listing = given().header("Authorization", "Bearer " + company.moderator().session())
                .get("/v1/companies/" + company.companyId() + "/api-users/" + apiUserId + "/keys")
                .then().statusCode(200)
                .body("data[0].prefix", equalTo("trk_live_"))
                .body("data[0].lastChars", equalTo(secret.substring(secret.length() - 4)))
                .body("data[0].createdBy", equalTo(company.moderator().userId()))
                .body("data[0].secret", nullValue())
                .extract().asString();
        assertThat(listing).doesNotContain(secret);
        String audit = given().header("Authorization", "Bearer " + company.moderator().session())
                .get("/v1/companies/" + company.companyId() + "/audit-log")
                .then().statusCode(200).extract().asString();
        assertThat(audit).doesNotContain(secret).doesNotContain(secret.substring(9, 30));
    }

    @Test
    void deletingAKeyNeedsATotpCodeAndIsAudited() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "charges:create");
        String keyId = fixture.createKey(company, apiUserId, "SANDBOX", List.of("203.0.113.7"))
                .then().statusCode(201).extract().path("id");
        String path = "/v1/companies/" + company.companyId() + "/api-users/" + apiUserId + "/keys/" + keyId;

        given().header("Authorization", "Bearer " + company.moderator().session()).delete(path)
                .then().statusCode(403).body("code", equalTo("invalid_totp"));
        given().header("Authorization", "Bearer " + company.moderator().session())
                .header("Troco-Totp-Code", fixture.nextCode(company.moderator().totpSecret()))
                .delete(path)
                .then().statusCode(200).body("revokedAt", notNullValue());

        given().header("Authorization", "Bearer " + company.moderator().session())
                .get("/v1/companies/" + company.companyId() + "/audit-log")
                .then().statusCode(200)
                .body("data[0].action", equalTo("api_key.deleted"))
                .body("data[0].with2fa", equalTo(true))
                .body("data[0].actorId", equalTo(company.moderator().userId()))
                .body("data[0].ip", notNullValue())
                .body("data.action", hasItem("api_key.created"))
                .body("data.action", hasItem("api_user.created"));
    }

    @Test
    void rotatingAKeyGivesANewOneAndSetsTheOldOnesExpiry() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "charges:create");
        Response first = fixture.createKey(company, apiUserId, "SANDBOX", List.of("203.0.113.7"));
        String keyId = first.path("id");
        Response rotated = given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("oldKeyExpiresInSeconds", 3600, "totpCode",
                        fixture.nextCode(company.moderator().totpSecret())))
                .post("/v1/companies/" + company.companyId() + "/api-users/" + apiUserId + "/keys/" + keyId
                        + "/rotate");
        rotated.then().statusCode(201).body("secret", not(equalTo(first.path("secret"))))
                .body("allowedIps", equalTo(List.of("203.0.113.7/32")));
        given().header("Authorization", "Bearer " + company.moderator().session())
                .get("/v1/companies/" + company.companyId() + "/api-users/" + apiUserId + "/keys")
                .then().statusCode(200)
                .body("data.find { it.id == '" + keyId + "' }.expiresAt", notNullValue());
    }

    @Test
    void invitingAModeratorNeedsACurrentTotpCodeButWriteAndViewDoNot() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String users = "/v1/companies/" + company.companyId() + "/users";
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("email", "evil-" + UUID.randomUUID() + "@example.com", "name", "E", "role", "MODERATOR"))
                .post(users).then().statusCode(403).body("code", equalTo("invalid_totp"));
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("email", "view-" + UUID.randomUUID() + "@example.com", "name", "V", "role", "VIEW"))
                .post(users).then().statusCode(201);
        List<String> emails = given().header("Authorization", "Bearer " + company.moderator().session())
                .get(users).then().statusCode(200).extract().path("data.email");
        assertThat(emails).noneMatch(e -> e.startsWith("evil-"));
    }

    @Test
    void anInvitationsTokenIsMailedToTheInviteeAndNeverAnswered() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String email = "view-" + UUID.randomUUID() + "@example.com";
        Response invited = given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("email", email, "name", "Vera", "role", "VIEW"))
                .post("/v1/companies/" + company.companyId() + "/users");
        invited.then().statusCode(201).body("invitationSentTo", equalTo(email))
                .body("invitationExpiresAt", notNullValue()).body("$", not(hasKey("invitationToken")));
        assertThat(invited.asString()).doesNotContain("inv_");

        SendInvitation mailed = InvitationMail.awaitInvitation(email, 1);
        assertThat(mailed.getMeta().getMerchantId()).isEqualTo(company.companyId());
        assertThat(mailed.getMeta().getAggregateId()).isEqualTo(invited.path("user.id").toString());
        assertThat(mailed.getMeta().getActor()).isEqualTo(company.moderator().userId());
        assertThat(mailed.getReason()).isEqualTo(InvitationReason.INVITED);
        assertThat(mailed.getRole()).isEqualTo("VIEW");
        assertThat(mailed.getName()).isEqualTo("Vera");
        assertThat(mailed.getInvitationToken()).startsWith("inv_");
        // the mailed token is the one that activates; the Moderator's first invitation went to them alone
        Person vera = fixture.activateAndLogin(mailed.getInvitationToken(), email);
        assertThat(vera.userId()).isEqualTo(invited.path("user.id").toString());
        assertThat(InvitationMail.sentTo(company.moderator().email())).hasSize(1);
    }

    @Test
    void aCompanyInvitesAtMostFiftyPeopleADay() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String users = "/v1/companies/" + company.companyId() + "/users";
        // the first Moderator was the first invitation of the day
        for (int i = 1; i < 50; i++) {
            given().contentType(ContentType.JSON).header("Authorization", "Bearer " + company.moderator().session())
                    .body(Map.of("email", "bulk-" + i + "-" + UUID.randomUUID() + "@example.com", "name", "B",
                            "role", "VIEW"))
                    .post(users).then().statusCode(201);
        }
        String refused = "bulk-51-" + UUID.randomUUID() + "@example.com";
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("email", refused, "name", "B", "role", "VIEW"))
                .post(users).then().statusCode(429).header("Retry-After", notNullValue())
                .body("code", equalTo("quota_exceeded"));
        // API users are no e-mail: they are still created
        fixture.createApiUser(company, "charges:create");
        // a day later (the session has ended by then: log in again) the company invites again
        clock.advance(java.time.Duration.ofHours(24).plusMinutes(1));
        String session = login(company.moderator(), fixture.nextCode(company.moderator().totpSecret()))
                .then().statusCode(200).extract().path("sessionToken");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + session)
                .body(Map.of("email", refused, "name", "B", "role", "VIEW"))
                .post(users).then().statusCode(201);
        assertThat(InvitationMail.sentTo(refused)).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void allowedIpsAreKeptInCanonicalFormAndRemovedByAnySpellingOfTheBlock() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "transactions:read");
        String keyId = fixture.createKey(company, apiUserId, "SANDBOX",
                        List.of("203.0.113.7", "10.1.2.3/8", "2001:db8::1/48", "::ffff:192.0.2.1"))
                .then().statusCode(201)
                .body("allowedIps", containsInAnyOrder("203.0.113.7/32", "10.0.0.0/8", "2001:db8:0:0:0:0:0:0/48",
                        "192.0.2.1/32"))
                .extract().path("id");
        String ips = "/v1/companies/" + company.companyId() + "/api-users/" + apiUserId + "/keys/" + keyId
                + "/allowed-ips";
        String session = "Bearer " + company.moderator().session();
        given().header("Authorization", session).queryParam("cidr", "2001:0DB8:0000::/48").delete(ips)
                .then().statusCode(204);
        given().header("Authorization", session).queryParam("cidr", "10.9.9.9/8").delete(ips)
                .then().statusCode(204);
        given().header("Authorization", session).get(ips).then().statusCode(200)
                .body("data.cidr", containsInAnyOrder("203.0.113.7/32", "192.0.2.1/32"));
    }

    @Test
    void rolesPermissionsAndAllowedIpsChangeOnlyWithACurrentTotpCode() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        Person writer = invite(company, "WRITE");
        String apiUserId = fixture.createApiUser(company, "transactions:read");
        String keyId = fixture.createKey(company, apiUserId, "SANDBOX", List.of("203.0.113.7"))
                .then().statusCode(201).extract().path("id");
        String base = "/v1/companies/" + company.companyId();
        String session = "Bearer " + company.moderator().session();

        given().contentType(ContentType.JSON).header("Authorization", session)
                .body(Map.of("role", "MODERATOR", "totpCode", "000000"))
                .put(base + "/users/" + writer.userId() + "/role").then().statusCode(403)
                .body("code", equalTo("invalid_totp"));
        given().contentType(ContentType.JSON).header("Authorization", session)
                .body(Map.of("role", "MODERATOR"))
                .put(base + "/users/" + writer.userId() + "/role").then().statusCode(400)
                .body("errors[0].field", equalTo("totpCode"));
        given().contentType(ContentType.JSON).header("Authorization", session)
                .body(Map.of("permissions", List.of("charges:create"), "totpCode", "000000"))
                .put(base + "/api-users/" + apiUserId + "/permissions").then().statusCode(403);
        String ips = base + "/api-users/" + apiUserId + "/keys/" + keyId + "/allowed-ips";
        given().contentType(ContentType.JSON).header("Authorization", session)
                .body(Map.of("cidr", "198.51.100.0/24", "totpCode", "000000"))
                .post(ips).then().statusCode(403);
        // nothing changed
        given().header("Authorization", session).get(ips).then().statusCode(200)
                .body("data.cidr", equalTo(List.of("203.0.113.7/32")));

        given().contentType(ContentType.JSON).header("Authorization", session)
                .body(Map.of("role", "MODERATOR", "totpCode", fixture.nextCode(company.moderator().totpSecret())))
                .put(base + "/users/" + writer.userId() + "/role").then().statusCode(200).body("role", equalTo("MODERATOR"));
        given().contentType(ContentType.JSON).header("Authorization", session)
                .body(Map.of("permissions", List.of("charges:create"),
                        "totpCode", fixture.nextCode(company.moderator().totpSecret())))
                .put(base + "/api-users/" + apiUserId + "/permissions").then().statusCode(200);
        given().contentType(ContentType.JSON).header("Authorization", session)
                .body(Map.of("cidr", "198.51.100.0/24", "totpCode", fixture.nextCode(company.moderator().totpSecret())))
                .post(ips).then().statusCode(201);
        List<Boolean> with2fa = given().header("Authorization", session).get(base + "/audit-log")
                .then().statusCode(200).extract().path("data.findAll { it.action in ['user.role_changed', "
                        + "'api_user.permissions_changed', 'api_key.ip_allowed'] }.with2fa");
        assertThat(with2fa).hasSize(3).containsOnly(true);
    }

    @Test
    void anAllowlistOfEveryAddressIsRefused() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "transactions:read");
        fixture.createKey(company, apiUserId, "SANDBOX", List.of("0.0.0.0/0"))
                .then().statusCode(400).body("errors[0].field", equalTo("allowedIps[0]"))
                .body("errors[0].code", equalTo("allows_everyone"));
        String keyId = fixture.createKey(company, apiUserId, "SANDBOX", List.of("203.0.113.7"))
                .then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("cidr", "::/0", "totpCode", fixture.nextCode(company.moderator().totpSecret())))
                .post("/v1/companies/" + company.companyId() + "/api-users/" + apiUserId + "/keys/" + keyId
                        + "/allowed-ips")
                .then().statusCode(400).body("errors[0].code", equalTo("allows_everyone"));
    }

    @Test
    void aRemovedPersonLosesTheirSessionsAndCannotLogInAgain() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        Person viewer = invite(company, "VIEW");
        String base = "/v1/companies/" + company.companyId();
        given().header("Authorization", "Bearer " + company.moderator().session())
                .delete(base + "/users/" + viewer.userId()).then().statusCode(403).body("code", equalTo("invalid_totp"));
        given().header("Authorization", "Bearer " + company.moderator().session())
                .header("Troco-Totp-Code", fixture.nextCode(company.moderator().totpSecret()))
                .delete(base + "/users/" + viewer.userId()).then().statusCode(204);

        given().header("Authorization", "Bearer " + viewer.session()).get("/v1/dashboard/notifications/unread-count")
                .then().statusCode(401).body("code", equalTo("invalid_session"));
        login(viewer, fixture.nextCode(viewer.totpSecret())).then().statusCode(401);
        List<String> ids = given().header("Authorization", "Bearer " + company.moderator().session())
                .get(base + "/users").then().statusCode(200).extract().path("data.id");
        assertThat(ids).doesNotContain(viewer.userId());
        given().header("Authorization", "Bearer " + company.moderator().session()).get(base + "/audit-log")
                .then().body("data[0].action", equalTo("user.removed")).body("data[0].with2fa", equalTo(true));
        // the last Moderator stays
        given().header("Authorization", "Bearer " + company.moderator().session())
                .header("Troco-Totp-Code", fixture.nextCode(company.moderator().totpSecret()))
                .delete(base + "/users/" + company.moderator().userId()).then().statusCode(409);
    }

    @Test
    void removingAnApiUserRevokesItsKeys() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        String apiUserId = fixture.createApiUser(company, "transactions:read");
        String key = fixture.createKey(company, apiUserId, "SANDBOX", List.of("127.0.0.1", "::1"))
                .then().statusCode(201).extract().path("secret");
        given().header("Authorization", "Bearer " + key).get("/v1/idempotency-keys/x").then().statusCode(404);
        given().header("Authorization", "Bearer " + company.moderator().session())
                .header("Troco-Totp-Code", fixture.nextCode(company.moderator().totpSecret()))
                .delete("/v1/companies/" + company.companyId() + "/users/" + apiUserId).then().statusCode(204);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3))
                .until(() -> given().header("Authorization", "Bearer " + key).get("/v1/idempotency-keys/x")
                        .statusCode() == 401);
    }

    @Test
    void aModeratorEndsAPersonsSessionsAndThePersonLogsInAgain() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        Person writer = invite(company, "WRITE");
        given().header("Authorization", "Bearer " + company.moderator().session())
                .header("Troco-Totp-Code", fixture.nextCode(company.moderator().totpSecret()))
                .delete("/v1/companies/" + company.companyId() + "/users/" + writer.userId() + "/sessions")
                .then().statusCode(200).body("sessionsEnded", equalTo(1));
        given().header("Authorization", "Bearer " + writer.session()).get("/v1/dashboard/notifications/unread-count")
                .then().statusCode(401);
        login(writer, fixture.nextCode(writer.totpSecret())).then().statusCode(200);
    }

    @Test
    void aLostSecondFactorIsResetByAModeratorAndEnrolledAgain() {
        CompanyWithModerator company = fixture.newCompany("PAYIN");
        Person writer = invite(company, "WRITE");
        String reset = "/v1/companies/" + company.companyId() + "/users/" + writer.userId() + "/totp-reset";
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("totpCode", "000000")).post(reset).then().statusCode(403);
        given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("totpCode", fixture.nextCode(company.moderator().totpSecret()))).post(reset)
                .then().statusCode(200).body("invitationSentTo", equalTo(writer.email()))
                .body("$", not(hasKey("invitationToken")));
        SendInvitation mailed = InvitationMail.awaitInvitation(writer.email(), 2);
        assertThat(mailed.getReason()).isEqualTo(InvitationReason.SECOND_FACTOR_RESET);
        String invitation = mailed.getInvitationToken();
        // the old session and the old authenticator are gone
        given().header("Authorization", "Bearer " + writer.session()).get("/v1/dashboard/notifications/unread-count")
                .then().statusCode(401);
        login(writer, fixture.nextCode(writer.totpSecret())).then().statusCode(401);
        Person enrolledAgain = fixture.activateAndLogin(invitation, writer.email());
        assertThat(enrolledAgain.userId()).isEqualTo(writer.userId());
        assertThat(enrolledAgain.totpSecret()).isNotEqualTo(writer.totpSecret());
        // nobody resets their own
        given().contentType(ContentType.JSON).header("Authorization", "Bearer " + company.moderator().session())
                .body(Map.of("totpCode", fixture.nextCode(company.moderator().totpSecret())))
                .post("/v1/companies/" + company.companyId() + "/users/" + company.moderator().userId() + "/totp-reset")
                .then().statusCode(409);
    }

    private Person invite(CompanyWithModerator company, String role) {
        return fixture.invite(company, role);
    }

    private static Response login(Person person, String code) {
        return login(person.email(), person.password(), code);
    }

    private static Response login(String email, String password, String code) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "totpCode", code))
                .post("/v1/auth/login");
    }
}
