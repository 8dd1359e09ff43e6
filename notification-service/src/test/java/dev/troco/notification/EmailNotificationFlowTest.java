package dev.troco.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.troco.events.charge.ChargePaid;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * E-mail over a real SMTP server in the test JVM (GreenMail): a charge event on the real broker
 * becomes one mail per recipient the settings name, with readable text and HTML; SMTP being down
 * delays mail without losing or doubling it; a disabled endpoint is told to the company's Moderators.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "notification_channels"))
@WithTestResource(value = ChannelsTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class EmailNotificationFlowTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);
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
        configureEmail(company, "charge.paid", finance, ops);
        GreenMail smtp = smtp();
        try {
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
            assertThat(new TestDatabase(dataSource).count(
                    "SELECT count(*) FROM email_job WHERE company_id = ? AND status = 'SENT'", company)).isEqualTo(2);
        } finally {
            smtp.stop();
        }
    }

    @Test
    void mailQueuedWhileSmtpIsDownArrivesOnceWhenItComesBack() throws Exception {
        String company = NotificationSettingsApiTest.newCompany();
        String finance = "finance." + company + "@loja.example";
        configureEmail(company, "charge.created", finance);
        TestDatabase database = new TestDatabase(dataSource);

        events.send(EventSender.created(company, Ids.next("chg"), null));

        // Nothing listens on the SMTP port: attempts fail and the job waits for the next one.
        await().atMost(DEADLINE).until(() -> database.count("SELECT count(*) FROM email_job WHERE company_id = ?"
                + " AND status = 'PENDING' AND attempts >= 2 AND last_error IS NOT NULL", company) == 1);
        GreenMail smtp = smtp();
        try {
            await().atMost(DEADLINE).until(() -> to(smtp, finance).size() == 1);
            await().atMost(DEADLINE).until(() -> database.count("SELECT count(*) FROM email_job WHERE company_id = ?"
                    + " AND status = 'SENT'", company) == 1);
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

    private GreenMail smtp() {
        GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp;
    }

    private static void configureEmail(String company, String eventType, String... recipients) {
        given().contentType(ContentType.JSON).queryParam("environment", "SANDBOX")
                .body(Map.of("channels", List.of("webhook", "email"), "emailRecipients", List.of(recipients)))
                .put("/internal/v1/companies/{companyId}/notification-settings/{type}", company, eventType)
                .then().statusCode(200);
    }

    private static List<MimeMessage> to(GreenMail smtp, String address) {
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
