package dev.troco.kit.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final SecretBox BOX = new SecretBox(randomKey());

    @Test
    void opensWhatItSealedForTheSamePurpose() {
        byte[] sealed = BOX.sealText("whsec_abc", "webhook_endpoint:whe_1");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("whsec_abc");
        assertThat(BOX.openText(sealed, "webhook_endpoint:whe_1")).isEqualTo("whsec_abc");
    }

    @Test
    void aSealedValueMovedToAnotherRowDoesNotOpen() {
        byte[] sealed = BOX.sealText("whsec_abc", "webhook_endpoint:whe_1");

        assertThatThrownBy(() -> BOX.openText(sealed, "webhook_endpoint:whe_2")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anotherKeyDoesNotOpenIt() {
        byte[] sealed = BOX.sealText("whsec_abc", "p");

        assertThatThrownBy(() -> new SecretBox(randomKey()).openText(sealed, "p")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAKeyThatIsNot256Bits() {
        assertThatThrownBy(() -> new SecretBox(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
