package dev.troco.charge.pix;

import java.nio.charset.StandardCharsets;

/**
 * CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR), the
 * checksum EMV QR codes and so the BR Code end with. A bank app refuses a code whose CRC is off, so
 * this is what decides whether a buyer can pay at all.
 */
public final class Crc16Ccitt {

    private static final int POLYNOMIAL = 0x1021;
    private static final int INITIAL = 0xFFFF;

    private Crc16Ccitt() {
    }

    public static int checksum(byte[] data) {
        int crc = INITIAL;
        for (byte b : data) {
            crc ^= (b & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ POLYNOMIAL : crc << 1;
            }
        }
        return crc & 0xFFFF;
    }

    /**
     * The checksum of {@code text}'s UTF-8 bytes as four uppercase hex digits, the form field 63
     * carries. A code this service writes is ASCII, where UTF-8 changes nothing; a code read from
     * elsewhere may carry accents, and bank apps checksum what they scanned, which is UTF-8.
     */
    public static String hex(String text) {
        return String.format("%04X", checksum(text.getBytes(StandardCharsets.UTF_8)));
    }
}
