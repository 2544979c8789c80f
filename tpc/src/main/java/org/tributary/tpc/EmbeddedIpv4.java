package org.tributary.tpc;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The IPv4 address an IPv6 address carries, for the forms a host, a translator or a relay delivers to that IPv4
 * address. The SSRF guard judges such an address by the IPv4 address it carries, since that is where the packets go.
 *
 * <p>Only the 16 bytes count, never the spelling: {@link InetAddress} has already parsed every way of writing one
 * (extra zeros, {@code ::}, a dotted tail), and the JDK turns the IPv4-mapped form into an {@link Inet4Address}.
 *
 * @param form        what kind of address this is, for the refusal message
 * @param ipv4        the carried address, or null when the form does not say where it is ({@link #LOCAL_USE_NAT64})
 */
record EmbeddedIpv4(String form, Inet4Address ipv4) {

    /**
     * RFC 8215 local-use NAT64 prefix {@code 64:ff9b:1::/48}: the site chooses the prefix length (/48../96,
     * RFC 6052 §2.2), so the position of the IPv4 address is unknown here.
     */
    static final String LOCAL_USE_NAT64 = "local-use NAT64 address (64:ff9b:1::/48)";

    /** The carried IPv4 address of {@code a}, or null when {@code a} carries none. */
    static EmbeddedIpv4 of(InetAddress a) {
        if (!(a instanceof Inet6Address)) return null;
        byte[] b = a.getAddress();
        if (zero(b, 0, 10) && u16(b, 10) == 0xffff) return at("IPv4-mapped address", b, 12, false);
        if (zero(b, 0, 8) && u16(b, 8) == 0xffff && zero(b, 10, 12)) {
            return at("IPv4-translated address (RFC 2765)", b, 12, false);
        }
        // RFC 4291 §2.5.5.1 (deprecated): ::a.b.c.d; ::/127 are the unspecified and the loopback address.
        if (zero(b, 0, 12) && !(zero(b, 12, 15) && (b[15] & 0xfe) == 0)) {
            return at("IPv4-compatible address", b, 12, false);
        }
        if (u16(b, 0) == 0x0064 && u16(b, 2) == 0xff9b) {
            if (u16(b, 4) == 0x0001) return new EmbeddedIpv4(LOCAL_USE_NAT64, null);
            // RFC 6052 §2.1: the well-known prefix is used only as a /96; the rest of 64:ff9b::/32 is not assigned.
            if (!zero(b, 4, 12)) return new EmbeddedIpv4("unassigned part of the NAT64 prefix 64:ff9b::/32", null);
            return at("NAT64 address (64:ff9b::/96)", b, 12, false);
        }
        if (u16(b, 0) == 0x2002) return at("6to4 address (2002::/16)", b, 2, false);
        // RFC 4380 §4: 2001:0::/32, server IPv4 in bits 32-63, client IPv4 (where a relay delivers) in the last
        // 32 bits, every bit inverted.
        if (u16(b, 0) == 0x2001 && u16(b, 2) == 0) return at("Teredo address (2001::/32)", b, 12, true);
        return null;
    }

    private static EmbeddedIpv4 at(String form, byte[] b, int off, boolean inverted) {
        byte[] v4 = new byte[4];
        for (int i = 0; i < 4; i++) v4[i] = (byte) (inverted ? ~b[off + i] : b[off + i]);
        try {
            return new EmbeddedIpv4(form, (Inet4Address) InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an IPv4 address", e);
        }
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) if (b[i] != 0) return false;
        return true;
    }

    private static int u16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }
}
