package dev.troco.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.common.CommandMetadata;
import dev.troco.events.notification.InvitationReason;
import dev.troco.events.notification.SendInvitation;
import dev.troco.kit.id.Ids;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * E-mail over a real SMTP server in the test JVM (GreenMail): a charge event on the real broker
 * becomes one mail per recipient the settings name once that recipient confirmed it wants the
 * company's mail (before, it gets one confirmation request and nothing else), with readable text and
 * HTML and a subject the company's text cannot break; SMTP being down
 * delays mail without losing or doubling it; a disabled endpoint is told to the company's Moderators.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "notification_channels"))
@WithTestResource(value = ChannelsTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class EmailNotificationFlowTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final String CONFIRMATIONS = "/internal/v1/email-recipient-confirmations";
    private static EventSender events;

    @ConfigProperty(name = "quarkus.mailer.port")
    int smtpPort;

    @Inject
    DataSource dataSource;

    @BeforeAll
    static void connect() {
        events = new EventSender();
    }

    @AfterAll
    static void disconnect() {
        events.close();
    }

    @Test
    void aPaidChargeIsMailedToEveryRecipientTheSettingsName() throws Exception {
        String company = NotificationSettingsApiTest.newCompany();
        String finance = "finance." + company + "@loja.example";
        String ops = "ops." + company + "@loja.example";
        GreenMail smtp = smtp();
        try {
            configureConfirmedEmail(smtp, company, "charge.paid", finance, ops);
            String chargeId = Ids.next("chg");
            events.send(EventSender.created(company, chargeId, null));
            ChargePaid paid = EventSender.paid(company, chargeId);
            events.send(paid);

            await().atMost(DEADLINE).until(() -> to(smtp, finance).size() == 1 && to(smtp, ops).size() == 1);
            MimeMessage mail = to(smtp, finance).get(0);
            assertThat(mail.getSubject()).isEqualTo("[Troco sandbox] Charge received: YOUR-CODE1234");
            assertThat(mail.getFrom()[0].toString()).contains("notifications@troco.local");
            assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly(finance);
            String text = part(mail, "text/plain");
            assertThat(text).contains("Charge received: YOUR-CODE1234", "BRL 86.52 · Paid · Maria da Silva",
                    "Charge: " + chargeId, "Status: Paid", "Paid amount: BRL 86.52",
                    "Event: charge.paid (" + EventSender.publicId(paid) + ")", "Environment: sandbox",
                    "company " + company + " (sandbox)");
            String html = part(mail, "text/html");
            assertThat(html).contains("<h2", "Charge received: YOUR-CODE1234", "<th align=\"left\"",
                    "Maria da Silva", "BRL 86.52");
            // Created was not configured for e-mail: only the paid event is mailed.
            assertThat(to(smtp, finance)).hasSize(1);
            assertThat(new TestDatabase(dataSource).count("SELECT count(*) FROM email_job WHERE company_id = ?"
                    + " AND status = 'SENT' AND dedup_key LIKE 'event:%'", company)).isEqualTo(2);
        } finally {
            smtp.stop();
        }
    }

    @Test
    void mailQueuedWhileSmtpIsDownArrivesOnceWhenItComesBack() throws Exception {
        String company = NotificationSettingsApiTest.newCompany();
        String finance = "finance." + company + "@loja.example";
        GreenMail confirming = smtp();
        try {
            configureConfirmedEmail(confirming, company, "charge.created", finance);
        } finally {
            confirming.stop();
        }
        TestDatabase database = new TestDatabase(dataSource);

        events.send(EventSender.created(company, Ids.next("chg"), null));

        // Nothing listens on the SMTP port: attempts fail and the job waits for the next one.
        await().atMost(DEADLINE).until(() -> database.count("SELECT count(*) FROM email_job WHERE company_id = ?"
                + " AND status = 'PENDING' AND attempts >= 2 AND last_error IS NOT NULL", company) == 1);
        GreenMail smtp = smtp();
        try {
            await().atMost(DEADLINE).until(() -> to(smtp, finance).size() == 1);
            await().atMost(DEADLINE).until(() -> database.count("SELECT count(*) FROM email_job WHERE company_id = ?"
                    + " AND status = 'SENT' AND dedup_key LIKE 'event:%'", company) == 1);
            // Later runs of the sender leave a sent job alone.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> to(smtp, finance).size() == 1);
            assertThat(to(smtp, finance).get(0).getHeader("X-Troco-Email-Id")[0]).startsWith("eml_");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void anEndpointDisabledBy410IsToldToTheCompanysModerators() throws Exception {
        String company = NotificationSettingsApiTest.newCompany();
        GreenMail smtp = smtp();
        try (WebhookReceiver gone = WebhookReceiver.start(request -> WebhookReceiver.Reply.status(410))) {
            String url = gone.url("/gone");
            String endpointId = given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                    .body(Map.of("url", url))
                    .post("/internal/v1/companies/{companyId}/webhook-endpoints", company)
                    .then().statusCode(201).extract().path("id");

            events.send(EventSender.created(company, Ids.next("chg"), null));

            String moderator = ChannelsTestResource.moderatorOf(company);
            await().atMost(DEADLINE).until(() -> to(smtp, moderator).size() == 1);
            MimeMessage mail = to(smtp, moderator).get(0);
            assertThat(mail.getSubject()).isEqualTo("[Troco sandbox] Webhook endpoint disabled: " + url);
            assertThat(part(mail, "text/plain")).contains("Endpoint: " + endpointId, "answered 410 Gone",
                    "POST /v1/webhook-endpoints/" + endpointId + "/enable", "{\"since\":");
            assertThat(part(mail, "text/html")).contains(endpointId, "410 Gone");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void anAddressNamedInTheSettingsGetsOnlyAConfirmationRequestUntilItConfirms() throws Exception {
        String company = NotificationSettingsApiTest.newCompany();
        String stranger = "someone." + company + "@elsewhere.example";
        TestDatabase database = new TestDatabase(dataSource);
        GreenMail smtp = smtp();
        try {
            putEmailSetting(company, "charge.created", stranger);
            await().atMost(DEADLINE).until(() -> confirmationsTo(smtp, stranger).size() == 1);
            // the settings say who has not confirmed yet
            given().queryParam("environment", "SANDBOX")
                    .get("/internal/v1/companies/{companyId}/notification-settings/{type}", company, "charge.created")
                    .then().statusCode(200).body("unconfirmedRecipients", org.hamcrest.Matchers.contains(stranger));
            MimeMessage request = confirmationsTo(smtp, stranger).get(0);
            assertThat(request.getSubject()).isEqualTo("[Troco] Confirm that you want notifications from company "
                    + company);
            String text = part(request, "text/plain");
            assertThat(text).contains("http://127.0.0.1:8080/email-recipients/confirm?token=erc_",
                    "Nothing is sent to you unless you confirm");
            assertThat(part(request, "text/html")).contains("href=\"http://127.0.0.1:8080/email-recipients/confirm?token=erc_");

            // A charge with the company's own text: nothing reaches the unconfirmed address.
            events.send(EventSender.created(company, Ids.next("chg"), null));
            await().atMost(DEADLINE).until(() -> database.count("SELECT count(*) FROM event WHERE company_id = ?",
                    company) == 1);
            assertThat(database.count("SELECT count(*) FROM email_job WHERE company_id = ? AND dedup_key LIKE 'event:%'",
                    company)).isZero();
            // Saving the setting again does not mail the address again.
            putEmailSetting(company, "charge.created", stranger);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> received(smtp, stranger).size() == 1);

            given().contentType(ContentType.JSON).body(Map.of("token", "erc_" + "A".repeat(43)))
                    .post(CONFIRMATIONS).then().statusCode(404);
            String token = tokenIn(text);
            given().contentType(ContentType.JSON).body(Map.of("token", token))
                    .post(CONFIRMATIONS).then().statusCode(200)
                    .body("companyId", org.hamcrest.Matchers.equalTo(company))
                    .body("address", org.hamcrest.Matchers.equalTo("s***@elsewhere.example"));
            // A token works once.
            given().contentType(ContentType.JSON).body(Map.of("token", token))
                    .post(CONFIRMATIONS).then().statusCode(404);

            given().queryParam("environment", "SANDBOX")
                    .get("/internal/v1/companies/{companyId}/notification-settings", company)
                    .then().statusCode(200)
                    .body("data.find { it.eventType == 'charge.created' }.emailRecipients",
                            org.hamcrest.Matchers.contains(stranger))
                    .body("data.find { it.eventType == 'charge.created' }.unconfirmedRecipients",
                            org.hamcrest.Matchers.empty());

            events.send(EventSender.created(company, Ids.next("chg"), null));
            await().atMost(DEADLINE).until(() -> to(smtp, stranger).size() == 1);
            assertThat(to(smtp, stranger).get(0).getSubject()).isEqualTo("[Troco sandbox] Charge created: YOUR-CODE1234");
            assertThat(confirmationsTo(smtp, stranger)).hasSize(1);
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aCustomNumberCannotAddHeadersNorALongLureToTheSubject() throws Exception {
        String company = NotificationSettingsApiTest.newCompany();
        String finance = "finance." + company + "@loja.example";
        String victim = "victim." + company + "@elsewhere.example";
        GreenMail smtp = smtp();
        try {
            configureConfirmedEmail(smtp, company, "charge.created", finance);
            String lure = "ORDER-1\r\nBcc: " + victim + "\r\nSubject: Your bank account is locked\u202E\u0007"
                    + " log in at https://bank.evil.example " + "x".repeat(400);
            ChargeCreated created = EventSender.created(company, Ids.next("chg"), null);
            created.setCustomNumber(lure);
            events.send(created);

            await().atMost(DEADLINE).until(() -> to(smtp, finance).size() == 1);
            MimeMessage mail = to(smtp, finance).get(0);
            String subject = mail.getSubject();
            assertThat(subject).startsWith("[Troco sandbox] Charge created: ORDER-1 Bcc: ")
                    .doesNotContain("\r").doesNotContain("\n").doesNotContain("\u202E").doesNotContain("\u0007")
                    .endsWith("...");
            assertThat(subject.length()).isLessThanOrEqualTo("[Troco sandbox] ".length() + 80);
            assertThat(mail.getHeader("Bcc")).isNull();
            assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(finance);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> received(smtp, victim).isEmpty());
        } finally {
            smtp.stop();
        }
    }

    @Test
    void anExpiredLinkConfirmsNothingAndTheNextNotificationAsksAgain() throws Exception {
        String company = NotificationSettingsApiTest.newCompany();
        String stranger = "late." + company + "@elsewhere.example";
        TestDatabase database = new TestDatabase(dataSource);
        GreenMail smtp = smtp();
        try {
            putEmailSetting(company, "charge.created", stranger);
            await().atMost(DEADLINE).until(() -> confirmationsTo(smtp, stranger).size() == 1);
            String expired = tokenIn(part(confirmationsTo(smtp, stranger).get(0), "text/plain"));
            // Eight days pass (the link works for seven).
            try (java.sql.Connection connection = dataSource.getConnection();
                    java.sql.PreparedStatement statement = connection.prepareStatement(
                            "UPDATE email_recipient SET requested_at = requested_at - interval '8 days' WHERE company_id = ?")) {
                statement.setString(1, company);
                assertThat(statement.executeUpdate()).isEqualTo(1);
            }
            given().contentType(ContentType.JSON).body(Map.of("token", expired))
                    .post(CONFIRMATIONS).then().statusCode(404);

            events.send(EventSender.created(company, Ids.next("chg"), null));
            await().atMost(DEADLINE).until(() -> confirmationsTo(smtp, stranger).size() == 2);
            String fresh = tokenIn(part(confirmationsTo(smtp, stranger).get(1), "text/plain"));
            assertThat(to(smtp, stranger)).isEmpty();
            assertThat(fresh).isNotEqualTo(expired);
            assertThat(database.count("SELECT count(*) FROM email_job WHERE company_id = ? AND dedup_key LIKE 'event:%'",
                    company)).isZero();
        } finally {
            smtp.stop();
        }
    }

    @Test
    void aCompanyCannotMakeTrocoMailMoreThanItsDailyAllowanceOfConfirmationRequests() {
        String company = NotificationSettingsApiTest.newCompany();
        TestDatabase database = new TestDatabase(dataSource);
        GreenMail smtp = smtp();
        try {
            List<String> strangers = new java.util.ArrayList<>();
            for (String type : List.of("charge.created", "charge.paid", "charge.refunded")) {
                String[] batch = new String[20];
                for (int i = 0; i < batch.length; i++) {
                    batch[i] = "stranger" + strangers.size() + "." + company + "@elsewhere.example";
                    strangers.add(batch[i]);
                }
                putEmailSetting(company, type, batch);
            }

            assertThat(strangers).hasSize(60);
            assertThat(database.count("SELECT count(*) FROM email_job WHERE company_id = ? AND dedup_key LIKE 'confirm:%'",
                    company)).isEqualTo(50);
            // Every queued request goes out (the queue is left empty), and the ten beyond the allowance get nothing.
            await().atMost(DEADLINE).until(() -> database.count("SELECT count(*) FROM email_job WHERE company_id = ?"
                    + " AND status = 'SENT'", company) == 50);
            assertThat(strangers.stream().filter(a -> !confirmationsTo(smtp, a).isEmpty()).count()).isEqualTo(50);
            assertThat(strangers.subList(50, 60)).allMatch(a -> received(smtp, a).isEmpty());
        } finally {
            smtp.stop();
        }
    }

    /** Names the recipients and confirms each with the link mailed to it. */
    private static void configureConfirmedEmail(GreenMail smtp, String company, String eventType, String... recipients)
            throws Exception {
        putEmailSetting(company, eventType, recipients);
        for (String recipient : recipients) {
            await().atMost(DEADLINE).until(() -> confirmationsTo(smtp, recipient).size() == 1);
            given().contentType(ContentType.JSON)
                    .body(Map.of("token", tokenIn(part(confirmationsTo(smtp, recipient).get(0), "text/plain"))))
                    .post(CONFIRMATIONS).then().statusCode(200);
        }
    }

    private static String tokenIn(String text) {
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("token=(erc_[A-Za-z0-9_-]+)").matcher(text);
        assertThat(token.find()).as("a confirmation link in %s", text).isTrue();
        return token.group(1);
    }

    @Test
    void anInvitationIsMailedOnceToTheInviteeAlone() throws Exception {
        String company = NotificationSettingsApiTest.newCompany();
        String invitee = "new.person." + company + "@loja.example";
        GreenMail smtp = smtp();
        try {
            SendInvitation invitation = invitation(company, Ids.next("usr"), invitee, "Loja\r\nBcc: x@evil.example",
                    "<b>Bia</b>", InvitationReason.INVITED, Instant.now().plus(Duration.ofDays(7)));
            events.sendCommand(invitation);
            events.sendCommand(invitation); // redelivered: mailed once
            await().atMost(DEADLINE).until(() -> received(smtp, invitee).size() == 1);
            MimeMessage mail = received(smtp, invitee).get(0);
            assertThat(mail.getSubject()).isEqualTo("[Troco] You are invited to Loja Bcc: x@evil.example");
            assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                    .containsExactly(invitee);
            assertThat(mail.getRecipients(Message.RecipientType.BCC)).isNull();
            String text = part(mail, "text/plain");
            assertThat(text).contains("Hello <b>Bia</b>", "with the role VIEW", invitation.getInvitationToken(),
                    "POST http://127.0.0.1:", "/v1/auth/activate",
                    "{\"invitationToken\": \"" + invitation.getInvitationToken() + "\"");
            String html = part(mail, "text/html");
            assertThat(html).contains("&lt;b&gt;Bia&lt;/b&gt;", invitation.getInvitationToken()).doesNotContain("<b>Bia");
            // nothing more arrives: the count holds at one for a whole second
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> received(smtp, invitee).size() == 1);
            assertThat(new TestDatabase(dataSource).count("SELECT count(*) FROM email_job WHERE company_id = ?"
                    + " AND dedup_key LIKE 'invite:%'", company)).isEqualTo(1);
        } finally {
            smtp.stop();
        }
    }

    @Test
    void anInvitationThatExpiredBeforeItCouldBeMailedIsDroppedAndAResetIsSaidSo() throws Exception {
        String company = NotificationSettingsApiTest.newCompany();
        String user = Ids.next("usr");
        String invitee = "late." + company + "@loja.example";
        GreenMail smtp = smtp();
        try {
            // one user's commands share a partition: the expired one is handled before the reset that follows it
            events.sendCommand(invitation(company, user, invitee, "Loja", "Caio", InvitationReason.INVITED,
                    Instant.now().minusSeconds(1)));
            SendInvitation reset = invitation(company, user, invitee, "Loja", "Caio",
                    InvitationReason.SECOND_FACTOR_RESET, Instant.now().plus(Duration.ofDays(7)));
            events.sendCommand(reset);
            await().atMost(DEADLINE).until(() -> received(smtp, invitee).size() == 1);
            MimeMessage mail = received(smtp, invitee).get(0);
            assertThat(mail.getSubject()).isEqualTo("[Troco] Set up your sign-in for Loja again");
            assertThat(part(mail, "text/plain")).contains("reset your second factor", reset.getInvitationToken());
            // nothing more arrives: the count holds at one for a whole second
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> received(smtp, invitee).size() == 1);
        } finally {
            smtp.stop();
        }
    }

    private static SendInvitation invitation(String company, String userId, String email, String companyName,
            String name, InvitationReason reason, Instant expiresAt) {
        return SendInvitation.newBuilder()
                .setMeta(CommandMetadata.newBuilder()
                        .setCommandId(Ids.uuid7())
                        .setIssuedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                        .setMerchantId(company)
                        .setEnvironment(dev.troco.events.common.Environment.PRODUCTION)
                        .setAggregateId(userId)
                        .setActor("usr_moderator")
                        .build())
                .setEmail(email)
                .setName(name)
                .setCompanyName(companyName)
                .setRole("VIEW")
                .setReason(reason)
                .setInvitationToken("inv_" + UUID.randomUUID())
                .setExpiresAt(expiresAt.truncatedTo(ChronoUnit.MICROS))
                .build();
    }

    private GreenMail smtp() {
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp;
    }

    private static void putEmailSetting(String company, String eventType, String... recipients) {
        given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body(Map.of("channels", List.of("webhook", "email"), "emailRecipients", List.of(recipients)))
                .put("/internal/v1/companies/{companyId}/notification-settings/{type}", company, eventType)
                .then().statusCode(200);
    }

    /** The mails {@code address} received, confirmation requests left out. */
    private static List<MimeMessage> to(GreenMail smtp, String address) {
        return received(smtp, address).stream().filter(m -> !isConfirmationRequest(m)).toList();
    }

    /** The confirmation requests {@code address} received. */
    private static List<MimeMessage> confirmationsTo(GreenMail smtp, String address) {
        return received(smtp, address).stream().filter(EmailNotificationFlowTest::isConfirmationRequest).toList();
    }

    private static boolean isConfirmationRequest(MimeMessage mail) {
        try {
            return mail.getSubject().startsWith("[Troco] Confirm that you want notifications");
        } catch (jakarta.mail.MessagingException e) {
            return false;
        }
    }

    private static List<MimeMessage> received(GreenMail smtp, String address) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    /** The body of the given type: a multipart/alternative mail carries both. */
    private static String part(MimeMessage mail, String type) throws Exception {
        Object content = mail.getContent();
        if (content instanceof String text) {
            return mail.isMimeType(type) ? text : "";
        }
        return find((MimeMultipart) content, type);
    }

    private static String find(MimeMultipart multipart, String type) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                return part.getContent().toString();
            }
            if (part.getContent() instanceof MimeMultipart nested) {
                String found = find(nested, type);
                if (!found.isEmpty()) {
                    return found;
                }
            }
        }
        return "";
    }
}
