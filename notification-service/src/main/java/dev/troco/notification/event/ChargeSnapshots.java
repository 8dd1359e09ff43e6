package dev.troco.notification.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.notification.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The {@code charge_snapshot} table: one {@link ChargeSnapshot} per charge, locked while an event is folded in. */
@ApplicationScoped
public class ChargeSnapshots {

    private static final String UPSERT = """
            INSERT INTO charge_snapshot (charge_id, company_id, environment, version, callback_url, snapshot)
            VALUES (?, ?, ?, ?, ?, ?::jsonb)
            ON CONFLICT (charge_id) DO UPDATE SET version = excluded.version,
                callback_url = excluded.callback_url, snapshot = excluded.snapshot""";

    private final Sql sql;
    private final ObjectMapper json;

    ChargeSnapshots(Sql sql, ObjectMapper json) {
        this.sql = sql;
        this.json = json;
    }

    /** The snapshot, locked until the transaction ends. */
    public Optional<ChargeSnapshot> findForUpdate(String chargeId) {
        return sql.queryOne("SELECT snapshot FROM charge_snapshot WHERE charge_id = ? FOR UPDATE",
                s -> s.setString(1, chargeId), row -> read(row.getString("snapshot")));
    }

    public void save(ChargeSnapshot snapshot) {
        String text = write(snapshot);
        sql.update(UPSERT, s -> {
            s.setString(1, snapshot.id);
            s.setString(2, snapshot.companyId);
            s.setString(3, snapshot.environment.name());
            s.setLong(4, snapshot.version);
            s.setString(5, snapshot.callbackUrl);
            s.setString(6, text);
        });
    }

    private ChargeSnapshot read(String text) {
        try {
            return json.readValue(text, ChargeSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable charge snapshot", e);
        }
    }

    private String write(ChargeSnapshot snapshot) {
        try {
            return json.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a charge snapshot", e);
        }
    }
}
