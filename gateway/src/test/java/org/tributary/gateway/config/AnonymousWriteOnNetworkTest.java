package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Anonymous writes are only accepted on loopback, unless the admin explicitly allows them on the network. */
class AnonymousWriteOnNetworkTest {

    private static String config(String bind, String extraServer, String anonymous) {
        return """
                server:
                  bind: '%s'
                  http: {port: 8080}
                %s
                storage-areas:
                  - name: scratch
                    access-points: [/scratch]
                    backend: {type: posix, root: /srv/scratch}
                    anonymous: %s
                """.formatted(bind, extraServer, anonymous);
    }

    @Test
    void refusedOnAllInterfacesWithAnExplanation() {
        assertEquals("storage-areas[0].anonymous: read-write lets anyone who can reach 0.0.0.0 write to area"
                        + " 'scratch'; use anonymous: read or none, bind to 127.0.0.1, or set"
                        + " server.allow-anonymous-write-on-network: true to allow it",
                ConfigTestSupport.errorOf(config("0.0.0.0", "", "read-write")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "192.0.2.10", "gateway.example.org"})
    void refusedOnEveryNonLoopbackBind(String bind) {
        assertTrue(ConfigTestSupport.errorOf(config(bind, "", "read-write"))
                .startsWith("storage-areas[0].anonymous: read-write lets anyone who can reach " + bind));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "0:0:0:0:0:0:0:1", "localhost"})
    void acceptedOnLoopback(String bind) throws Exception {
        GatewayConfig config = ConfigTestSupport.parse(config(bind, "", "read-write"));
        assertTrue(config.listensOnLoopbackOnly());
    }

    @Test
    void acceptedOnTheNetworkWhenExplicitlyAllowed() throws Exception {
        GatewayConfig config = ConfigTestSupport.parse(
                config("0.0.0.0", "  allow-anonymous-write-on-network: true", "read-write"));
        assertFalse(config.listensOnLoopbackOnly());
        assertTrue(config.areas().getFirst().anonymous().canWrite());
    }

    @Test
    void anonymousReadIsFineOnTheNetwork() throws Exception {
        assertTrue(ConfigTestSupport.parse(config("0.0.0.0", "", "read")).areas().getFirst().anonymous().canRead());
    }

    @Test
    void aReadOnlyAreaCannotBeAnonymouslyWritable() {
        assertEquals("storage-areas[0].anonymous: read-write is not allowed on a read-only area; use read or none,"
                + " or set read-only: false", ConfigTestSupport.errorOf(config("127.0.0.1", "", "read-write")
                + "    read-only: true\n"));
    }

    @Test
    void accessLevels() {
        assertFalse(AnonymousAccess.NONE.canRead());
        assertFalse(AnonymousAccess.NONE.canWrite());
        assertTrue(AnonymousAccess.READ.canRead());
        assertFalse(AnonymousAccess.READ.canWrite());
        assertTrue(AnonymousAccess.READ_WRITE.canRead());
        assertTrue(AnonymousAccess.READ_WRITE.canWrite());
    }
}
