package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.TestGateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A file deleted after a GET gives its space back at once: once the response is over, the gateway holds neither an
 * open descriptor nor a memory mapping of it (a mapping lives until a garbage collection unmaps it, and on a full
 * disk deleting files made no room for a new upload). Checked on the running gateway in this JVM through
 * /proc/self/maps and /proc/self/fd (Linux), for full GETs, ranges, and a GET the client aborts half-way.
 */
class DeletedFileSpaceIsReleasedTest {

    /** Bigger than the small-file path and several read buffers or mapping windows. */
    private static final int SIZE = 40 << 20;

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs Linux /proc");
        gw = TestGateway.startDefault(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) gw.close();
    }

    private static Path bigFile(String name) throws IOException {
        byte[] chunk = new byte[1 << 20];
        new Random(name.hashCode()).nextBytes(chunk);
        Path p = gw.root().resolve(name);
        try (var out = Files.newOutputStream(p)) {
            for (int i = 0; i < SIZE / chunk.length; i++) out.write(chunk);
        }
        return p.toRealPath();
    }

    /** Lines of /proc/self/maps that map {@code file}. */
    private static List<String> mappings(Path file) {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains(file.toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Descriptors of this process open on {@code file}. */
    private static List<String> descriptors(Path file) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(file.toString())) out.add(fd + " -> " + target);
                } catch (IOException ignored) {
                    // closed while we looked
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void assertReleased(Path file) throws InterruptedException {
        assertTrue(TestGateway.eventually(() -> descriptors(file).isEmpty()), "open descriptors: " + descriptors(file));
        assertTrue(TestGateway.eventually(() -> mappings(file).isEmpty()), "still mapped: " + mappings(file));
    }

    private static long get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = gw.request(path).GET();
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        HttpResponse<InputStream> r = gw.client().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    @Test
    void fullGetLeavesNoMappingAndDeleteFreesTheFile() throws Exception {
        Path f = bigFile("full.bin");
        assertEquals(SIZE, get("/data/full.bin"));
        assertEquals(List.of(), mappings(f), "no mapping may outlive its request");
        assertEquals(204, gw.delete("/data/full.bin").statusCode());
        assertFalse(Files.exists(f));
        assertReleased(f);
    }

    @Test
    void rangeGetsLeaveNoMapping() throws Exception {
        Path f = bigFile("ranges.bin");
        assertEquals(SIZE - 1000, get("/data/ranges.bin", "Range", "bytes=1000-"));
        long multi = get("/data/ranges.bin", "Range", "bytes=0-9999999,20000000-29999999");
        assertTrue(multi > 20_000_000, "multipart body of " + multi);
        assertEquals(List.of(), mappings(f));
        assertEquals(204, gw.delete("/data/ranges.bin").statusCode());
        assertReleased(f);
    }

    @Test
    void getAbortedHalfWayLeavesNothingOpen() throws Exception {
        Path f = bigFile("aborted.bin");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", gw.port()));
            s.getOutputStream().write("GET /data/aborted.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            while (read < SIZE / 2) {
                int n = in.read(buf);
                assertTrue(n > 0, "response ended early");
                read += n;
            }
            s.setSoLinger(true, 0); // reset, as a client that crashes does
        }
        Files.delete(f); // behind the gateway's back, as an admin freeing space would
        assertReleased(f);
    }
}
