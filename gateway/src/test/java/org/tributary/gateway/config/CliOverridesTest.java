package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line flags change the loaded configuration, which is then validated again as a whole. */
class CliOverridesTest {

    @TempDir
    Path dir;

    private GatewayConfig twoAreas() throws ConfigException {
        return ConfigTestSupport.parse(ConfigTestSupport.AREA + """
                  - name: other
                    access-points: [/other]
                    backend: {type: posix, root: /srv/other}
                """);
    }

    @Test
    void noFlagsChangeNothing() throws Exception {
        GatewayConfig config = twoAreas();
        assertSame(config, config.withOverrides(CliOverrides.NONE));
    }

    @Test
    void rootReplacesThePosixRootOfTheFirstAreaOnly() throws Exception {
        GatewayConfig config = twoAreas().withOverrides(new CliOverrides(Path.of("/tmp/x"), null, null, null, null,
                null));
        assertEquals(Path.of("/tmp/x"), config.areas().get(0).backend().root());
        assertEquals(Path.of("/srv/other"), config.areas().get(1).backend().root());
        assertEquals(twoAreas().areas().get(0).accessPoints(), config.areas().get(0).accessPoints());
    }

    @Test
    void rootKeepsTheQosClassesOfTheFirstArea() throws Exception {
        GatewayConfig config = ConfigTestSupport.parse(ConfigTestSupport.AREA
                + "    qos: {classes: [{name: FAST, placement: disk, access-point: /data/fast}]}\n")
                .withOverrides(new CliOverrides(Path.of("/tmp/x"), null, null, null, null, null));
        assertEquals("FAST", config.areas().get(0).qosClasses().classes().getFirst().name());
    }

    @Test
    void httpPortMovesOrEnablesHttp() throws Exception {
        GatewayConfig config = twoAreas().withOverrides(new CliOverrides(null, 9000, null, null, null, null));
        assertEquals(9000, config.server().httpPort());
    }

    @Test
    void httpsPortEnablesTlsWithTheGridDefaultsOrTheGivenFiles() throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        Path key = Files.writeString(dir.resolve("k.pem"), "x");
        GatewayConfig config = twoAreas().withOverrides(new CliOverrides(null, null, 9443, cert, key, null));
        assertEquals(new HttpsConfig(9443, cert, key, List.of("TLSv1.3", "TLSv1.2")), config.server().https());
        assertEquals(8080, config.server().httpPort(), "plain HTTP stays as configured");

        if (!Files.exists(HttpsConfig.DEFAULT_CERTIFICATE)) {
            assertEquals("server.https.certificate: host certificate file /etc/grid-security/hostcert.pem does not"
                    + " exist; point server.https.certificate at a PEM file", assertThrows(ConfigException.class,
                    () -> twoAreas().withOverrides(new CliOverrides(null, null, 9443, null, null, null)))
                    .getMessage());
        }
    }

    @Test
    void hostCertAloneReplacesTheConfiguredCertificate() throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        Path key = Files.writeString(dir.resolve("k.pem"), "x");
        Path newCert = Files.writeString(dir.resolve("new.pem"), "x");
        GatewayConfig config = ConfigTestSupport.parse("server: {https: {port: 8443, certificate: %s, key: %s,"
                .formatted(cert, key) + " protocols: [TLSv1.3]}}\n" + ConfigTestSupport.AREA);

        HttpsConfig https = config.withOverrides(new CliOverrides(null, null, null, newCert, null, null))
                .server().https();

        assertEquals(new HttpsConfig(8443, newCert, key, List.of("TLSv1.3")), https);
        assertNull(config.server().httpPort());
    }

    @Test
    void aMissingHostCertNamesTheFlag() throws Exception {
        Path key = Files.writeString(dir.resolve("k.pem"), "x");
        Path missing = dir.resolve("missing.pem");
        assertEquals("--host-cert: host certificate file " + missing + " does not exist; point --host-cert at a PEM"
                + " file", assertThrows(ConfigException.class, () -> twoAreas().withOverrides(
                new CliOverrides(null, null, 8443, missing, key, null))).getMessage());
    }

    @Test
    void hostCertWithoutHttpsIsAnError() {
        assertEquals("--host-cert: HTTPS is not configured; add --https-port or a server.https section",
                assertThrows(ConfigException.class, () -> twoAreas().withOverrides(
                        new CliOverrides(null, null, null, dir.resolve("c.pem"), null, null))).getMessage());
    }

    @Test
    void bindChangesTheListenAddressAndIsValidated() throws Exception {
        assertEquals("0.0.0.0", twoAreas().withOverrides(new CliOverrides(null, null, null, null, null, "0.0.0.0"))
                .server().bind());
        assertEquals("--bind: 'not an address' is neither an IP address nor a host name",
                assertThrows(ConfigException.class, () -> twoAreas().withOverrides(
                        new CliOverrides(null, null, null, null, null, "not an address"))).getMessage());
    }

    @Test
    void portsAreChecked() {
        assertEquals("--http-port: 0 is not a port; use 1..65535", assertThrows(ConfigException.class,
                () -> twoAreas().withOverrides(new CliOverrides(null, 0, null, null, null, null))).getMessage());
        assertEquals("--https-port: 8080 is also the http port; use two different ports", assertThrows(ConfigException.class, () -> twoAreas()
                .withOverrides(new CliOverrides(null, null, 8080, null, null, null))).getMessage());
    }
}
