package dev.troco.gateway.idempotency;

import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Idempotency-Key records (IETF draft-ietf-httpapi-idempotency-key-header), per company and
 * environment. The first request with a key claims it and fixes the id of what it creates; the
 * same key with the same request is answered with the first answer (status and body); with another
 * request, 422; while the first is still running, 409. A claimant that died leaves a lock that
 * expires, and the next retry takes over with the same resource id, so a retry can never create a
 * second resource.
 */
@ApplicationScoped
public class IdempotencyStore {

    /** How long keys are kept: at least the 24 hours merchants are promised. */
    public static final Duration RETENTION = Duration.ofHours(48);
    /** How long a claimant may run before a retry may take over. */
    private static final Duration LOCK = Duration.ofSeconds(30);

    private static final String CLAIM = """
            INSERT INTO idempotency_record (company_id, environment, idempotency_key, request_hash, resource_id, state,
                                            locked_until, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, 'IN_PROGRESS', ?, ?, ?)
            ON CONFLICT DO NOTHING""";
    private static final String EXISTING = """
            SELECT request_hash, resource_id, state, locked_until, response_status, response_body
            FROM idempotency_record WHERE company_id = ? AND environment = ? AND idempotency_key = ? FOR UPDATE""";
    private static final String TAKE_OVER = """
            UPDATE idempotency_record SET locked_until = ?
            WHERE company_id = ? AND environment = ? AND idempotency_key = ?""";
    private static final String COMPLETE = """
            UPDATE idempotency_record SET state = 'DONE', response_status = ?, response_body = ?
            WHERE company_id = ? AND environment = ? AND idempotency_key = ?""";
    private static final String RELEASE = """
            UPDATE idempotency_record SET locked_until = ?
            WHERE company_id = ? AND environment = ? AND idempotency_key = ? AND state = 'IN_PROGRESS'""";

    private final DataSource dataSource;
    private final Clock clock;

    IdempotencyStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    public record Scope(String companyId, String environment, String key) {
    }

    /** What the caller does next: carry out the request (creating {@code resourceId}) or replay an answer. */
    public sealed interface Claim permits Proceed, Replay {
    }

    public record Proceed(String resourceId) implements Claim {
    }

    public record Replay(int status, String body, String resourceId) implements Claim {
    }

    public Claim claim(Scope scope, String requestHash, String proposedResourceId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            try (Connection connection = dataSource.getConnection()) {
                try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                    claim.setString(1, scope.companyId());
                    claim.setString(2, scope.environment());
                    claim.setString(3, scope.key());
                    claim.setString(4, requestHash);
                    claim.setString(5, proposedResourceId);
                    claim.setTimestamp(6, Timestamp.from(now.plus(LOCK)));
                    claim.setTimestamp(7, Timestamp.from(now));
                    claim.setTimestamp(8, Timestamp.from(now.plus(RETENTION)));
                    if (claim.executeUpdate() == 1) {
                        return new Proceed(proposedResourceId);
                    }
                }
                try (PreparedStatement existing = connection.prepareStatement(EXISTING)) {
                    bind(existing, scope, 1);
                    try (ResultSet row = existing.executeQuery()) {
                        row.next();
                        if (!row.getString(1).equals(requestHash)) {
                            throw new ApiException(ProblemCode.IDEMPOTENCY_KEY_REUSED,
                                    "Idempotency-Key '" + scope.key() + "' was first used with a different request");
                        }
                        String resourceId = row.getString(2);
                        if ("DONE".equals(row.getString(3))) {
                            return new Replay(row.getInt(5), row.getString(6), resourceId);
                        }
                        if (row.getTimestamp(4).toInstant().isAfter(now)) {
                            throw new ApiException(ProblemCode.IDEMPOTENCY_KEY_IN_USE,
                                    "A request with Idempotency-Key '" + scope.key()
                                            + "' is still being processed; retry in a moment");
                        }
                        try (PreparedStatement takeOver = connection.prepareStatement(TAKE_OVER)) {
                            takeOver.setTimestamp(1, Timestamp.from(now.plus(LOCK)));
                            bind(takeOver, scope, 2);
                            takeOver.executeUpdate();
                        }
                        return new Proceed(resourceId);
                    }
                }
            }
        });
    }

    /** Stores the answer that later requests with the key replay. */
    public void complete(Scope scope, int status, String body) {
        update(COMPLETE, scope, statement -> {
            statement.setInt(1, status);
            statement.setString(2, body);
            return 3;
        });
    }

    /** The request failed on our side: a retry may proceed at once (with the same resource id). */
    public void release(Scope scope) {
        update(RELEASE, scope, statement -> {
            statement.setTimestamp(1, Timestamp.from(clock.instant()));
            return 2;
        });
    }

    /** The record of a key, for a merchant asking what became of a request that timed out. */
    public Optional<Replay> lookup(Scope scope) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT response_status, response_body, resource_id FROM idempotency_record "
                                + "WHERE company_id = ? AND environment = ? AND idempotency_key = ?")) {
            bind(query, scope, 1);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                int status = row.getInt(1);
                return Optional.of(new Replay(row.wasNull() ? 0 : status, row.getString(2), row.getString(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read idempotency records", e);
        }
    }

    /** Forgets expired keys. */
    public int prune() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM idempotency_record WHERE expires_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(clock.instant()));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prune idempotency records", e);
        }
    }

    private interface Binder {
        int bind(PreparedStatement statement) throws SQLException;
    }

    private void update(String sql, Scope scope, Binder binder) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int next = binder.bind(statement);
            bind(statement, scope, next);
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update an idempotency record", e);
        }
    }

    private static void bind(PreparedStatement statement, Scope scope, int from) throws SQLException {
        statement.setString(from, scope.companyId());
        statement.setString(from + 1, scope.environment());
        statement.setString(from + 2, scope.key());
    }
}
