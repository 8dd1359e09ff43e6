package dev.troco.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryCapacityTest {

    @Test
    void aTargetTakesAtMostItsShareAndOthersKeepTheirs() {
        DeliveryCapacity capacity = new DeliveryCapacity(4, 2);

        assertThat(capacity.tryReserve("slow")).isTrue();
        assertThat(capacity.tryReserve("slow")).isTrue();
        assertThat(capacity.tryReserve("slow")).isFalse();
        assertThat(capacity.saturatedTargets()).containsExactly("slow");
        assertThat(capacity.tryReserve("fast")).isTrue();
        assertThat(capacity.free()).isEqualTo(1);
    }

    @Test
    void theTotalBoundsEveryTargetTogether() {
        DeliveryCapacity capacity = new DeliveryCapacity(2, 2);
        capacity.tryReserve("a");
        capacity.tryReserve("b");

        assertThat(capacity.tryReserve("c")).isFalse();
        capacity.release("a");
        assertThat(capacity.tryReserve("c")).isTrue();
        assertThat(capacity.saturatedTargets()).isEmpty();
    }
}
