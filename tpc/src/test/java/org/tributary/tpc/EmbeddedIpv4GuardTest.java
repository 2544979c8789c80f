package org.tributary.tpc;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IPv6 addresses that carry an IPv4 address (RFC 4291 §2.5.5, RFC 6052 NAT64, RFC 8215 local-use NAT64, RFC 3056
 * 6to4, RFC 4380 Teredo, RFC 2765 IPv4-translated) are judged by the IPv4 address they carry: a translator or relay
 * delivers the packets there, so each form must be refused exactly when that IPv4 address would be.
 */
class EmbeddedIpv4GuardTest {

    /** Every spelling of every form that carries {@code v4} (dotted a.b.c.d). */
    static List<String> forms(String v4) throws Exception {
        byte[] b = InetAddress.getByName(v4).getAddress();
        String hi = Integer.toHexString((b[0] & 0xff) << 8 | (b[1] & 0xff));
        String lo = Integer.toHexString((b[2] & 0xff) << 8 | (b[3] & 0xff));
        String thi = Integer.toHexString(~((b[0] & 0xff) << 8 | (b[1] & 0xff)) & 0xffff);
        String tlo = Integer.toHexString(~((b[2] & 0xff) << 8 | (b[3] & 0xff)) & 0xffff);
        return List.of(
                // IPv4-mapped, also with every zero written out and with a zero group spelled out
                "::ffff:" + v4, "0:0:0:0:0:ffff:" + hi + ":" + lo, "0000:0000:0000:0000:0000:ffff:" + v4,
                "::0:ffff:" + hi + ":" + lo, "0::ffff:" + v4,
                // IPv4-translated (SIIT, RFC 2765)
                "::ffff:0:" + v4, "0:0:0:0:ffff:0:" + hi + ":" + lo,
                // IPv4-compatible (deprecated, RFC 4291 §2.5.5.1)
                "::" + v4, "::" + hi + ":" + lo, "0:0:0:0:0:0:" + hi + ":" + lo,
                // NAT64 well-known prefix (RFC 6052)
                "64:ff9b::" + v4, "64:ff9b::" + hi + ":" + lo, "0064:ff9b:0000:0000:0000:0000:" + hi + ":" + lo,
                // 6to4 (RFC 3056): 2002:V4ADDR::/48
                "2002:" + hi + ":" + lo + "::", "2002:" + hi + ":" + lo + ":1:2:3:4:5",
                // Teredo (RFC 4380): the client's address is the last 32 bits, inverted
                "2001:0:4136:e378:8000:63bf:" + thi + ":" + tlo, "2001::" + thi + ":" + tlo);
    }

    private static void refused(RemoteGuard g, String host, String why) {
        RemoteRefusedException e = assertThrows(RemoteRefusedException.class,
                () -> g.check(URI.create("http://[" + host + "]:8080/f")), host);
        assertTrue(e.getMessage().contains(why), host + ": " + e.getMessage());
    }

    private static void allowed(RemoteGuard g, String host) {
        assertDoesNotThrow(() -> g.check(URI.create("http://[" + host + "]:8080/f")), host);
    }

    @Test
    void everyFormOfARefusedIpv4AddressIsRefused() throws Exception {
        RemoteGuard g = new RemoteGuard(List.of(), false);
        for (String v4 : new String[] {"169.254.169.254", "127.0.0.1", "10.1.2.3", "172.16.5.4", "192.168.0.10",
                "100.64.0.1", "0.0.0.0", "224.0.0.1", "127.1.2.3"}) {
            for (String f : forms(v4)) refused(g, f, "is not allowed");
        }
    }

    @Test
    void theReasonNamesTheCarriedAddress() throws Exception {
        RemoteGuard g = new RemoteGuard(List.of(), false);
        refused(g, "64:ff9b::169.254.169.254", "169.254.169.254");
        refused(g, "2002:a9fe:a9fe::", "169.254.169.254");
        refused(g, "2001:0:4136:e378:8000:63bf:5601:5601", "169.254.169.254");
        refused(g, "::10.1.2.3", "10.1.2.3");
    }

    @Test
    void everyFormOfAPublicIpv4AddressStaysAllowed() throws Exception {
        RemoteGuard g = new RemoteGuard(List.of(), false);
        for (String f : forms("192.0.2.7")) allowed(g, f);
        allowed(g, "2001:db8::7"); // documentation prefix, not Teredo (2001:0::/32)
    }

    @Test
    void loopbackFormsFollowAllowLoopback() throws Exception {
        RemoteGuard g = new RemoteGuard(List.of(), true);
        for (String f : forms("127.0.0.1")) allowed(g, f);
        for (String f : forms("169.254.169.254")) refused(g, f, "link-local");
        allowed(g, "::1");
        refused(new RemoteGuard(List.of(), false), "::1", "loopback");
    }

    @Test
    void anAllowedIpv4NetworkAllowsItsForms() throws Exception {
        RemoteGuard g = new RemoteGuard(List.of("10.1.0.0/16"), false);
        for (String f : forms("10.1.2.3")) allowed(g, f);
        for (String f : forms("10.2.0.1")) refused(g, f, "not in tpc.allowed-hosts");
        for (String f : forms("127.0.0.1")) refused(g, f, "not in tpc.allowed-hosts");
    }

    @Test
    void localUseNat64IsRefusedUnlessItsPrefixIsListed() {
        // RFC 8215: the site chooses the prefix length (RFC 6052 §2.2), so where the IPv4 address sits is unknown.
        refused(new RemoteGuard(List.of(), false), "64:ff9b:1::192.0.2.7", "local-use NAT64");
        refused(new RemoteGuard(List.of(), false), "64:ff9b:1:a9fe:a9:fe00::", "local-use NAT64");
        allowed(new RemoteGuard(List.of("64:ff9b:1:abcd::/96"), false), "64:ff9b:1:abcd::10.1.2.3");
        refused(new RemoteGuard(List.of("10.1.0.0/16"), false), "64:ff9b:1::10.1.2.3", "local-use NAT64");
    }

    @Test
    void theWellKnownNat64PrefixOutsideItsSlash96IsRefused() {
        refused(new RemoteGuard(List.of(), false), "64:ff9b:0:0:1::192.0.2.7", "NAT64");
    }

    @Test
    void aHostNameResolvingToAnEmbeddingFormIsJudgedByTheCarriedAddress() throws Exception {
        RemoteGuard g = new RemoteGuard(List.of(), false);
        for (String f : forms("169.254.169.254")) {
            InetAddress a = InetAddress.getByName(f);
            RemoteRefusedException e = assertThrows(RemoteRefusedException.class,
                    () -> g.check("se.example.org", List.of(InetAddress.getByName("192.0.2.7"), a)), f);
            assertTrue(e.getMessage().contains("se.example.org"), e.getMessage());
        }
    }
}
