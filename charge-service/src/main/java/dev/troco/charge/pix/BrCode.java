package dev.troco.charge.pix;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a BR Code says, as {@link BrCodeParser} read it. Exactly one of {@link #pixKey()} (a static
 * code) and {@link #location()} (a dynamic one) is present.
 *
 * @param dynamic true when the point of initiation method (id 01) is {@code 12}, a code for one use
 * @param txid    absent when the code says {@code ***}
 * @param fields  every top-level data object by id, in payload order, for what this record does not
 *                name (other arrangements, unreserved templates)
 */
public record BrCode(
        boolean dynamic,
        Optional<String> pixKey,
        Optional<String> location,
        Optional<String> description,
        OptionalLong amountCents,
        String merchantName,
        String merchantCity,
        Optional<String> txid,
        String crc,
        Map<String, String> fields) {

    public BrCode {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
