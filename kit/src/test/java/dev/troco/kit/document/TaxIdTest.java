package dev.troco.kit.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaxIdTest {

    @Test
    void lengthTellsCpfFromCnpj() {
        assertThat(TaxId.parse("529.982.247-25")).isInstanceOf(Cpf.class);
        assertThat(TaxId.parse("11.222.333/0001-81")).isInstanceOf(Cnpj.class);
        assertThat(TaxId.parse("12ABC34501DE35")).isInstanceOf(Cnpj.class);
        assertThat(TaxId.parse("12ABC34501DE35").value()).isEqualTo("12ABC34501DE35");
    }

    @Test
    void anyOtherLengthIsRefusedWithTheLengthFound() {
        assertThatThrownBy(() -> TaxId.parse("1234567890123"))
                .isInstanceOfSatisfying(InvalidTaxIdException.class,
                        e -> assertThat(e.problem()).isEqualTo(TaxIdProblem.WRONG_LENGTH))
                .hasMessageContaining("13 characters");
        assertThat(TaxId.isValid("")).isFalse();
        assertThat(TaxId.isValid("529.982.247-25")).isTrue();
    }

    @Test
    void problemsOfTheChosenKindComeThrough() {
        assertThatThrownBy(() -> TaxId.parse("111.111.111-11"))
                .isInstanceOfSatisfying(InvalidTaxIdException.class,
                        e -> assertThat(e.problem()).isEqualTo(TaxIdProblem.REPEATED_DIGITS));
    }
}
