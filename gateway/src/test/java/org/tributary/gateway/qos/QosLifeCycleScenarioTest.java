package org.tributary.gateway.qos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.Locality;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.server.GatewayServer;
import org.tributary.qos.AreaClasses;
import org.tributary.qos.ClassChanges;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.gateway.server.TapeSimExampleTest.eventually;

/**
 * The two life cycles of issue 13 on a real gateway over a simulated tape library (issue 13 "Tests"):
 * <ul>
 *   <li>LOFAR: a new observation stays on CHEAP-ANALYSIS disk for 3 hours, then goes to SAFE tape - by a time rule,
 *       its clock sped up 1800 times (3 h in 6 s);</li>
 *   <li>KM3NeT: FAST → SAFE → CHEAP-ANALYSIS as popularity falls - by class changes as a CDMI request makes them.</li>
 * </ul>
 * Each step is checked where the class promise is kept: the file's locality in the library.
 */
class QosLifeCycleScenarioTest {

    @TempDir
    Path dir;

    GatewayServer start(String area, String classes) throws Exception {
        String yaml = """
                server: {bind: 127.0.0.1, http: {port: 18080}, access-log: off, shutdown-grace: 0s}
                tape-rest: {enabled: false}
                storage-areas:
                  - name: %1$s
                    access-points: [/%1$s]
                    backend: {type: tape-sim, buffer: "%2$s/buffer", library: "%2$s/library", create-directories: true,
                              drives: 2, time-scale: 1000, buffer-capacity: 1GiB, migrate-after: 1s,
                              migrate-batch-bytes: 0, migrate-max-delay: 0s}
                    anonymous: read-write
                    qos:
                %3$s
                """.formatted(area, dir.toAbsolutePath(), classes.indent(6).stripTrailing());
        GatewayConfig parsed = GatewayConfig.parse(yaml, "scenario.yaml");
        GatewayServer server = new GatewayServer(new GatewayConfig(parsed.server().withHttpPort(0), parsed.areas(),
                parsed.tokens(), parsed.tpc(), parsed.tapeRest()));
        try {
            return server.start();
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    @Test
    void lofarObservationGoesFromCheapDiskToSafeTapeAfterThreeHours() throws Exception {
        try (GatewayServer gw = start("lofar", """
                classes:
                  - {name: CHEAP-ANALYSIS, placement: disk, access-point: /lofar/cheap}
                  - {name: SAFE, placement: tape, access-point: /lofar/safe}
                rules:
                  - {path: /cheap, then: [{after: 3h, class: SAFE}]}
                sweep-every: 200ms
                time-scale: 1800
                """)) {
            put(gw, "/lofar/cheap/L123456/obs.h5");
            StorageArea lofar = gw.areas().getFirst();
            AreaPath obs = AreaPath.parse("/cheap/L123456/obs.h5");
            ClassChanges.FileClass first = status(lofar, obs);
            assertEquals("CHEAP-ANALYSIS", first.assigned().name(), "a new observation is on CHEAP-ANALYSIS");
            assertEquals(Locality.DISK, first.entry().locality(), "on disk, and not migrated (placement disk)");

            assertTrue(eventually(() -> {
                ClassChanges.FileClass c = status(lofar, obs);
                return c.assigned().name().equals("SAFE") && c.held();
            }), "SAFE, on tape, once its 3 hours have passed");
            assertEquals(Locality.TAPE, lofar.shared().stat(obs).orElseThrow().locality());
        }
    }

    @Test
    void km3netRunGoesFastThenSafeThenCheapAnalysis() throws Exception {
        try (GatewayServer gw = start("km3net", """
                classes:
                  - {name: FAST, placement: disk, access-point: /km3net/fast}
                  - {name: SAFE, placement: disk+tape, access-point: /km3net/safe}
                  - {name: CHEAP-ANALYSIS, placement: tape, access-point: /km3net/cheap}
                """)) {
            put(gw, "/km3net/fast/run42.root");
            StorageArea km3net = gw.areas().getFirst();
            AreaClasses classes = km3net.classes().orElseThrow();
            AreaPath run = AreaPath.parse("/fast/run42.root");
            assertEquals(Locality.DISK, status(km3net, run).entry().locality());
            assertTrue(status(km3net, run).held(), "FAST holds on disk");

            ClassChanges.change(km3net.shared(), classes, run, classes.byName("SAFE").orElseThrow());
            assertTrue(eventually(() -> status(km3net, run).held()), "SAFE: a tape copy is made");
            assertEquals(Locality.DISK_AND_TAPE, km3net.shared().stat(run).orElseThrow().locality());

            ClassChanges.change(km3net.shared(), classes, run, classes.byName("CHEAP-ANALYSIS").orElseThrow());
            assertTrue(eventually(() -> status(km3net, run).held()), "CHEAP-ANALYSIS: the disk copy goes");
            assertEquals(Locality.TAPE, km3net.shared().stat(run).orElseThrow().locality());
            HttpResponse<String> get = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + gw.httpPort() + "/km3net/fast/run42.root")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, get.statusCode(), "on tape only now: a read waits for a stage request");
        }
    }

    private static ClassChanges.FileClass status(StorageArea area, AreaPath p) throws IOException {
        return ClassChanges.status(area.shared(), area.classes().orElseThrow(), p);
    }

    private static void put(GatewayServer gw, String path) throws Exception {
        assertEquals(201, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + gw.httpPort() + path)).PUT(HttpRequest.BodyPublishers.ofString("bytes of " + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }
}
