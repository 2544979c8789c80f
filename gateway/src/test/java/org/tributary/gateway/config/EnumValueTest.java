package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Words from a fixed set: a wrong one is named together with the allowed ones. */
class EnumValueTest {

    private static String area(String extra) {
        return ConfigTestSupport.AREA + "    " + extra + "\n";
    }

    @Test
    void anonymous() {
        assertEquals("storage-areas[1].anonymous: 'rw' is not allowed; use one of: none, read, read-write",
                ConfigTestSupport.errorOf(ConfigTestSupport.AREA + """
                          - name: other
                            access-points: [/other]
                            backend: {type: posix, root: /srv/other}
                            anonymous: rw
                        """));
    }

    @Test
    void durability() {
        assertEquals("storage-areas[0].durability: 'sync' is not allowed; use one of: fsync, none",
                ConfigTestSupport.errorOf(area("durability: sync")));
    }

    @Test
    void checksumAlgorithm() {
        assertEquals("storage-areas[0].checksums[1]: 'sha1' is not allowed; use one of: adler32, crc32c, md5,"
                + " sha-256", ConfigTestSupport.errorOf(area("checksums: [adler32, sha1]")));
    }

    @Test
    void checksumListedTwice() {
        assertEquals("storage-areas[0].checksums[1]: 'adler32' is listed twice",
                ConfigTestSupport.errorOf(area("checksums: [adler32, ADLER32]")));
    }

    @Test
    void noChecksumAtAll() {
        assertEquals("storage-areas[0].checksums: at least one is required, e.g. checksums: [adler32]",
                ConfigTestSupport.errorOf(area("checksums: []")));
    }

    @Test
    void tlsProtocol() {
        assertEquals("server.https.protocols[0]: 'TLSv1.1' is not allowed; use one or both of: TLSv1.3, TLSv1.2",
                ConfigTestSupport.errorOf("server: {https: {protocols: [TLSv1.1]}}\n" + ConfigTestSupport.AREA));
    }

    @Test
    void backendType() {
        assertEquals("storage-areas[0].backend.type: 'hpss' is not available in this version; use one of: posix, s3, tape-sim",
                ConfigTestSupport.errorOf("""
                        storage-areas:
                          - name: data
                            access-points: [/data]
                            backend: {type: hpss, bucket: data}
                        """));
    }

    @Test
    void booleans() {
        assertEquals("storage-areas[0].read-only: 'maybe' is not allowed; use true or false",
                ConfigTestSupport.errorOf(area("read-only: maybe")));
    }

    @Test
    void areaName() {
        assertEquals("storage-areas[0].name: 'Data Disk' is not allowed; use lowercase letters, digits, '.', '_' and"
                + " '-', starting with a letter or digit", ConfigTestSupport.errorOf("""
                        storage-areas:
                          - name: Data Disk
                            access-points: [/data]
                            backend: {type: posix, root: /srv/data}
                        """));
    }

    @Test
    void posixRootIsRequired() {
        assertEquals("storage-areas[0].backend.root: is required for a posix backend, e.g. root: /srv/tributary/data",
                ConfigTestSupport.errorOf("""
                        storage-areas:
                          - name: data
                            access-points: [/data]
                            backend: {type: posix}
                        """));
    }
}
