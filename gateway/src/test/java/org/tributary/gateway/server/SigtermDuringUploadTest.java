package org.tributary.gateway.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.TestGateway;
import org.tributary.gateway.cli.Main;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM to a real gateway process ({@code tributary serve}) during an upload: an upload that pauses and finishes
 * within {@code shutdown-grace} is stored; one that outlasts it is aborted, and its temporary is gone when the
 * process has exited (the shutdown hook runs the whole graceful close, not only Jetty's stop).
 */
class SigtermDuringUploadTest {

    static final int SIZE = 256 * 1024;

    @TempDir
    Path dir;

    record Gateway(Process process, int port, Path root, Path stderr) { }

    Gateway launch(String grace) throws Exception {
        Path root = Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // tiny race until the gateway binds it; YAML has no "any port"
        }
        Path config = Files.writeString(dir.resolve("sigterm.yaml"),
                "server: {bind: 127.0.0.1, http: {port: " + port + "}, access-log: off, shutdown-grace: " + grace
                        + ", idle-timeout: 30s}\n"
                        + "storage-areas:\n  - {name: data, access-points: [/data], anonymous: read-write,"
                        + " backend: {type: posix, root: \"" + root + "\"}}\n");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--config", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
        boolean up = false;
        for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); !up && p.isAlive() && System.nanoTime() < until; ) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                up = true;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        if (!up) {
            p.destroyForcibly();
            throw new AssertionError("the gateway did not start: " + Files.readString(stderr));
        }
        return new Gateway(p, port, root, stderr);
    }

    static byte[] body() {
        byte[] b = new byte[SIZE];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (i * 13 + 5);
        return b;
    }

    @Test
    void aPausedUploadThatFinishesWithinTheGraceIsStored() throws Exception {
        Gateway gw = launch("20s");
        try (Socket s = RawHttp.connect(gw.port())) {
            byte[] body = body();
            OutputStream out = s.getOutputStream();
            out.write(RawHttp.head(gw.port(), "PUT", "/data/paused.bin", (long) SIZE));
            out.write(body, 0, SIZE / 2);
            out.flush();
            assertTrue(TestGateway.eventually(() -> !TestGateway.temporaries(gw.root()).isEmpty()), "upload runs");
            gw.process().destroy(); // SIGTERM
            Thread.sleep(2500);     // the pause, longer than Jetty's idle timeout while stopping (1s)
            assertTrue(gw.process().isAlive(), "the gateway waits for the running upload");
            out.write(body, SIZE / 2, SIZE - SIZE / 2);
            out.flush();
            assertEquals(201, RawHttp.read(s.getInputStream(), false).status());
            assertTrue(gw.process().waitFor(30, TimeUnit.SECONDS), "the gateway exits once the upload is done");
            assertArrayEquals(body, Files.readAllBytes(gw.root().resolve("paused.bin")));
        } finally {
            gw.process().destroyForcibly();
        }
    }

    @Test
    void anUploadThatOutlastsTheGraceLeavesNothingOnceTheProcessHasExited() throws Exception {
        Gateway gw = launch("2s");
        try (Socket s = RawHttp.connect(gw.port())) {
            byte[] body = body();
            OutputStream out = s.getOutputStream();
            out.write(RawHttp.head(gw.port(), "PUT", "/data/long.bin", (long) SIZE));
            out.write(body, 0, SIZE / 2);
            out.flush();
            assertTrue(TestGateway.eventually(() -> !TestGateway.temporaries(gw.root()).isEmpty()), "upload runs");
            gw.process().destroy(); // SIGTERM
            int sent = SIZE / 2;
            try {
                while (gw.process().isAlive() && sent < SIZE - 1) {
                    out.write(body[sent++]);
                    out.flush();
                    Thread.sleep(200);
                }
                s.shutdownOutput();
                assertNotEquals(500, RawHttp.read(s.getInputStream(), false).status());
            } catch (IOException closedByTheServer) {
                // the clean end when no answer can be sent
            }
            assertTrue(gw.process().waitFor(30, TimeUnit.SECONDS), "the gateway exits after the grace period");
            assertTrue(sent < SIZE - 1, "the upload was still running when the grace period ended");
            assertEquals(List.of(), TestGateway.temporaries(gw.root()), "temporaries left after exit");
            assertFalse(Files.exists(gw.root().resolve("long.bin")));
            String err = Files.readString(gw.stderr());
            assertFalse(err.contains("\tat ") || err.contains("internal error"), "server log: " + err);
        } finally {
            gw.process().destroyForcibly();
        }
    }
}
