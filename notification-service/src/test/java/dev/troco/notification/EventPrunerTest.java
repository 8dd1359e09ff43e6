package dev.troco.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.troco.kit.id.Ids;
import dev.troco.notification.retention.EventPruner;
import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Events older than 30 days go, with their deliveries and attempts, in batches; younger ones stay. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "notification_channels"))
@WithTestResource(value = ChannelsTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class EventPrunerTest {

    @Inject
    DataSource dataSource;

    @Inject
    EventPruner pruner;

    @Test
    void eventsOlderThan30DaysArePrunedInBatchesWithTheirDeliveries() throws SQLException {
        String company = NotificationSettingsApiTest.newCompany();
        Instant now = Instant.now();
        // More old events than one batch (troco.notification.retention.batch-size=3 in this test profile).
        List<UUID> old = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            old.add(insertEvent(company, now.minus(Duration.ofDays(31)).minusSeconds(i)));
        }
        UUID recent = insertEvent(company, now.minus(Duration.ofDays(29)));
        insertDelivery(old.get(0));
        insertDelivery(recent);
        TestDatabase database = new TestDatabase(dataSource);

        assertThat(pruner.prune()).isGreaterThanOrEqualTo(7);

        assertThat(database.count("SELECT count(*) FROM event WHERE company_id = ?", company)).isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM event WHERE id = ?", recent)).isEqualTo(1);
        assertThat(database.count("SELECT count(*) FROM webhook_delivery WHERE event_id = ?", old.get(0))).isZero();
        assertThat(database.count("SELECT count(*) FROM webhook_delivery WHERE event_id = ?", recent)).isEqualTo(1);
        assertThat(pruner.prune()).isZero();
    }

    private UUID insertEvent(String company, Instant occurredAt) throws SQLException {
        UUID id = Ids.uuid7();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO event (id, type, company_id, environment, aggregate_type, aggregate_id,
                            aggregate_version, occurred_at, received_at, data)
                        VALUES (?, 'charge.created', ?, 'SANDBOX', 'charge', ?, 1, ?, ?, '{}'::json)""")) {
            insert.setObject(1, id);
            insert.setString(2, company);
            insert.setString(3, Ids.next("chg"));
            insert.setObject(4, occurredAt.atOffset(ZoneOffset.UTC));
            insert.setObject(5, occurredAt.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        }
        return id;
    }

    private void insertDelivery(UUID eventId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO webhook_delivery (id, event_id, callback_url, concurrency_key, message_id, status,
                            attempt_count, failures_in_row, created_at, company_id, environment)
                        SELECT ?, e.id, 'https://merchant.example/hook', 'callback:merchant.example', ?, 'DELIVERED',
                               1, 0, now(), e.company_id, e.environment
                          FROM event e WHERE e.id = ?""")) {
            insert.setString(1, Ids.next("whd"));
            insert.setString(2, Ids.format("evt", eventId));
            insert.setObject(3, eventId);
            insert.executeUpdate();
        }
    }
}
