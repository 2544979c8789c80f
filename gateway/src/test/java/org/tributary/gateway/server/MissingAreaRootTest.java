package org.tributary.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.config.CliOverrides;
import org.tributary.gateway.config.ConfigException;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.ServerConfig;

/**
 * A posix area whose root does not exist stops the gateway at start with the key and the path (a typo in a path must
 * not become an empty storage element), unless the configuration asks for the root to be created
 * ({@code create-root: true}), as the embedded default of {@code tributary serve [--root DIR]} does.
 */
class MissingAreaRootTest {

    @TempDir
    Path dir;

    static String yaml(Path first, Path second, String extra) {
        return """
                server:
                  bind: 127.0.0.1
                  http: { port: 18080 }
                  access-log: off
                  shutdown-grace: 0s
                storage-areas:
                  - name: present
                    access-points: [/present]
                    backend: { type: posix, root: "%s" }
                  - name: typo
                    access-points: [/typo]
                    backend: { type: posix, root: "%s"%s }
                """.formatted(first, second, extra);
    }

    /** Starts on an ephemeral port, as TestGateway does. */
    static GatewayServer start(GatewayConfig parsed) throws Exception {
        ServerConfig s = parsed.server();
        GatewayServer server = new GatewayServer(new GatewayConfig(new ServerConfig(s.bind(), 0, s.https(),
                s.allowAnonymousWriteOnNetwork(), s.shutdownGrace(), s.accessLog()), parsed.areas()));
        try {
            return server.start();
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    @Test
    void aMissingRootStopsTheStartNamingTheKeyAndThePath() throws Exception {
        Path present = Files.createDirectory(dir.resolve("present"));
        Path missing = dir.resolve("no-such").resolve("dir");
        GatewayConfig c = GatewayConfig.parse(yaml(present, missing, ""), "site.yaml");
        IOException e = assertThrows(IOException.class, () -> start(c).close());
        assertEquals("storage-areas[1].backend.root: " + missing + " does not exist (storage area 'typo'); fix the"
                + " path, create the directory, or set create-root: true in the backend section to have it created"
                + " at start", e.getMessage());
        assertFalse(Files.exists(missing), "nothing was created");
        assertFalse(Files.exists(missing.getParent()));

        // a file where the root should be is refused too
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        GatewayConfig f = GatewayConfig.parse(yaml(present, file, ""), "site.yaml");
        IOException notDir = assertThrows(IOException.class, () -> start(f).close());
        assertTrue(notDir.getMessage().startsWith("storage-areas[1].backend.root: " + file + " is not a directory"),
                notDir.getMessage());
    }

    @Test
    void createRootTrueCreatesIt() throws Exception {
        Path present = Files.createDirectory(dir.resolve("present"));
        Path missing = dir.resolve("new").resolve("area");
        GatewayConfig c = GatewayConfig.parse(yaml(present, missing, ", create-root: true"), "site.yaml");
        try (GatewayServer s = start(c)) {
            assertTrue(Files.isDirectory(missing));
            assertEquals(2, s.areas().size());
        }
        assertTrue(c.toYaml().contains("create-root: true"), "check-config prints it: " + c.toYaml());
    }

    @Test
    void createRootMustBeABoolean() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GatewayConfig.parse(yaml(dir, dir, ", create-root: maybe"), "site.yaml"));
        assertTrue(e.getMessage().contains("storage-areas[1].backend.create-root: must be true or false"), e.getMessage());
    }

    @Test
    void theEmbeddedDefaultCreatesItsRootAlsoWithRootGivenOnTheCommandLine() throws Exception {
        Path root = dir.resolve("cli").resolve("data");
        GatewayConfig c = GatewayConfig.embeddedDefault()
                .withOverrides(new CliOverrides(root, null, null, null, null, null));
        try (GatewayServer s = start(c)) {
            assertTrue(Files.isDirectory(root));
        }
    }

    @Test
    void rootGivenOnTheCommandLineWithASiteConfigurationIsNotCreated() throws Exception {
        Path present = Files.createDirectory(dir.resolve("present"));
        GatewayConfig site = GatewayConfig.parse(yaml(present, present, ""), "site.yaml");
        Path typo = dir.resolve("typo");
        GatewayConfig c = site.withOverrides(new CliOverrides(typo, null, null, null, null, null));
        IOException e = assertThrows(IOException.class, () -> start(c).close());
        assertTrue(e.getMessage().startsWith("storage-areas[0].backend.root: " + typo + " does not exist"), e.getMessage());
        assertFalse(Files.exists(typo));
    }
}
