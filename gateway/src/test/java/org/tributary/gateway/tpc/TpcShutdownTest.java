package org.tributary.gateway.tpc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.server.GatewayServer;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.gateway.tpc.TpcPeers.files;

/**
 * Stopping the gateway while a copy runs: the client reads a final {@code aborted:} line before the grace period is
 * over (not a connection cut mid-stream), and the partial file is gone.
 */
class TpcShutdownTest {

    @TempDir
    Path dir;
    private volatile boolean closing;

    @Test
    void aCopyRunningAtShutdownEndsWithAbortedAndLeavesNothing() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String yaml = "server: {bind: 127.0.0.1, http: {port: " + port + "}, access-log: off, shutdown-grace: 6s}\n"
                + "tpc: {marker-interval: 200ms}\n"
                + "storage-areas:\n"
                + "  - {name: data, access-points: [/data], anonymous: read-write, backend: {type: posix, root: \"" + root + "\"}}\n";
        GatewayServer gw = new GatewayServer(GatewayConfig.parse(yaml, "tpc-shutdown-test.yaml")).start();
        try (TpcPeers.RawSource s = new TpcPeers.RawSource(TpcPeers.TRICKLE);
             Socket c = new Socket("127.0.0.1", gw.httpPort())) {
            c.setSoTimeout(30_000);
            c.getOutputStream().write(("COPY /data/slow HTTP/1.1\r\nHost: x\r\nSource: " + s.url("/f")
                    + "\r\nRequireChecksumVerification: false\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = c.getInputStream();
            byte[] first = new byte[12];
            assertEquals(12, in.readNBytes(first, 0, 12));
            assertEquals("HTTP/1.1 202", new String(first, StandardCharsets.US_ASCII));
            // Wait for the temporary (bounded, not a fixed sleep: under load the first bytes can take seconds).
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (files(root).isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
            assertEquals(1, files(root).size(), "the temporary exists while the copy runs");

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
                closing = true;
                try {
                    gw.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            in.transferTo(rest); // to the end of the response: the server shuts its side of the connection
            c.close();           // and waits for ours, as a real client does after the final line
            String body = rest.toString(StandardCharsets.US_ASCII);
            assertTrue(body.contains("aborted: ") && body.contains(TpcMethod.SHUTTING_DOWN), body);
            stopped.get(30, TimeUnit.SECONDS);
            assertEquals(List.of(), files(root), "no partial file, no temporary");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!s.closedByPeer && System.nanoTime() < until) Thread.sleep(50);
            assertTrue(s.closedByPeer, "the source connection was closed");
        } finally {
            if (!closing) gw.close();
        }
    }
}
