package org.tributary.tpc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.checksum.ChecksummingBackend;
import org.tributary.backend.posix.PosixBackend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.Adler32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine alone against a real loopback source (raw sockets, so faults are real) into a real POSIX backend. */
class PullTransferTest {

    @TempDir
    Path dir;
    TpcEngine engine;
    StorageBackend backend;
    ServerSocket source;
    final byte[] data = new byte[700_001];
    volatile String mode = "ok";
    final AtomicInteger ranged = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        new Random(7).nextBytes(data);
        engine = new TpcEngine(TpcSettings.defaults().withAllowLoopback(true).withStreamChunk(64 * 1024));
        backend = new ChecksummingBackend(PosixBackend.open(Files.createDirectories(dir.resolve("root"))),
                List.of(ChecksumAlgorithm.ADLER32));
        source = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!source.isClosed()) {
                try {
                    Socket s = source.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        source.close();
        engine.close();
        backend.close();
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String line = readLine(in);
                if (line == null || line.isEmpty()) return;
                String range = null;
                String h;
                while ((h = readLine(in)) != null && !h.isEmpty()) {
                    if (h.regionMatches(true, 0, "Range:", 0, 6)) range = h.substring(6).trim();
                }
                boolean head = line.startsWith("HEAD");
                String digest = mode.equals("bad-digest") ? "00000001" : adler(data);
                if (range != null) {
                    ranged.incrementAndGet();
                    String[] ab = range.substring("bytes=".length()).split("-");
                    int a = Integer.parseInt(ab[0]);
                    int b = Integer.parseInt(ab[1]);
                    write(out, "HTTP/1.1 206 Partial Content\r\nContent-Length: " + (b - a + 1) + "\r\nContent-Range: bytes "
                            + a + "-" + b + "/" + data.length + "\r\n\r\n");
                    out.write(data, a, b - a + 1);
                } else {
                    write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + data.length + "\r\nAccept-Ranges: bytes\r\nDigest: adler32="
                            + digest + "\r\n\r\n");
                    if (!head) {
                        if (mode.equals("cut")) {
                            out.write(data, 0, 100_000);
                            out.flush();
                            return;
                        }
                        if (mode.equals("slow")) {
                            for (int i = 0; i < 100; i++) {
                                out.write(data, i * 1000, 1000);
                                out.flush();
                                Thread.sleep(50);
                            }
                            return;
                        }
                        out.write(data);
                    }
                }
                out.flush();
            }
        } catch (Exception e) {
            // the client went away
        }
    }

    static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') return b.toString().replace("\r", "");
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }

    static String adler(byte[] b) {
        Adler32 a = new Adler32();
        a.update(b);
        return String.format("%08x", a.getValue());
    }

    PullTransfer transfer(int streams, boolean verify) throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + source.getLocalPort() + "/f");
        return new PullTransfer(engine.client(), new TransferSpec(uri, Map.of(), verify, true, streams), backend,
                AreaPath.parse("/f"), WriteOptions.defaults());
    }

    List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir.resolve("root"))) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void singleStreamVerified() throws Exception {
        PullTransfer t = transfer(1, true);
        t.run();
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("root/f")));
        assertEquals(data.length, t.bytesTransferred());
        assertTrue(t.remoteConnections().startsWith("tcp:127.0.0.1:"), t.remoteConnections());
    }

    @Test
    void multiStreamInOrderWithTheDigestComputedInOnePass() throws Exception {
        PullTransfer t = transfer(4, true);
        t.run();
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("root/f")));
        assertEquals(11, ranged.get()); // 700001 bytes in 64 KiB chunks
        assertTrue(t.perfMarker().contains("Total Stripe Count: 4"));
    }

    @Test
    void wrongDigestLeavesNothing() {
        mode = "bad-digest";
        TpcException e = assertThrows(TpcException.class, () -> transfer(1, true).run());
        assertTrue(e.getMessage().startsWith("checksum verification failed"), e.getMessage());
        assertThrows(TpcException.class, () -> transfer(3, true).run());
    }

    @Test
    void cutMidBodyLeavesNothing() throws Exception {
        mode = "cut";
        assertThrows(TpcException.class, () -> transfer(1, false).run());
        assertEquals(List.of(), files());
    }

    @Test
    void cancelStopsAndCleansUp() throws Exception {
        mode = "slow";
        PullTransfer t = transfer(1, false);
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                return;
            }
            t.cancel("test");
        });
        TpcException e = assertThrows(TpcException.class, t::run);
        assertTrue(t.isCancelled(), e.getMessage());
        assertEquals(List.of(), files());
    }
}
