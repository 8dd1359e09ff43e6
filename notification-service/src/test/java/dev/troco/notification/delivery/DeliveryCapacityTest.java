package dev.troco.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryCapacityTest {

    @Test
    void aTargetTakesAtMostItsShareAndOthersKeepTheirs() {
        DeliveryCapacity capacity = new DeliveryCapacity(4, 4, 2);

        assertThat(capacity.tryReserve("cmp_a", "slow")).isTrue();
        assertThat(capacity.tryReserve("cmp_a", "slow")).isTrue();
        assertThat(capacity.tryReserve("cmp_a", "slow")).isFalse();
        assertThat(capacity.saturatedTargets()).containsExactly("slow");
        assertThat(capacity.tryReserve("cmp_a", "fast")).isTrue();
        assertThat(capacity.free()).isEqualTo(1);
    }

    @Test
    void aCompanyWithManySlowTargetsTakesAtMostItsShareAndOtherCompaniesKeepTheRest() {
        DeliveryCapacity capacity = new DeliveryCapacity(6, 3, 2);

        assertThat(capacity.tryReserve("cmp_flood", "tarpit-1")).isTrue();
        assertThat(capacity.tryReserve("cmp_flood", "tarpit-2")).isTrue();
        assertThat(capacity.tryReserve("cmp_flood", "tarpit-3")).isTrue();
        assertThat(capacity.tryReserve("cmp_flood", "tarpit-4")).isFalse();
        assertThat(capacity.saturatedCompanies()).containsExactly("cmp_flood");
        assertThat(capacity.tryReserve("cmp_other", "merchant")).isTrue();
        assertThat(capacity.free()).isEqualTo(2);

        capacity.release("cmp_flood", "tarpit-1");
        assertThat(capacity.saturatedCompanies()).isEmpty();
        assertThat(capacity.tryReserve("cmp_flood", "tarpit-4")).isTrue();
    }

    @Test
    void theTotalBoundsEveryTargetTogether() {
        DeliveryCapacity capacity = new DeliveryCapacity(2, 2, 2);
        capacity.tryReserve("cmp_a", "a");
        capacity.tryReserve("cmp_b", "b");

        assertThat(capacity.tryReserve("cmp_c", "c")).isFalse();
        capacity.release("cmp_a", "a");
        assertThat(capacity.tryReserve("cmp_c", "c")).isTrue();
        assertThat(capacity.saturatedTargets()).isEmpty();
    }
}
