package org.tributary.gateway.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.CapturedStderr;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.TestGateway;
import org.tributary.gateway.config.GatewayConfig;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A graceful stop ({@code shutdown-grace}) keeps running uploads on their normal timeouts: one that pauses for longer
 * than a second (Jetty's default idle timeout while stopping) and then finishes within the grace period is stored.
 * One that outlasts the grace period is aborted cleanly when it ends: no 500, no stack trace in the server log,
 * nothing stored, and its temporary is gone by the time the stop has returned (a process exits then). Idle
 * kept-alive connections are closed as soon as the stop begins, so they do not hold it for the grace period.
 */
class UploadDuringShutdownTest {

    static final int SIZE = 256 * 1024;

    @TempDir
    Path dir;

    GatewayServer start(Path root, String grace) throws Exception {
        String yaml = "server: {bind: 127.0.0.1, http: {port: 18080}, access-log: off, shutdown-grace: " + grace
                + ", idle-timeout: 30s}\n"
                + "storage-areas:\n"
                + "  - {name: data, access-points: [/data], anonymous: read-write, backend: {type: posix, root: \""
                + root + "\"}}\n";
        GatewayConfig parsed = GatewayConfig.parse(yaml, "shutdown-test.yaml");
        return new GatewayServer(new GatewayConfig(parsed.server().withHttpPort(0), parsed.areas())).start();
    }

    static byte[] body() {
        byte[] b = new byte[SIZE];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 31 + 7);
        return b;
    }

    static CompletableFuture<Void> stopAsync(GatewayServer gw) {
        return CompletableFuture.runAsync(() -> {
            try {
                gw.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void anUploadThatPausesDuringTheStopAndFinishesWithinTheGraceIsStored() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data"));
        GatewayServer gw = start(root, "20s");
        CompletableFuture<Void> stopped = null;
        try (CapturedStderr err = new CapturedStderr(); Socket s = RawHttp.connect(gw.httpPort())) {
            byte[] body = body();
            OutputStream out = s.getOutputStream();
            out.write(RawHttp.head(gw.httpPort(), "PUT", "/data/paused.bin", (long) SIZE));
            out.write(body, 0, SIZE / 2);
            out.flush();
            assertTrue(TestGateway.eventually(() -> !TestGateway.temporaries(root).isEmpty()), "the upload is running");
            stopped = stopAsync(gw);
            Thread.sleep(2500); // the pause: longer than the idle timeout Jetty uses while stopping (1s)
            assertFalse(stopped.isDone(), "the stop waits for the running upload");
            out.write(body, SIZE / 2, SIZE - SIZE / 2);
            out.flush();
            RawHttp.Response r = RawHttp.read(s.getInputStream(), false);
            assertEquals(201, r.status(), r.toString());
            stopped.get(30, TimeUnit.SECONDS);
            assertArrayEquals(body, Files.readAllBytes(root.resolve("paused.bin")));
            assertEquals(java.util.List.of(), TestGateway.temporaries(root));
            assertFalse(err.hasStackTrace(), "server log: " + err.text());
        } finally {
            if (stopped == null) gw.close();
        }
    }

    @Test
    void anUploadThatOutlastsTheGraceIsAbortedCleanlyAndLeavesNothing() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data"));
        GatewayServer gw = start(root, "2s");
        CompletableFuture<Void> stopped = null;
        try (CapturedStderr err = new CapturedStderr(); Socket s = RawHttp.connect(gw.httpPort())) {
            byte[] body = body();
            OutputStream out = s.getOutputStream();
            out.write(RawHttp.head(gw.httpPort(), "PUT", "/data/long.bin", (long) SIZE));
            out.write(body, 0, SIZE / 2);
            out.flush();
            assertTrue(TestGateway.eventually(() -> !TestGateway.temporaries(root).isEmpty()), "the upload is running");
            stopped = stopAsync(gw);
            // Keep the upload alive (a byte now and then, well within the idle timeout) until the server ends it.
            int sent = SIZE / 2;
            try {
                while (!stopped.isDone() && sent < SIZE - 1) {
                    out.write(body[sent++]);
                    out.flush();
                    Thread.sleep(200);
                }
                s.shutdownOutput();
                RawHttp.Response r = RawHttp.read(s.getInputStream(), false);
                // The stop closed the connection (nothing to read), or the answer says to come back.
                assertEquals(503, r.status(), r.toString());
                assertTrue(r.headers().containsKey("retry-after"), r.toString());
            } catch (IOException closedByTheServer) {
                // the clean end when no answer can be sent
            }
            stopped.get(30, TimeUnit.SECONDS);
            assertEquals(java.util.List.of(), TestGateway.temporaries(root), "temporaries left after the stop returned");
            assertFalse(Files.exists(root.resolve("long.bin")));
            assertTrue(sent < SIZE - 1, "the upload was still running when the grace period ended");
            assertFalse(err.hasStackTrace(), "server log: " + err.text());
        } finally {
            if (stopped == null) gw.close();
        }
    }


    @Test
    void anIdleKeptAliveConnectionIsClosedWhenTheStopBeginsWhileAnUploadGoesOn() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data"));
        Files.writeString(root.resolve("f"), "content");
        GatewayServer gw = start(root, "20s");
        CompletableFuture<Void> stopped = null;
        try (Socket running = RawHttp.connect(gw.httpPort()); Socket idle = RawHttp.connect(gw.httpPort())) {
            byte[] body = body();
            OutputStream out = running.getOutputStream();
            out.write(RawHttp.head(gw.httpPort(), "PUT", "/data/running.bin", (long) SIZE));
            out.write(body, 0, SIZE / 2);
            out.flush();
            assertTrue(TestGateway.eventually(() -> !TestGateway.temporaries(root).isEmpty()), "the upload is running");
            idle.getOutputStream().write("GET /data/f HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals(200, RawHttp.read(idle.getInputStream(), false).status());
            stopped = stopAsync(gw);
            assertEquals(-1, idle.getInputStream().read(), "the idle connection is closed");
            out.write(body, SIZE / 2, SIZE - SIZE / 2);
            out.flush();
            assertEquals(201, RawHttp.read(running.getInputStream(), false).status(),
                    "the upload still runs: the idle connection was closed before the grace period ended");
            stopped.get(30, TimeUnit.SECONDS);
            assertArrayEquals(body, Files.readAllBytes(root.resolve("running.bin")));
        } finally {
            if (stopped == null) gw.close();
        }
    }
}
