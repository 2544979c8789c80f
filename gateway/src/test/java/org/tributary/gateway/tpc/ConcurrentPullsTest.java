package org.tributary.gateway.tpc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.gateway.tpc.TpcPeers.head;
import static org.tributary.gateway.tpc.TpcPeers.lastLine;

/**
 * 300 concurrent pulls (the FTS figure of issue 4) from one slow source: all are admitted (max-active 300), share the
 * client's 64 connections to that host, and all end with success and a complete file.
 */
class ConcurrentPullsTest {

    @TempDir
    Path dir;

    @Test
    void threeHundredConcurrentPullsFromOneHost() throws Exception {
        byte[] body = new byte[64 * 1024];
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        try (TpcPeers.Gw dst = new TpcPeers.Gw(dir, "");
             TpcPeers.RawSource src = new TpcPeers.RawSource((line, h, out) -> {
                 peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                 try {
                     head(out, "200 OK", "Content-Length", String.valueOf(body.length));
                     Thread.sleep(200);
                     out.write(body);
                     out.flush();
                 } finally {
                     inFlight.decrementAndGet();
                 }
             })) {
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                all.add(TpcPeers.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(dst.url("/data/f" + i)))
                        .timeout(Duration.ofSeconds(120)).method("COPY", HttpRequest.BodyPublishers.noBody())
                        .header("Source", src.url("/f" + i)).header("RequireChecksumVerification", "false").build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            int ok = 0;
            for (var f : all) {
                HttpResponse<String> r = f.get();
                if (r.statusCode() == 202 && lastLine(r.body()).equals("success: Created")) ok++;
                else System.err.println(r.statusCode() + " " + r.body());
            }
            assertEquals(300, ok);
            assertEquals(300, TpcPeers.files(dst.root).size());
            assertEquals(body.length, Files.size(dst.root.resolve("f299")));
            assertTrue(peak.get() <= 64, "at most 64 connections per remote host, saw " + peak.get());
            assertTrue(peak.get() > 1, "transfers ran concurrently");
        }
    }
}
