package org.tributary.gateway.tpc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.Locality;
import org.tributary.gateway.TestGateway;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.server.GatewayServer;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.gateway.tpc.TpcPeers.lastLine;
import static org.tributary.gateway.tpc.TpcPeers.send;

/**
 * Issue 13 item 2 on tape: the KM3NeT sequence FAST (disk) → SAFE (disk+tape) → CHEAP-ANALYSIS (tape) as Rucio makes
 * it, by third-party copies between the class access points of one tape-sim area. Each copy is done in place (the TPC
 * client moves nothing), answers {@code success:} only once the target class holds (SAFE: on tape; CHEAP-ANALYSIS: its
 * tape copy is the one SAFE's migration wrote, so the library writes nothing more), and deleting a source replica
 * leaves the target intact. Back to FAST from the tape-only replica is a recall: {@code success:} once on disk.
 */
class InPlaceTapeTransitionTest {

    @TempDir
    static Path dir;
    static GatewayServer gw;
    static Path library;

    @BeforeAll
    static void start() throws Exception {
        Path buffer = Files.createDirectories(dir.resolve("buffer")).toRealPath();
        library = Files.createDirectories(dir.resolve("library")).toRealPath();
        String yaml = "server: {bind: 127.0.0.1, http: {port: 18080}, access-log: off, shutdown-grace: 0s}\n"
                + "tpc: {marker-interval: 200ms}\n"
                + "storage-areas:\n"
                + "  - name: km3net\n    access-points: [/km3net]\n    anonymous: read-write\n"
                + "    backend: {type: tape-sim, buffer: \"" + buffer + "\", library: \"" + library + "\", drives: 1,"
                + " time-scale: 100000, buffer-capacity: 1GiB, migrate-after: 1h, migrate-batch-bytes: 0,"
                + " migrate-max-delay: 0s}\n"
                + "    qos: {classes: [{name: FAST, placement: disk, access-point: /km3net/fast},"
                + " {name: SAFE, placement: disk+tape, access-point: /km3net/safe},"
                + " {name: CHEAP-ANALYSIS, placement: tape, access-point: /km3net/cheap}]}\n"
                + "tape-rest: {sitename: TEST, state-directory: \"" + dir.resolve("state") + "\"}\n";
        GatewayConfig parsed = GatewayConfig.parse(yaml, "in-place-tape.yaml");
        gw = new GatewayServer(new GatewayConfig(parsed.server().withHttpPort(0), parsed.areas(), parsed.tokens(),
                parsed.tpc(), parsed.tapeRest(), parsed.site(), parsed.cdmi())).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) gw.close();
    }

    static String url(String path) { return "http://127.0.0.1:" + gw.httpPort() + path; }

    static String counter() {
        return gw.tpcCounter().transfersStarted() + "/" + gw.tpcCounter().bytesTransferred();
    }

    static Locality locality(String sharedPath) throws Exception {
        return gw.areas().getFirst().shared().stat(AreaPath.parse(sharedPath)).orElseThrow().locality();
    }

    /** Bytes the library's cartridges hold: what tape writes cost. */
    static long cartridgeBytes() throws Exception {
        Path cartridges = library.resolve("cartridges");
        if (!Files.exists(cartridges)) return 0;
        try (Stream<Path> s = Files.walk(cartridges)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void fastToSafeToCheapAnalysisInPlace() throws Exception {
        byte[] bytes = "a KM3NeT run, popular for a week".getBytes(StandardCharsets.UTF_8);
        assertEquals(201, TpcPeers.put(url("/km3net/fast/run7/f"), bytes).statusCode());
        assertEquals(Locality.DISK, locality("/fast/run7/f"), "FAST is disk only: never migrated");
        String before = counter();

        // Rucio's rule on the SAFE RSE: gfal2 makes the parent, then FTS pulls from the FAST replica
        assertEquals(201, send("MKCOL", url("/km3net/safe/run7")).statusCode());
        HttpResponse<String> r = send("COPY", url("/km3net/safe/run7/f"), "Source", url("/km3net/fast/run7/f"));
        assertEquals(202, r.statusCode(), r.body());
        assertEquals("success: Created", lastLine(r.body()), r.body());
        assertEquals(Locality.DISK_AND_TAPE, locality("/safe/run7/f"), "success waits for the tape copy");
        long written = cartridgeBytes();
        assertTrue(written >= bytes.length, "SAFE's migration wrote the file to tape: " + written);

        // popularity falls: CHEAP-ANALYSIS replica from the SAFE one, then the SAFE and FAST replicas go
        assertEquals(201, send("MKCOL", url("/km3net/cheap/run7")).statusCode());
        r = send("COPY", url("/km3net/cheap/run7/f"), "Source", url("/km3net/safe/run7/f"));
        assertEquals("success: Created", lastLine(r.body()), r.body());
        assertEquals(written, cartridgeBytes(), "the tape copy is shared: nothing written to tape again");
        assertEquals(204, send("DELETE", url("/km3net/safe/run7/f")).statusCode());
        assertEquals(204, send("DELETE", url("/km3net/fast/run7/f")).statusCode());
        assertTrue(TestGateway.eventually(() -> {
            try {
                return locality("/cheap/run7/f") == Locality.TAPE;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }), "CHEAP-ANALYSIS is tape only: the disk copy is evicted");
        assertEquals(before, counter(), "no byte crossed the network: the TPC client moved nothing");
        assertEquals(503, send("GET", url("/km3net/cheap/run7/f")).statusCode(), "read after a stage");

        // popular again: a FAST replica from the tape-only one is a recall, and success waits for the bytes on disk
        r = send("COPY", url("/km3net/fast/run7/f"), "Source", url("/km3net/cheap/run7/f"));
        assertEquals("success: Created", lastLine(r.body()), r.body());
        assertTrue(locality("/fast/run7/f").online(), "FAST holds: on disk");
        HttpResponse<String> get = send("GET", url("/km3net/fast/run7/f"));
        assertEquals(200, get.statusCode());
        assertEquals(new String(bytes, StandardCharsets.UTF_8), get.body());
        assertEquals(written, cartridgeBytes(), "a recall writes no tape");
        assertEquals(before, counter());
    }
}
