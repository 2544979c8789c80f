package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A misspelt key is an error naming it and the keys allowed at that place, never silently ignored. */
class UnknownKeyTest {

    @Test
    void atTheTop() {
        assertEquals("storage-area: unknown key; allowed keys here: server, storage-areas, token-issuers, tpc, tape-rest, site, cdmi, dashboard, health",
                ConfigTestSupport.errorOf("storage-area: []\n"));
    }

    @Test
    void inTheServerSection() {
        assertEquals("server.port: unknown key; allowed keys here: bind, http, https,"
                        + " allow-anonymous-write-on-network, shutdown-grace, access-log, allow-bearer-over-http, idle-timeout,"
                        + " request-head-timeout, max-connections-per-client, max-concurrent-uploads, access-log-format",
                ConfigTestSupport.errorOf("server: {port: 80}\n" + ConfigTestSupport.AREA));
    }

    @Test
    void inTheHttpsSection() {
        assertEquals("server.https.cert: unknown key; allowed keys here: port, certificate, key, protocols",
                ConfigTestSupport.errorOf("server: {https: {cert: /x}}\n" + ConfigTestSupport.AREA));
    }

    @Test
    void inAStorageArea() {
        assertEquals("storage-areas[1].anonymus: unknown key; allowed keys here: name, access-points, backend,"
                        + " read-only, anonymous, qos, quota, quota-rescan, put-creates-parents, checksums, durability, policies, tpc, tpc-streams,"
                        + " deny-binds-scoped-tokens",
                ConfigTestSupport.errorOf(ConfigTestSupport.AREA + """
                          - name: other
                            access-points: [/other]
                            backend: {type: posix, root: /srv/other}
                            anonymus: read
                        """));
    }

    @Test
    void inAPosixBackend() {
        assertEquals("storage-areas[0].backend.path: unknown key; allowed keys here: type, root, create-root",
                ConfigTestSupport.errorOf("""
                        storage-areas:
                          - name: data
                            access-points: [/data]
                            backend: {type: posix, path: /srv/data}
                        """));
    }

    @Test
    void camelCaseIsNotKebabCase() {
        assertEquals("storage-areas[0].readOnly: unknown key; allowed keys here: name, access-points, backend,"
                        + " read-only, anonymous, qos, quota, quota-rescan, put-creates-parents, checksums, durability, policies, tpc, tpc-streams,"
                        + " deny-binds-scoped-tokens",
                ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "    readOnly: true\n"));
    }
}
