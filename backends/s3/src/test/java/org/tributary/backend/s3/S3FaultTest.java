package org.tributary.backend.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;

/**
 * Faults S3 produces in production, injected by {@link FaultProxy} (a loopback proxy: the only mock in these tests)
 * in front of the real s3proxy server.
 */
class S3FaultTest {

    static S3Server server;
    static FaultProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        server = new S3Server();
        proxy = new FaultProxy(server.endpoint);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        server.close();
    }

    private S3Backend viaProxy(String prefix, ConcurrentHashMap<String, AtomicInteger> ops) throws Exception {
        S3Options o = S3Server.options(proxy.endpoint(), prefix).withPartSize(S3Options.MIN_PART_SIZE, 2);
        return S3Backend.open(o, S3Backend.client(o, List.of(S3BackendTest.counting(ops))));
    }

    @Test
    void slowDownIsRetriedWithBackoff() throws Exception {
        var ops = new ConcurrentHashMap<String, AtomicInteger>();
        try (S3Backend b = viaProxy(S3BackendTest.freshPrefix(), ops)) {
            S3BackendTest.put(b, "/f", new byte[] {1, 2, 3});
            ops.clear();
            proxy.slowDowns.set(2);
            proxy.slowDownsSent.set(0);
            long t0 = System.nanoTime();
            assertTrue(b.stat(S3BackendTest.p("/f")).isPresent(), "answered after two 503 SlowDown");
            assertEquals(2, proxy.slowDownsSent.get());
            assertEquals(3, ops.get("HeadObject").get(), "two retries");
            assertTrue(System.nanoTime() - t0 > 1_000_000, "backed off between attempts");

            proxy.slowDowns.set(2);
            assertArrayEquals(new byte[] {2, 3}, S3BackendTest.read(b, "/f", 1, 2));

            // throttled beyond the attempts: UNAVAILABLE (503 to the client) with a reason
            proxy.slowDowns.set(100);
            StorageException e = assertThrows(StorageException.class, () -> b.stat(S3BackendTest.p("/f")));
            assertEquals(Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().contains("throttling"), e.getMessage());
        } finally {
            proxy.slowDowns.set(0);
        }
    }

    @Test
    void serverGoneMidUploadLeavesNoObjectAndNoUpload() throws Exception {
        var ops = new ConcurrentHashMap<String, AtomicInteger>();
        String prefix = S3BackendTest.freshPrefix();
        try (S3Backend b = viaProxy(prefix, ops); S3Backend direct = server.backend(prefix)) {
            byte[] data = S3BackendTest.random((int) (3 * S3Options.MIN_PART_SIZE), 7);
            proxy.drop = line -> line.contains("partNumber=2");
            StorageException e = assertThrows(StorageException.class, () -> {
                try (PendingWrite w = b.beginWrite(S3BackendTest.p("/cut"), WriteOptions.defaults())) {
                    for (int off = 0; off < data.length; off += 1 << 20) w.write(ByteBuffer.wrap(data, off, 1 << 20));
                    w.commit(Map.of());
                }
            });
            assertEquals(Kind.UNAVAILABLE, e.kind(), e.getMessage());
            assertTrue(proxy.dropped.get() >= 2, "the part was retried before giving up");
            assertTrue(direct.stat(S3BackendTest.p("/cut")).isEmpty(), "no partial object");
            assertEquals(List.of(), direct.pendingUploads(), "the multipart upload was aborted");
        } finally {
            proxy.drop = line -> false;
        }
    }
}
