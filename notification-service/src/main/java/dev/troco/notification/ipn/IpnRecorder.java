package dev.troco.notification.ipn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.troco.events.charge.ChargeChargebackInitiated;
import dev.troco.events.charge.ChargeChargebackResolved;
import dev.troco.events.charge.ChargeCreated;
import dev.troco.events.charge.ChargePaid;
import dev.troco.events.charge.ChargebackResolution;
import dev.troco.events.common.EventMetadata;
import dev.troco.events.common.HostedCheckout;
import dev.troco.kit.id.Ids;
import dev.troco.kit.inbox.IncomingMessage;
import dev.troco.kit.inbox.MessageHandler;
import dev.troco.notification.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.jboss.logging.Logger;

/**
 * Turns charge events into seed 003's IPNs, in the transaction the inbox opened for the event:
 * ChargeCreated of a hosted-checkout charge remembers where its IPNs go; ChargePaid makes a
 * {@code checkout} IPN, and chargebacks make {@code chargeback_initiated} and
 * {@code chargeback_resolved} ones. Events of charges made by the API are not IPN business.
 */
@ApplicationScoped
public class IpnRecorder implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(IpnRecorder.class);
    /** Seed 003 writes its data timestamps as "2021-04-05 00:00:00"; Troco's are UTC. */
    static final DateTimeFormatter SEED_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final String CHARGEBACK_MESSAGE = "Chargeback initiated on this transaction";

    /** Its own writer: amounts are BigDecimal and must keep their scale whatever the application's mapper is tuned to. */
    private static final ObjectMapper DATA_WRITER = new ObjectMapper();

    private final Sql sql;
    private final IpnDispatcher dispatcher;
    private final Clock clock;

    IpnRecorder(Sql sql, IpnDispatcher dispatcher, Clock clock) {
        this.sql = sql;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** A checkout charge as ChargeCreated told it. */
    record Checkout(String chargeId, String companyId, String environment, String sessionId, String currency,
            Long chargebackAmountCents, Instant createdAt) {
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void handle(IncomingMessage message) {
        SpecificRecord payload = message.payload();
        if (payload instanceof ChargeCreated created) {
            if (created.getCheckout() != null) {
                remember(created);
            }
            return;
        }
        if (!(payload instanceof ChargePaid) && !(payload instanceof ChargeChargebackInitiated)
                && !(payload instanceof ChargeChargebackResolved)) {
            return;
        }
        EventMetadata meta = (EventMetadata) ((org.apache.avro.specific.SpecificRecordBase) payload).get("meta");
        Optional<Checkout> checkout = checkout(meta.getAggregateId());
        if (checkout.isEmpty()) {
            return; // not a hosted-checkout charge
        }
        Checkout c = checkout.get();
        Map<String, Object> data = new LinkedHashMap<>(); // BigDecimal amounts keep their scale (100.00)
        String type;
        if (payload instanceof ChargePaid paid) {
            type = "checkout";
            data.put("trx", c.sessionId());
            data.put("amount", major(paid.getPaidAmountCents(), c.currency()));
            data.put("currency", c.currency());
            data.put("type", type);
            data.put("timestamp", SEED_TIME.format(paid.getPaidAt()));
        } else if (payload instanceof ChargeChargebackInitiated initiated) {
            type = "chargeback_initiated";
            sql.update("UPDATE ipn_checkout SET chargeback_amount_cents = ? WHERE charge_id = ?", s -> {
                s.setLong(1, initiated.getAmountCents());
                s.setString(2, c.chargeId());
            });
            data.put("trx", c.sessionId());
            data.put("amount", major(initiated.getAmountCents(), c.currency()));
            data.put("type", type);
            data.put("initiated_at", SEED_TIME.format(meta.getOccurredAt()));
            data.put("message", CHARGEBACK_MESSAGE);
            data.put("timestamp", SEED_TIME.format(c.createdAt()));
            data.put("currency", c.currency());
        } else {
            ChargeChargebackResolved resolved = (ChargeChargebackResolved) payload;
            type = "chargeback_resolved";
            data.put("trx", c.sessionId());
            data.put("amount", c.chargebackAmountCents() == null ? null : major(c.chargebackAmountCents(), c.currency()));
            data.put("type", type);
            data.put("in_favor_of", resolved.getResolution() == ChargebackResolution.IN_FAVOR_OF_MERCHANT
                    ? "merchant" : "client");
            data.put("timestamp", SEED_TIME.format(meta.getOccurredAt()));
            data.put("currency", c.currency());
        }
        int inserted = sql.update("""
                INSERT INTO ipn_delivery (id, event_id, charge_id, type, data, status, attempts, next_attempt_at, created_at,
                                          company_id, environment)
                VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?)
                ON CONFLICT (event_id) DO NOTHING""", s -> {
                    s.setString(1, Ids.next("ipn"));
                    s.setObject(2, meta.getEventId());
                    s.setString(3, c.chargeId());
                    s.setString(4, type);
                    s.setString(5, write(data));
                    Sql.setInstant(s, 6, clock.instant());
                    Sql.setInstant(s, 7, clock.instant());
                    s.setString(8, c.companyId());
                    s.setString(9, c.environment());
                });
        if (inserted == 1) {
            LOG.infof("IPN %s planned for charge %s (checkout %s)", type, c.chargeId(), c.sessionId());
            dispatcher.wakeAfterCommit();
        }
    }

    private void remember(ChargeCreated created) {
        HostedCheckout checkout = created.getCheckout();
        EventMetadata meta = created.getMeta();
        sql.update("""
                INSERT INTO ipn_checkout (charge_id, company_id, environment, session_id, identifier, ipn_url, currency,
                    created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (charge_id) DO NOTHING""", s -> {
                    s.setString(1, meta.getAggregateId());
                    s.setString(2, meta.getMerchantId());
                    s.setString(3, meta.getEnvironment().name());
                    s.setString(4, checkout.getSessionId());
                    s.setString(5, checkout.getIdentifier());
                    s.setString(6, checkout.getIpnUrl());
                    s.setString(7, created.getCurrency());
                    Sql.setInstant(s, 8, meta.getOccurredAt());
                });
    }

    private Optional<Checkout> checkout(String chargeId) {
        return sql.queryOne("""
                SELECT charge_id, company_id, environment, session_id, currency, chargeback_amount_cents, created_at
                FROM ipn_checkout WHERE charge_id = ?""", s -> s.setString(1, chargeId),
                row -> new Checkout(row.getString("charge_id"), row.getString("company_id"),
                        row.getString("environment"), row.getString("session_id"), row.getString("currency"),
                        (Long) row.getObject("chargeback_amount_cents"), Sql.getInstant(row, "created_at")));
    }

    /** Minor units as seed 003's amount: a number in major units with the currency's decimals (100.00). */
    static BigDecimal major(long minorUnits, String currency) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(minorUnits, digits);
    }

    private String write(Map<String, Object> data) {
        try {
            return DATA_WRITER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write IPN data", e);
        }
    }
}
