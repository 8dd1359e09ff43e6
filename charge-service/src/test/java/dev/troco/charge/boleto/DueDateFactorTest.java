package dev.troco.charge.boleto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DueDateFactorTest {

    @Test
    void theCountReached9999On2025_02_21AndRestartedAt1000TheNextDay() {
        assertThat(DueDateFactor.of(LocalDate.of(2025, 2, 21))).isEqualTo(9999);
        assertThat(DueDateFactor.of(LocalDate.of(2025, 2, 22))).isEqualTo(1000);
        assertThat(DueDateFactor.of(LocalDate.of(2025, 2, 23))).isEqualTo(1001);
    }

    @Test
    void datesBeforeTheRestartAreDaysSinceTheBaseDate() {
        assertThat(DueDateFactor.of(LocalDate.of(2000, 7, 3))).isEqualTo(1000);
        // the Safra boleto published with Boleto-Validator-PHP: factor 6861, due 2016-07-20
        assertThat(DueDateFactor.of(LocalDate.of(2016, 7, 20))).isEqualTo(6861);
        assertThat(DueDateFactor.of(LocalDate.of(2025, 2, 20))).isEqualTo(9998);
    }

    @Test
    void theCycleRepeatsEvery9000Days() {
        LocalDate secondRestart = LocalDate.of(2025, 2, 22).plusDays(9000);
        assertThat(DueDateFactor.of(secondRestart.minusDays(1))).isEqualTo(9999);
        assertThat(DueDateFactor.of(secondRestart)).isEqualTo(1000);
    }

    @Test
    void datesBeforeFactor1000AreRefused() {
        assertThatThrownBy(() -> DueDateFactor.of(LocalDate.of(2000, 7, 2))).hasMessageContaining("before 2000-07-03");
    }

    @Test
    void readingBackPicksTheCycleClosestToTheReference() {
        LocalDate today = LocalDate.of(2026, 11, 22);
        assertThat(DueDateFactor.dueDate(1000, today)).hasValue(LocalDate.of(2025, 2, 22));
        assertThat(DueDateFactor.dueDate(9999, today)).hasValue(LocalDate.of(2025, 2, 21));
        assertThat(DueDateFactor.dueDate(6861, today)).hasValue(LocalDate.of(2016, 7, 20));
        assertThat(DueDateFactor.dueDate(6861, LocalDate.of(2016, 7, 1))).hasValue(LocalDate.of(2016, 7, 20));
        assertThat(DueDateFactor.dueDate(1000, LocalDate.of(2001, 1, 1))).hasValue(LocalDate.of(2000, 7, 3));
        assertThat(DueDateFactor.dueDate(0, today)).isEmpty();
    }

    @Test
    void everyDateOfTwoCyclesReadsBackNearItsIssue() {
        for (LocalDate date = DueDateFactor.FIRST_DATE; date.isBefore(LocalDate.of(2049, 1, 1)); date = date.plusDays(1)) {
            // a boleto is read within months of its due date
            assertThat(DueDateFactor.dueDate(DueDateFactor.of(date), date.minusDays(400))).hasValue(date);
            assertThat(DueDateFactor.dueDate(DueDateFactor.of(date), date.plusDays(400))).hasValue(date);
        }
    }
}
