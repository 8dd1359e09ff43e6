package dev.troco.charge.service;

import dev.troco.charge.config.ChargeSettings;
import dev.troco.charge.domain.CompanyFeeRate;
import dev.troco.charge.fee.ProcessingFeeRate;
import dev.troco.kit.problem.ApiException;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Each company's processing fee rate: the newest row of its history in {@code company_fee_rate},
 * or the configured default when the operator never set one. Read from the database at every
 * charge creation (one indexed query), so every replica sees a change at once; a charge keeps the
 * fee and rate it was created with.
 */
@ApplicationScoped
public class ProcessingFeeRates {

    /** Four decimals of percent are the six decimals of fraction that {@link ProcessingFeeRate} allows. */
    public static final int PERCENT_DECIMALS_MAX = ProcessingFeeRate.SCALE_MAX - 2;
    /** How many changes a read shows, newest first; rates change a few times a year. */
    public static final int HISTORY_MAX = 100;

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,20}(\\.[0-9]{1,20})?");
    private static final Sort NEWEST_FIRST = Sort.descending("effectiveAt", "id");

    private final ChargeSettings settings;
    private final EntityManager entityManager;
    private final Clock clock;

    ProcessingFeeRates(ChargeSettings settings, EntityManager entityManager, Clock clock) {
        this.settings = settings;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** One change of a company's rate. */
    public record Change(String ratePercent, Instant effectiveAt, String setBy, String reason) {
    }

    /**
     * A company's rate as the operator reads it.
     *
     * @param ratePercent the current rate in percent, e.g. {@code "1.99"}
     * @param defaultRate true when the company has no rate of its own and pays the configured default
     * @param since       when the current rate took effect; null for the default
     * @param history     the changes, newest first, at most {@value #HISTORY_MAX}
     */
    public record State(String companyId, String ratePercent, boolean defaultRate, Instant since,
            List<Change> history) {
    }

    /** The rate a charge created now for the company is charged at. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ProcessingFeeRate current(String companyId) {
        CompanyFeeRate newest = newest(companyId);
        return newest == null ? defaultRate() : ProcessingFeeRate.percent(newest.ratePercent.toPlainString());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public State state(String companyId) {
        List<CompanyFeeRate> rows = CompanyFeeRate.<CompanyFeeRate>find("companyId", NEWEST_FIRST, companyId)
                .page(Page.ofSize(HISTORY_MAX)).list();
        List<Change> history = rows.stream()
                .map(r -> new Change(text(r.ratePercent), r.effectiveAt, r.setBy, r.reason)).toList();
        if (rows.isEmpty()) {
            return new State(companyId, text(defaultRate().percent()), true, null, history);
        }
        return new State(companyId, history.get(0).ratePercent(), false, rows.get(0).effectiveAt, history);
    }

    /**
     * Sets the company's rate from now on. Setting the rate it already has changes nothing and
     * answers the current state, so that a retried request adds no second row.
     *
     * @throws ApiException naming {@code ratePercent} when it is not a decimal from 0 to below 100
     *         with at most {@value #PERCENT_DECIMALS_MAX} decimals
     */
    @Transactional
    public State set(String companyId, String ratePercent, String reason, String setBy) {
        BigDecimal percent = parsePercent(ratePercent);
        // one change at a time per company, so that two equal retries cannot both append
        entityManager.createNativeQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext('company_fee_rate:' || ?1))")
                .setParameter(1, companyId).getSingleResult();
        CompanyFeeRate newest = newest(companyId);
        if (newest == null || newest.ratePercent.compareTo(percent) != 0) {
            // PostgreSQL keeps microseconds: the answer shows the time as every later read will
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            CompanyFeeRate change = new CompanyFeeRate();
            change.companyId = companyId;
            change.ratePercent = percent;
            change.effectiveAt = now;
            change.setBy = setBy;
            change.reason = reason;
            change.createdAt = now;
            change.persist();
            entityManager.flush();
        }
        return state(companyId);
    }

    /** A percentage as the API takes it: plain decimal text ("1.99"), 0 to below 100, at most 4 decimals. */
    static BigDecimal parsePercent(String text) {
        if (text == null || !DECIMAL.matcher(text.strip()).matches()) {
            throw ApiException.invalidField("ratePercent", "not_a_decimal",
                    "must be a percentage as decimal text, e.g. \"1.99\" for 1.99%");
        }
        BigDecimal percent = new BigDecimal(text.strip());
        if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) >= 0) {
            throw ApiException.invalidField("ratePercent", "out_of_range", "must be at least 0 and below 100");
        }
        percent = percent.stripTrailingZeros();
        if (percent.scale() > PERCENT_DECIMALS_MAX) {
            throw ApiException.invalidField("ratePercent", "too_many_decimals",
                    "must have at most " + PERCENT_DECIMALS_MAX + " decimals");
        }
        return percent.scale() < 0 ? percent.setScale(0) : percent;
    }

    private CompanyFeeRate newest(String companyId) {
        return CompanyFeeRate.<CompanyFeeRate>find("companyId", NEWEST_FIRST, companyId).firstResult();
    }

    private ProcessingFeeRate defaultRate() {
        return ProcessingFeeRate.percent(settings.fees().defaultRatePercent());
    }

    private static String text(BigDecimal percent) {
        BigDecimal stripped = percent.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
