package org.tributary.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.config.GatewayConfig;

/**
 * Fault: a tape area's disk buffer is full and nothing in it may be evicted (nothing is on tape yet): a PUT is refused
 * with 507 and the reason before its body is stored, and leaves nothing in the buffer.
 */
class TapeBufferFullTest {

    @TempDir
    Path dir;

    @Test
    void aPutIntoAFullBufferIs507AndLeavesNothing() throws Exception {
        String yaml = """
                server: {bind: 127.0.0.1, http: {port: 18080}, access-log: off, shutdown-grace: 0s}
                tape-rest: {enabled: false}
                storage-areas:
                  - name: tape
                    access-points: [/tape]
                    anonymous: read-write
                    backend: {type: tape-sim, buffer: "%s", library: "%s", create-directories: true, time-scale: 1000,
                              buffer-capacity: 1KiB, migrate-after: 1h}
                """.formatted(dir.resolve("buffer"), dir.resolve("library"));
        GatewayConfig parsed = GatewayConfig.parse(yaml, "tape-full.yaml");
        try (GatewayServer server = new GatewayServer(new GatewayConfig(parsed.server().withHttpPort(0), parsed.areas(), parsed.tokens(), parsed.tpc(), parsed.tapeRest())).start()) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.httpPort() + "/tape/";
            assertEquals(201, put(http, base + "a", 800).statusCode());
            HttpResponse<String> full = put(http, base + "b", 800);
            assertEquals(507, full.statusCode());
            assertTrue(full.body().contains("disk buffer is full"), full.body());
            try (var files = Files.list(dir.resolve("buffer"))) {
                assertEquals(List.of("a"), files.map(f -> f.getFileName().toString()).toList());
            }
        }
    }

    static HttpResponse<String> put(HttpClient http, String url, int bytes) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[bytes]))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
