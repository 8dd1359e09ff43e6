package dev.troco.kit.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CpfTest {

    @Test
    void formattedAndBareInputNormalizeToTheSameDigits() {
        assertThat(Cpf.parse("529.982.247-25").digits()).isEqualTo("52998224725");
        assertThat(Cpf.parse("52998224725")).isEqualTo(Cpf.parse(" 529 982 247 25 "));
        assertThat(Cpf.parse("390.533.447-05").formatted()).isEqualTo("390.533.447-05");
    }

    @Test
    void maskShowsOnlyTheMiddleSixDigits() {
        Cpf cpf = Cpf.parse("123.608.263-01");
        assertThat(cpf.masked()).isEqualTo("***.608.263-**");
        // a record's default toString would print the number into any log line that concatenates it
        assertThat(cpf.toString()).isEqualTo("***.608.263-**").doesNotContain("12360826301");
    }

    @Test
    void eachProblemIsNamed() {
        assertProblem("529.982.247-26", TaxIdProblem.BAD_CHECK_DIGIT);
        assertProblem("529.982.247-35", TaxIdProblem.BAD_CHECK_DIGIT);
        assertProblem("5299822472", TaxIdProblem.WRONG_LENGTH);
        assertProblem("529982247250", TaxIdProblem.WRONG_LENGTH);
        assertProblem("5299822472A", TaxIdProblem.INVALID_CHARACTER);
        assertProblem("529_982_247_25", TaxIdProblem.INVALID_CHARACTER);
        assertProblem(" .-", TaxIdProblem.EMPTY);
        assertProblem(null, TaxIdProblem.EMPTY);
    }

    @Test
    void repeatedDigitsPassTheArithmeticButAreRefused() {
        for (char d = '0'; d <= '9'; d++) {
            String repeated = String.valueOf(d).repeat(11);
            // the check digits of ddddddddd are dd, which is exactly why the rule exists
            assertThat(Modulo11.withCheckDigits(repeated.substring(0, 9), Integer.MAX_VALUE)).isEqualTo(repeated);
            assertProblem(repeated, TaxIdProblem.REPEATED_DIGITS);
        }
    }

    @Test
    void errorMessagesNeverCarryTheNumber() {
        assertThatThrownBy(() -> Cpf.parse("529.982.247-26"))
                .hasMessage("CPF check digits do not match")
                .hasMessageNotContaining("52998224726");
    }

    @Test
    void singleDigitTyposAreCaughtSaveTheFewTheRemainderFoldHides() {
        // Remainders 0 and 1 both give check digit 0, and the second digit's weight 11 is 0 modulo 11,
        // so a typo in the first or sixth digit can, rarely, keep both check digits. That is the
        // Receita's arithmetic; this pins it so nobody "fixes" it, and so fraud checks do not lean on it.
        Random random = new Random(20261122L);
        int typos = 0;
        int unseen = 0;
        for (int n = 0; n < 2_000; n++) {
            String digits = Cpf.fromBase(String.format("%09d", random.nextInt(1_000_000_000))).digits();
            for (int position = 0; position < digits.length(); position++) {
                for (char d = '0'; d <= '9'; d++) {
                    if (d == digits.charAt(position)) {
                        continue;
                    }
                    typos++;
                    String typo = digits.substring(0, position) + d + digits.substring(position + 1);
                    if (Cpf.isValid(typo)) {
                        unseen++;
                        assertThat(position).as("unseen typo in %s", typo).isIn(0, 5);
                    }
                }
            }
        }
        assertThat((double) unseen / typos).isLessThan(0.005);
    }

    private static void assertProblem(String text, TaxIdProblem problem) {
        assertThat(Cpf.isValid(text)).isFalse();
        assertThatThrownBy(() -> Cpf.parse(text))
                .isInstanceOfSatisfying(InvalidTaxIdException.class, e -> assertThat(e.problem()).isEqualTo(problem));
    }
}
