package dev.troco.kit.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.troco.testing.KafkaTestResource;
import dev.troco.testing.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true)
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES, parallel = true,
        initArgs = @ResourceArg(name = "database", value = "kit"))
class InboxPruningTest {

    @Inject
    DataSource dataSource;

    @Inject
    InboxConsumers consumers;

    @Test
    void idsOlderThanTheRetentionAreForgottenAndRecentOnesKept() throws SQLException {
        Instant now = Instant.now();
        insert("old-1", now.minus(15, ChronoUnit.DAYS));
        insert("old-2", now.minus(30, ChronoUnit.DAYS));
        insert("recent", now.minus(13, ChronoUnit.DAYS));

        consumers.prune();

        assertThat(exists("old-1")).isFalse();
        assertThat(exists("old-2")).isFalse();
        assertThat(exists("recent")).isTrue();
    }

    private void insert(String messageId, Instant handledAt) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("""
                        INSERT INTO inbox_message (consumer, message_id, topic, kafka_partition, kafka_offset, handled_at)
                        VALUES ('pruning-test', ?, 't', 0, 0, ?)""")) {
            insert.setString(1, messageId);
            insert.setTimestamp(2, Timestamp.from(handledAt));
            insert.executeUpdate();
        }
    }

    private boolean exists(String messageId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement query = c.prepareStatement(
                        "SELECT 1 FROM inbox_message WHERE consumer = 'pruning-test' AND message_id = ?")) {
            query.setString(1, messageId);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        }
    }
}
