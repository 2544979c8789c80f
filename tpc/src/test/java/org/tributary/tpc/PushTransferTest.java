package org.tributary.tpc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.posix.PosixBackend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Push against a raw loopback destination: the answer of a slow upload, Expect: 100-continue, Overwrite F. */
class PushTransferTest {

    @TempDir
    java.nio.file.Path dir;
    TpcEngine engine;
    StorageBackend backend;
    ServerSocket dest;
    volatile String mode = "slow";
    final List<String> requests = new CopyOnWriteArrayList<>();
    final byte[] data = new byte[64 << 20]; // more than the loopback socket buffers hold

    @BeforeEach
    void start() throws Exception {
        // Connect 0.5 s + idle 1.5 s: the wait for the answer was once capped at their sum; an upload that takes longer
        // but keeps moving must succeed (the kernel buffers it drains within the idle timeout).
        engine = new TpcEngine(new TpcSettings(10, 10, 10, 4, Duration.ofMillis(500), Duration.ofMillis(1500),
                Duration.ofMinutes(1), Duration.ofSeconds(1), null, List.of(), true, false, 4, 64 * 1024));
        backend = PosixBackend.open(Files.createDirectories(dir.resolve("root")));
        try (PendingWrite w = backend.beginWrite(AreaPath.parse("/f"), WriteOptions.defaults())) {
            w.write(ByteBuffer.wrap(data));
            w.commit(Map.of());
        }
        dest = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!dest.isClosed()) {
                try {
                    Socket s = dest.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        dest.close();
        engine.close();
        backend.close();
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String line = PullTransferTest.readLine(in);
            StringBuilder headers = new StringBuilder(line).append('\n');
            String h;
            long length = 0;
            while ((h = PullTransferTest.readLine(in)) != null && !h.isEmpty()) {
                headers.append(h).append('\n');
                if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) length = Long.parseLong(h.substring(15).trim());
            }
            requests.add(headers.toString());
            if (line.startsWith("HEAD")) {
                PullTransferTest.write(out, mode.equals("exists") ? "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                        : "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                return;
            }
            PullTransferTest.write(out, "HTTP/1.1 100 Continue\r\n\r\n");
            out.flush();
            byte[] buf = new byte[64 * 1024];
            long got = 0;
            while (got < length) {
                int n = in.read(buf);
                if (n < 0) return;
                got += n;
                if ((got & ((1 << 20) - 1)) < n) Thread.sleep(50); // about 20 MB/s: 3 s in all, never idle
            }
            PullTransferTest.write(out, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
            out.flush();
        } catch (Exception e) {
            // client gone
        }
    }

    PushTransfer transfer(boolean overwrite) throws IOException {
        URI uri = URI.create("http://127.0.0.1:" + dest.getLocalPort() + "/dst");
        return new PushTransfer(engine.client(), new TransferSpec(uri, Map.of("Authorization", "Bearer t"), false,
                overwrite, 1), backend, AreaPath.parse("/f"), Optional::empty);
    }

    @Test
    void aSlowUploadThatKeepsMovingOutlastsTheIdleTimeout() throws Exception {
        PushTransfer t = transfer(true);
        t.run();
        assertEquals(data.length, t.bytesTransferred());
        String put = requests.get(0);
        assertTrue(put.startsWith("PUT /dst"), put);
        assertTrue(put.toLowerCase().contains("expect: 100-continue"), put);
        assertTrue(put.contains("Content-Length: " + data.length), put);
        assertTrue(put.contains("Authorization: Bearer t"), put);
    }

    @Test
    void overwriteFHeadsFirstAndRefusesAnExistingFile() {
        mode = "exists";
        TpcException e = assertThrows(TpcException.class, () -> transfer(false).run());
        assertEquals("the destination exists and Overwrite is F", e.getMessage());
        assertEquals(1, requests.size());
        assertTrue(requests.get(0).startsWith("HEAD"), requests.get(0));
    }

}
