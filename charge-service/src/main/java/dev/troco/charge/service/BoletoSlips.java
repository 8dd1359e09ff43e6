package dev.troco.charge.service;

import dev.troco.charge.boleto.BoletoBarcode;
import dev.troco.charge.boleto.BoletoSlip;
import dev.troco.charge.config.ChargeSettings;
import dev.troco.charge.domain.Charge;
import dev.troco.kit.document.InvalidTaxIdException;
import dev.troco.kit.document.TaxId;
import dev.troco.kit.money.Money;
import dev.troco.kit.problem.ApiException;
import dev.troco.kit.problem.ProblemCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What a boleto charge's printed slip shows: the barcode the charge already carries, Troco as the beneficiary
 * (the institution that collects), the buyer as the payer, and the charge's instructions.
 */
@ApplicationScoped
public class BoletoSlips {

    private static final ZoneId BRAZIL = ZoneId.of("America/Sao_Paulo");

    private final ChargeSettings settings;

    BoletoSlips(ChargeSettings settings) {
        this.settings = settings;
    }

    public BoletoSlip of(Charge charge) {
        BoletoBarcode barcode = BoletoBarcode.parse(charge.boletoBarcode);
        if (charge.buyerDocument == null || charge.buyerName == null) {
            throw new ApiException(ProblemCode.UNPROCESSABLE,
                    "A boleto is printed with the payer's name and CPF/CNPJ; this charge has none");
        }
        TaxId payer;
        try {
            payer = TaxId.parse(charge.buyerDocument);
        } catch (InvalidTaxIdException e) {
            throw new ApiException(ProblemCode.UNPROCESSABLE, "The payer's document cannot be printed: " + e.getMessage());
        }
        ChargeSettings.Boleto boleto = settings.boleto();
        String documentNumber = charge.customNumber != null && charge.customNumber.length() <= BoletoSlip.NUMBER_LENGTH_MAX
                ? charge.customNumber : String.valueOf(charge.ourNumber);
        return new BoletoSlip(boleto.bankName(), barcode, boleto.beneficiaryName(),
                TaxId.parse(boleto.beneficiaryDocument()), boleto.beneficiaryAddress(), charge.buyerName, payer, null,
                Money.of(charge.amountCents, charge.currency), charge.expiresAt.atZone(BRAZIL).toLocalDate(),
                charge.createdAt.atZone(BRAZIL).toLocalDate(), String.valueOf(charge.ourNumber), documentNumber,
                instructions(charge.description));
    }

    /** The charge's instructions cut to the form's lines, then the rule that a late boleto is not taken. */
    static List<String> instructions(String description) {
        List<String> lines = new ArrayList<>();
        if (description != null) {
            StringBuilder line = new StringBuilder();
            for (String word : description.trim().split("\\s+")) {
                String piece = word.length() > BoletoSlip.INSTRUCTION_LENGTH_MAX
                        ? word.substring(0, BoletoSlip.INSTRUCTION_LENGTH_MAX) : word;
                if (line.length() > 0 && line.length() + 1 + piece.length() > BoletoSlip.INSTRUCTION_LENGTH_MAX) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(line.length() > 0 ? " " : "").append(piece);
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
            }
        }
        List<String> kept = new ArrayList<>(lines.subList(0, Math.min(lines.size(), BoletoSlip.INSTRUCTION_LINES_MAX - 1)));
        kept.add("Nao receber apos o vencimento.");
        return kept;
    }
}
