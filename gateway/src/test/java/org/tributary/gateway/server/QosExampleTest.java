package org.tributary.gateway.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.Locality;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.qos.ClassChanges;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * packaging/examples/qos.yaml as shipped (only its relative directories moved into a scratch directory and the port
 * left to the kernel): it passes the configuration check, serves its three classes, and a LOFAR observation written
 * to the plain view goes from FAST (disk) to SAFE (disk and tape) when its 3 hours have passed on the rules' clock.
 */
class QosExampleTest {

    @TempDir
    Path dir;

    GatewayConfig config() throws Exception {
        String yaml = Files.readString(org.tributary.gateway.TestGateway.projectFile("packaging/examples/qos.yaml"))
                .replace("./qos/", dir.toAbsolutePath() + "/qos/");
        GatewayConfig parsed = GatewayConfig.parse(yaml, "qos.yaml");
        assertEquals(parsed, GatewayConfig.parse(parsed.toYaml(), "check-config"), "check-config prints what it read");
        return new GatewayConfig(parsed.server().withHttpPort(0), parsed.areas(), parsed.tokens(), parsed.tpc(),
                parsed.tapeRest());
    }

    @Test
    void theExampleMovesALofarObservationToTapeAfterThreeHours() throws Exception {
        GatewayConfig config = config();
        GatewayServer server;
        try {
            server = new GatewayServer(config).start();
        } catch (IOException e) {
            throw e;
        }
        try (server) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.httpPort();
            for (String p : new String[] {"/lake/lofar/obs1", "/lake/safe/x", "/lake/cheap/y", "/lake/fast/z"}) {
                assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(base + p)).PUT(
                        HttpRequest.BodyPublishers.ofString("data of " + p)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode(), p);
            }
            StorageArea lake = server.areas().getFirst();
            var classes = lake.classes().orElseThrow();
            AreaPath obs = AreaPath.parse("/lofar/obs1");
            assertTrue(TapeSimExampleTest.eventually(() -> {
                ClassChanges.FileClass c = ClassChanges.status(lake.shared(), classes, obs);
                return c.assigned().name().equals("SAFE") && c.held();
            }), "SAFE and on tape once 3 h passed on the rules' clock (3 s)");
            assertEquals(Locality.DISK_AND_TAPE, lake.shared().stat(obs).orElseThrow().locality());
            assertTrue(TapeSimExampleTest.eventually(() -> ClassChanges.status(lake.shared(), classes,
                    AreaPath.parse("/cheap/y")).held()), "CHEAP-ANALYSIS: on tape only");
        }
    }
}
