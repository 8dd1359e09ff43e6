package dev.troco.kit.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void publicIdRoundTripsToItsUuid() {
        UUID uuid = Ids.uuid7();
        String id = Ids.format("chg", uuid);
        assertThat(id).matches("chg_[0-9a-hjkmnp-tv-z]{26}");
        assertThat(Ids.parse("chg", id)).isEqualTo(uuid);
        assertThat(Ids.parse("chg", id.toUpperCase().replace("CHG_", "chg_"))).isEqualTo(uuid);
    }

    @Test
    void extremesEncodeAsTheTypeIdSpecSays() {
        assertThat(Ids.encode(new UUID(0, 0))).isEqualTo("00000000000000000000000000");
        assertThat(Ids.encode(new UUID(-1, -1))).isEqualTo("7zzzzzzzzzzzzzzzzzzzzzzzzz");
        assertThat(Ids.decode("7zzzzzzzzzzzzzzzzzzzzzzzzz")).isEqualTo(new UUID(-1, -1));
    }

    @Test
    void idsSortByCreationTime() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(Ids.next("evt"));
        }
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(Ids.uuid7().version()).isEqualTo(7);
    }

    @Test
    void malformedOrForeignIdsAreRefused() {
        String charge = Ids.next("chg");
        assertThat(Ids.isValid("pay", charge)).isFalse();
        assertThat(Ids.isValid("chg", charge.substring(0, charge.length() - 1))).isFalse();
        assertThat(Ids.isValid("chg", "chg_8zzzzzzzzzzzzzzzzzzzzzzzzz")).isFalse();
        assertThat(Ids.isValid("chg", "chg_0000000000000000000000000u")).isFalse();
        assertThat(Ids.isValid("chg", null)).isFalse();
        assertThatThrownBy(() -> Ids.next("Bad-Prefix")).isInstanceOf(IllegalArgumentException.class);
    }
}
