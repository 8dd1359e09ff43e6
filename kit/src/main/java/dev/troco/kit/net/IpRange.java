package dev.troco.kit.net;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address block in CIDR form, for the refused ranges of {@link AddressGuard}. */
record IpRange(byte[] network, int prefixLength, String label) {

    /** {@code cidr} must be a literal address block ({@code 10.0.0.0/8}, {@code fc00::/7}): no name is looked up. */
    static IpRange of(String cidr, String label) {
        int slash = cidr.indexOf('/');
        try {
            byte[] network = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            return new IpRange(network, Integer.parseInt(cidr.substring(slash + 1)), label);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a literal address block: " + cidr, e);
        }
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = (0xFF << (8 - restBits)) & 0xFF;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
