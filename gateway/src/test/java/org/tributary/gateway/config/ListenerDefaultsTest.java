package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which listeners exist when sections are omitted, and which ports are accepted. */
class ListenerDefaultsTest {

    @TempDir
    Path dir;

    @Test
    void noServerSectionMeansLoopbackHttpOn8080() throws Exception {
        ServerConfig s = ConfigTestSupport.parse(ConfigTestSupport.AREA).server();
        assertEquals("127.0.0.1", s.bind());
        assertEquals(8080, s.httpPort());
        assertNull(s.https());
    }

    @Test
    void aServerSectionWithoutListenersStillGetsHttp() throws Exception {
        ServerConfig s = ConfigTestSupport.parse("server:\n  bind: '::1'\n" + ConfigTestSupport.AREA).server();
        assertEquals(8080, s.httpPort());
    }

    @Test
    void httpsAloneMeansNoPlainHttp() throws Exception {
        Files.writeString(dir.resolve("c.pem"), "x");
        Files.writeString(dir.resolve("k.pem"), "x");
        ServerConfig s = ConfigTestSupport.parse("""
                server:
                  https: {certificate: %s, key: %s}
                """.formatted(dir.resolve("c.pem"), dir.resolve("k.pem")) + ConfigTestSupport.AREA).server();
        assertNull(s.httpPort());
        assertEquals(8443, s.https().port());
        assertEquals(HttpsConfig.DEFAULT_PROTOCOLS, s.https().protocols());
    }

    @Test
    void anEmptyHttpSectionListensOn8080() throws Exception {
        assertEquals(8080, ConfigTestSupport.parse("server: {http: }\n" + ConfigTestSupport.AREA).server().httpPort());
    }

    @Test
    void portsOutsideTheRangeAreRefused() {
        assertEquals("server.http.port: '0' is not a port; use 1..65535",
                ConfigTestSupport.errorOf("server: {http: {port: 0}}\n" + ConfigTestSupport.AREA));
        assertEquals("server.http.port: '65536' is not a port; use 1..65535",
                ConfigTestSupport.errorOf("server: {http: {port: 65536}}\n" + ConfigTestSupport.AREA));
        assertEquals("server.http.port: 'http' is not a port; use 1..65535",
                ConfigTestSupport.errorOf("server: {http: {port: http}}\n" + ConfigTestSupport.AREA));
    }

    @Test
    void httpAndHttpsCannotShareAPort() throws Exception {
        Files.writeString(dir.resolve("c.pem"), "x");
        Files.writeString(dir.resolve("k.pem"), "x");
        assertEquals("server.https.port: 8443 is also the http port; use two different ports",
                ConfigTestSupport.errorOf("""
                        server:
                          http: {port: 8443}
                          https: {port: 8443, certificate: %s, key: %s}
                        """.formatted(dir.resolve("c.pem"), dir.resolve("k.pem")) + ConfigTestSupport.AREA));
    }

    @Test
    void aBadBindAddressIsNamed() {
        assertEquals("server.bind: '999.1.1.1' is not a valid IP address",
                ConfigTestSupport.errorOf("server: {bind: 999.1.1.1}\n" + ConfigTestSupport.AREA));
        assertEquals("server.bind: '[::1]' is not allowed; write IPv6 addresses without brackets, e.g. ::1",
                ConfigTestSupport.errorOf("server: {bind: '[::1]'}\n" + ConfigTestSupport.AREA));
    }
}
