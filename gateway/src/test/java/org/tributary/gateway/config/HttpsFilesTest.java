package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With HTTPS configured, certificate and key must be readable files; the message names the file and the key. */
class HttpsFilesTest {

    @TempDir
    Path dir;

    private static String https(Path cert, Path key) {
        return """
                server:
                  https:
                    certificate: %s
                    key: %s
                """.formatted(cert, key) + ConfigTestSupport.AREA;
    }

    @Test
    void missingCertificate() throws Exception {
        Path key = Files.writeString(dir.resolve("hostkey.pem"), "x");
        Path cert = dir.resolve("hostcert.pem");
        assertEquals("server.https.certificate: host certificate file " + cert + " does not exist; point"
                + " server.https.certificate at a PEM file", ConfigTestSupport.errorOf(https(cert, key)));
    }

    @Test
    void missingKey() throws Exception {
        Path cert = Files.writeString(dir.resolve("hostcert.pem"), "x");
        Path key = dir.resolve("hostkey.pem");
        assertEquals("server.https.key: host key file " + key + " does not exist; point server.https.key at a PEM"
                + " file", ConfigTestSupport.errorOf(https(cert, key)));
    }

    @Test
    void theGridDefaultsAreUsedWhenNotGiven() {
        // This machine has no /etc/grid-security, so the default path shows up in the message.
        assumeFalse(Files.exists(HttpsConfig.DEFAULT_CERTIFICATE));
        assertEquals("server.https.certificate: host certificate file /etc/grid-security/hostcert.pem does not"
                        + " exist; point server.https.certificate at a PEM file",
                ConfigTestSupport.errorOf("server: {https: {port: 8443}}\n" + ConfigTestSupport.AREA));
    }

    @Test
    void aDirectoryIsNotAKey() throws Exception {
        Path cert = Files.writeString(dir.resolve("hostcert.pem"), "x");
        assertEquals("server.https.key: host key " + dir + " is not a regular file",
                ConfigTestSupport.errorOf(https(cert, dir)));
    }

    @Test
    void unreadableKey() throws Exception {
        Path cert = Files.writeString(dir.resolve("hostcert.pem"), "x");
        Path key = Files.writeString(dir.resolve("hostkey.pem"), "x");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(key), "running as root: every file is readable");
        assertTrue(ConfigTestSupport.errorOf(https(cert, key))
                .startsWith("server.https.key: host key file " + key + " is not readable by user "));
    }

    @Test
    void readableFilesAreAccepted() throws Exception {
        Path cert = Files.writeString(dir.resolve("hostcert.pem"), "x");
        Path key = Files.writeString(dir.resolve("hostkey.pem"), "x");
        HttpsConfig https = ConfigTestSupport.parse(https(cert, key)).server().https();
        assertEquals(cert, https.certificate());
        assertEquals(key, https.key());
    }
}
