package dev.troco.charge.boleto;

import dev.troco.kit.document.TaxId;
import dev.troco.kit.money.Money;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What a printed boleto shows. The amount and due date are given again beside the barcode because
 * the page prints them in words and dates people read, and the constructor checks that they agree
 * with the barcode: a slip whose printed amount differs from the scanned one is the classic boleto
 * fraud, and must not be something we can produce by mistake.
 *
 * @param beneficiaryAddress may be null; required by the bank rules of 2017 on, but kept optional
 *                           until merchants' addresses are collected
 * @param payerAddress       may be null
 * @param instructions       at most {@value #INSTRUCTION_LINES_MAX} lines of at most
 *                           {@value #INSTRUCTION_LENGTH_MAX} characters, the space the form has
 */
public record BoletoSlip(
        String bankName,
        BoletoBarcode barcode,
        String beneficiaryName,
        TaxId beneficiaryDocument,
        String beneficiaryAddress,
        String payerName,
        TaxId payerDocument,
        String payerAddress,
        Money amount,
        LocalDate dueDate,
        LocalDate documentDate,
        String ourNumber,
        String documentNumber,
        List<String> instructions) {

    public static final int NAME_LENGTH_MAX = 100;
    public static final int ADDRESS_LENGTH_MAX = 150;
    public static final int NUMBER_LENGTH_MAX = 30;
    public static final int INSTRUCTION_LINES_MAX = 6;
    public static final int INSTRUCTION_LENGTH_MAX = 100;

    public BoletoSlip {
        Objects.requireNonNull(barcode, "barcode");
        Objects.requireNonNull(beneficiaryDocument, "beneficiary document");
        Objects.requireNonNull(payerDocument, "payer document");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(dueDate, "due date");
        Objects.requireNonNull(documentDate, "document date");
        bankName = bounded("bank name", bankName, NAME_LENGTH_MAX, true);
        beneficiaryName = bounded("beneficiary name", beneficiaryName, NAME_LENGTH_MAX, true);
        beneficiaryAddress = bounded("beneficiary address", beneficiaryAddress, ADDRESS_LENGTH_MAX, false);
        payerName = bounded("payer name", payerName, NAME_LENGTH_MAX, true);
        payerAddress = bounded("payer address", payerAddress, ADDRESS_LENGTH_MAX, false);
        ourNumber = bounded("our number", ourNumber, NUMBER_LENGTH_MAX, true);
        documentNumber = bounded("document number", documentNumber, NUMBER_LENGTH_MAX, true);
        instructions = List.copyOf(instructions == null ? List.of() : instructions);
        if (instructions.size() > INSTRUCTION_LINES_MAX) {
            throw new IllegalArgumentException("at most " + INSTRUCTION_LINES_MAX + " instruction lines, got "
                    + instructions.size());
        }
        for (String line : instructions) {
            bounded("instruction line", line, INSTRUCTION_LENGTH_MAX, true);
        }
        if (!"BRL".equals(amount.currency().getCurrencyCode())) {
            throw new IllegalArgumentException("a boleto is in BRL, not " + amount.currency().getCurrencyCode());
        }
        if (amount.minorUnits() != barcode.amountCents()) {
            throw new IllegalArgumentException("printed amount " + amount + " differs from the barcode's "
                    + barcode.amountCents() + " cents");
        }
        if (DueDateFactor.of(dueDate) != barcode.dueDateFactor()) {
            throw new IllegalArgumentException("printed due date " + dueDate + " differs from the barcode's factor "
                    + barcode.dueDateFactor());
        }
    }

    private static String bounded(String field, String value, int max, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        String stripped = value.strip();
        if (stripped.length() > max) {
            throw new IllegalArgumentException(field + " is " + stripped.length() + " characters, at most " + max);
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(field + " has a control character");
        }
        return stripped;
    }
}
