package org.tributary.gateway.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Locality;
import org.tributary.backend.staging.StageProgress;
import org.tributary.backend.staging.Staging;
import org.tributary.gateway.config.GatewayConfig;

/**
 * packaging/examples/tape-sim.yaml as shipped (only its relative directories moved into a scratch directory and the
 * port left to the kernel): it passes the configuration check, serves, and a file written to it reaches tape, leaves
 * the disk when released, is still answered by HEAD (size, NEARLINE), is refused with a reason that says to stage it,
 * and is served again once staged.
 */
public class TapeSimExampleTest {

    @TempDir
    Path dir;

    static Path example() {
        return org.tributary.gateway.TestGateway.projectFile("packaging/examples/tape-sim.yaml");
    }

    @Test
    void theExampleServesATapeArea() throws Exception {
        String yaml = Files.readString(example()).replace("./tape/", dir.toAbsolutePath() + "/tape/");
        GatewayConfig parsed = GatewayConfig.parse(yaml, "tape-sim.yaml");
        GatewayConfig config = new GatewayConfig(parsed.server().withHttpPort(0), parsed.areas(), parsed.tokens(), parsed.tpc(), parsed.tapeRest());
        try (GatewayServer server = new GatewayServer(config).start()) {
            HttpClient http = HttpClient.newHttpClient();
            URI f = URI.create("http://127.0.0.1:" + server.httpPort() + "/tape/run1/f");
            byte[] content = "bytes that go to tape".getBytes(StandardCharsets.UTF_8);
            assertEquals(201, http.send(HttpRequest.newBuilder(f).PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode());

            var backend = server.areas().getFirst().backend();
            Staging staging = backend.feature(Staging.class).orElseThrow();
            AreaPath p = AreaPath.parse("/run1/f");
            assertTrue(eventually(() -> backend.stat(p).map(EntryInfo::locality).orElseThrow() == Locality.DISK_AND_TAPE),
                    "on tape a few seconds after it was written (migrate-after: 2s)");
            staging.stage("r1", List.of(p), Instant.now());
            staging.release("r1", List.of(p)); // evict-on-release: true
            assertEquals(Locality.TAPE, backend.stat(p).orElseThrow().locality());

            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(f).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, head.statusCode(), "a HEAD is answered from the catalogue, no recall");
            assertEquals(String.valueOf(content.length), head.headers().firstValue("Content-Length").orElseThrow());
            assertEquals("NEARLINE", head.headers().firstValue("FileLocality").orElseThrow());

            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(f).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode(), "nearline: retry once staged");
            assertTrue(refused.body().contains("stage it first"), refused.body());

            staging.stage("r2", List.of(p), Instant.now().plusSeconds(3600));
            assertTrue(eventually(() -> staging.progress("r2", p).state() == StageProgress.State.ON_DISK), "recalled");
            assertArrayEquals(content, http.send(HttpRequest.newBuilder(f).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body());
        }
    }

    public interface Check {
        boolean holds() throws Exception;
    }

    /** Polls for at most 30 s (a bound on a broken build, never a measurement). */
    public static boolean eventually(Check c) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!c.holds()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(20);
        }
        return true;
    }
}
