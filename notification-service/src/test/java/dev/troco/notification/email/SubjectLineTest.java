package dev.troco.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubjectLineTest {

    @Test
    void lineBreaksControlAndFormatCharactersBecomeOneSpace() {
        assertThat(SubjectLine.of("[Troco] ", "Paid: A\r\nBcc: x@evil.example\t\u0000\u202Eb\u2028c"))
                .isEqualTo("[Troco] Paid: A Bcc: x@evil.example b c");
    }

    @Test
    void longTextIsCutToTheMaximumIncludingTheEllipsis() {
        String subject = SubjectLine.of("[Troco] ", "y".repeat(500));

        assertThat(subject).hasSize("[Troco] ".length() + SubjectLine.TEXT_MAX).endsWith("...");
        assertThat(SubjectLine.of("[Troco] ", "y".repeat(SubjectLine.TEXT_MAX))).doesNotEndWith("...");
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsNeverCutInHalf() {
        String subject = SubjectLine.of("", "\uD83D\uDCB0".repeat(200));

        assertThat(subject.codePointCount(0, subject.length())).isEqualTo(SubjectLine.TEXT_MAX);
        assertThat(subject.substring(0, subject.length() - 3).codePoints().allMatch(c -> c == 0x1F4B0)).isTrue();
    }
}
