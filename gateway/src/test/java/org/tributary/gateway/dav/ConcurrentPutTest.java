package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.Digests;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two uploads of different content to one path at the same time: the result is exactly one of them, whole, with
 * the checksum of that one, and one request saw "created" and the other "replaced".
 */
class ConcurrentPutTest {

    static final int SIZE = 8 * 1024 * 1024;

    @TempDir
    static Path dir;
    static TestGateway gw;
    static byte[] a;
    static byte[] b;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.startDefault(dir);
        a = new byte[SIZE];
        b = new byte[SIZE];
        new Random(100).nextBytes(a);
        new Random(200).nextBytes(b);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @RepeatedTest(2)
    void finalFileIsExactlyOneOfTheUploads(org.junit.jupiter.api.RepetitionInfo info) throws Exception {
        String path = "/data/race-" + info.getCurrentRepetition() + ".bin";
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CompletableFuture<HttpResponse<byte[]>> fa = CompletableFuture.supplyAsync(() -> put(start, path, a), pool);
            CompletableFuture<HttpResponse<byte[]>> fb = CompletableFuture.supplyAsync(() -> put(start, path, b), pool);
            int sa = fa.get(60, TimeUnit.SECONDS).statusCode();
            int sb = fb.get(60, TimeUnit.SECONDS).statusCode();
            List<Integer> statuses = Arrays.asList(Math.min(sa, sb), Math.max(sa, sb));
            assertEquals(List.of(200, 201), statuses, "one created, one replaced");
        } finally {
            pool.shutdownNow();
        }
        byte[] onDisk = Files.readAllBytes(gw.root().resolve(path.substring("/data/".length())));
        boolean isA = Arrays.equals(onDisk, a);
        boolean isB = Arrays.equals(onDisk, b);
        assertTrue(isA ^ isB, "the file must be exactly one upload, not a mix (" + onDisk.length + " bytes)");
        byte[] served = gw.get(path).body();
        assertTrue(Arrays.equals(served, onDisk));
        assertEquals("adler32=" + Digests.adler32(onDisk),
                gw.head(path, "Want-Digest", "adler32").headers().firstValue("Digest").orElse(null),
                "the stored checksum belongs to the version that won");
        assertEquals(List.of(), TestGateway.temporaries(gw.root()));
    }

    @org.junit.jupiter.api.Test
    void readersSeeTheOldVersionUntilTheNewOneIsComplete() throws Exception {
        assertEquals(201, gw.put("/data/visible.bin", a).statusCode());
        try (java.net.Socket s = org.tributary.gateway.RawHttp.connect(gw.port())) {
            java.io.OutputStream out = s.getOutputStream();
            out.write(org.tributary.gateway.RawHttp.head(gw.port(), "PUT", "/data/visible.bin", (long) SIZE));
            out.write(b, 0, SIZE / 2);
            out.flush();
            assertTrue(TestGateway.eventually(() -> !TestGateway.temporaries(gw.root()).isEmpty()), "upload under way");
            byte[] during = gw.get("/data/visible.bin").body();
            assertTrue(Arrays.equals(a, during), "while the upload runs, the old version is served whole");
            out.write(b, SIZE / 2, SIZE - SIZE / 2);
            out.flush();
            assertEquals(200, org.tributary.gateway.RawHttp.read(s.getInputStream(), false).status());
        }
        assertTrue(Arrays.equals(b, gw.get("/data/visible.bin").body()), "afterwards, the new version");
    }

    private static HttpResponse<byte[]> put(CyclicBarrier start, String path, byte[] body) {
        try {
            start.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return gw.put(path, body);
    }
}
