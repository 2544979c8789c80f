package org.tributary.tpc;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoteGuardTest {

    private static void refused(RemoteGuard g, String url, String why) {
        RemoteRefusedException e = assertThrows(RemoteRefusedException.class, () -> g.check(URI.create(url)), url);
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void defaultRefusesMetadataLinkLocalPrivateAndLoopback() {
        RemoteGuard g = new RemoteGuard(List.of(), false);
        refused(g, "http://169.254.169.254/latest/meta-data/", "link-local");
        refused(g, "http://[fd00:ec2::254]/", "metadata");
        refused(g, "http://[fe80::1]/", "link-local");
        refused(g, "http://10.0.0.1/", "private");
        refused(g, "http://172.16.5.4/", "private");
        refused(g, "http://192.168.0.10/", "private");
        refused(g, "http://100.64.0.1/", "carrier-grade");
        refused(g, "http://[fc00::1]/", "unique-local");
        refused(g, "http://127.0.0.1:8080/", "loopback");
        refused(g, "http://[::1]/", "loopback");
        refused(g, "http://0.0.0.0/", "unspecified");
        refused(g, "http://224.0.0.1/", "multicast");
        assertDoesNotThrow(() -> g.check(URI.create("https://192.0.2.7/")));      // public (documentation range)
        assertDoesNotThrow(() -> g.check(URI.create("https://[2001:db8::7]/")));
    }

    @Test
    void loopbackOnlyWhenAllowed() {
        assertDoesNotThrow(() -> new RemoteGuard(List.of(), true).check(URI.create("http://127.0.0.1:1/")));
        refused(new RemoteGuard(List.of(), true), "http://169.254.169.254/", "link-local");
    }

    @Test
    void allowedHostsAreAnAllowList() {
        RemoteGuard g = new RemoteGuard(List.of("10.1.0.0/16", "192.0.2.7"), false);
        assertDoesNotThrow(() -> g.check(URI.create("http://10.1.2.3/")));
        assertDoesNotThrow(() -> g.check(URI.create("http://192.0.2.7/")));
        refused(g, "http://10.2.0.1/", "not in tpc.allowed-hosts");
        refused(g, "http://192.0.2.8/", "not in tpc.allowed-hosts");
        refused(g, "http://127.0.0.1/", "not in tpc.allowed-hosts");
    }

    @Test
    void namesAndWildcards() throws Exception {
        RemoteGuard g = new RemoteGuard(List.of("*.example.org", "se.lake.net"), false);
        java.net.InetAddress priv = java.net.InetAddress.getByName("10.9.9.9");
        assertDoesNotThrow(() -> g.check("a.example.org", List.of(priv)));
        assertDoesNotThrow(() -> g.check("SE.lake.net", List.of(priv)));
        assertThrows(RemoteRefusedException.class, () -> g.check("example.org.evil.com", List.of(priv)));
        assertThrows(RemoteRefusedException.class, () -> g.check("lake.net", List.of(priv)));
    }

    @Test
    void entrySyntax() {
        assertNull(RemoteGuard.entryProblem("se.example.org"));
        assertNull(RemoteGuard.entryProblem("*.example.org"));
        assertNull(RemoteGuard.entryProblem("10.0.0.0/8"));
        assertNull(RemoteGuard.entryProblem("2001:db8::/32"));
        assertTrue(RemoteGuard.entryProblem("10.0.0.0/40") != null);
        assertTrue(RemoteGuard.entryProblem("bad host") != null);
        assertTrue(RemoteGuard.entryProblem("") != null);
    }
}
