package dev.troco.charge.boleto;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The four-digit due date of a boleto: days since 1997-10-07, the FEBRABAN base date. Four digits
 * ran out on 2025-02-21 (factor 9999), so FEBRABAN restarted the count at 1000 on 2025-02-22 and
 * will again every 9000 days. A factor therefore names one date in each 9000-day cycle (about 24.6
 * years), and reading it back needs a reference date to pick the cycle.
 */
public final class DueDateFactor {

    /** FEBRABAN's day zero. */
    public static final LocalDate BASE_DATE = LocalDate.of(1997, 10, 7);
    /** Factor 1000, the lowest of every cycle: the first due date this class writes. */
    public static final LocalDate FIRST_DATE = LocalDate.of(2000, 7, 3);
    /** Factor 0: a boleto without due date (some banks' "contra-apresentação"). */
    public static final int NONE = 0;
    static final int FACTOR_MIN = 1000;
    static final int FACTOR_MAX = 9999;
    static final int CYCLE_DAYS = FACTOR_MAX - FACTOR_MIN + 1;

    private DueDateFactor() {
    }

    /**
     * The factor of {@code dueDate}: days since the base date, brought into 1000-9999, which gives
     * 9999 on 2025-02-21 and 1000 on 2025-02-22.
     *
     * @throws IllegalArgumentException for a date before {@link #FIRST_DATE}, whose factor would
     *         have fewer than four significant digits and name no date of the restarted count
     */
    public static int of(LocalDate dueDate) {
        if (dueDate.isBefore(FIRST_DATE)) {
            throw new IllegalArgumentException("due date " + dueDate + " is before " + FIRST_DATE + ", factor 1000");
        }
        long days = ChronoUnit.DAYS.between(BASE_DATE, dueDate);
        return (int) ((days - FACTOR_MIN) % CYCLE_DAYS) + FACTOR_MIN;
    }

    /**
     * The date {@code factor} names in the cycle closest to {@code reference} (usually today):
     * a boleto is read within years of its due date, never a cycle away. Factor 0 names no date.
     * Factors 1 to 999 are read as the pre-2000 count they were.
     */
    public static Optional<LocalDate> dueDate(int factor, LocalDate reference) {
        if (factor < 0 || factor > FACTOR_MAX) {
            throw new IllegalArgumentException("due date factor must be 0 to 9999, was " + factor);
        }
        if (factor == NONE) {
            return Optional.empty();
        }
        if (factor < FACTOR_MIN) {
            return Optional.of(BASE_DATE.plusDays(factor));
        }
        LocalDate firstCycle = FIRST_DATE.plusDays(factor - FACTOR_MIN);
        long cycles = Math.round((double) ChronoUnit.DAYS.between(firstCycle, reference) / CYCLE_DAYS);
        return Optional.of(firstCycle.plusDays(Math.max(0, cycles) * CYCLE_DAYS));
    }
}
