package org.tributary.backend.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.s3.S3BackendTest.p;
import static org.tributary.backend.s3.S3BackendTest.random;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.checksum.ChecksummingBackend;
import org.tributary.backend.placement.SharedCopy;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * What the contract's SharedCopy rules cannot see on S3: the bytes stay in S3 (a server-side copy, nothing read or
 * uploaded through the gateway), and when the copy gets a new ETag (a multipart copy) the checksums stored for the
 * source are bound to it, so the copy's checksum is served without reading the object.
 */
class S3SharedCopyTest {

    static S3Server server;

    @BeforeAll
    static void start() throws Exception { server = new S3Server(); }

    @AfterAll
    static void stop() throws Exception { server.close(); }

    @Test
    void aMultipartCopyKeepsTheStoredChecksumsCurrentWithoutReadingTheBytes() throws Exception {
        ConcurrentMap<String, AtomicInteger> ops = new ConcurrentHashMap<>();
        List<String> dataRequests = new CopyOnWriteArrayList<>();
        ExecutionInterceptor bytesThroughTheGateway = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution c, ExecutionAttributes a) {
                String key = c.request() instanceof GetObjectRequest g ? g.key()
                        : c.request() instanceof PutObjectRequest u ? u.key()
                        : c.request() instanceof UploadPartRequest u ? u.key() : null;
                if (key != null && !key.contains(".tributary")) dataRequests.add(c.request().getClass().getSimpleName() + " " + key);
            }
        };
        try (S3Backend raw = server.backend(S3BackendTest.freshPrefix(), S3BackendTest.PART,
                List.of(S3BackendTest.counting(ops), bytesThroughTheGateway))) {
            ChecksummingBackend b = new ChecksummingBackend(raw, List.of(ChecksumAlgorithm.ADLER32));
            byte[] data = random((int) (3 * S3BackendTest.PART + 5), 9); // uploaded in 4 parts
            try (PendingWrite w = b.beginWrite(p("/src"), WriteOptions.defaults().withExpectedSize(data.length))) {
                w.write(ByteBuffer.wrap(data));
                w.commit(Map.of());
            }
            String adler = b.checksum(p("/src"), ChecksumAlgorithm.ADLER32).orElseThrow();
            raw.copyThreshold = 3 * S3BackendTest.PART; // copied in parts of 7.5 MiB: 3 parts, another ETag
            ops.clear();
            dataRequests.clear();

            b.feature(SharedCopy.class).orElseThrow().share(p("/src"), p("/copy"), WriteOptions.defaults());
            assertTrue(ops.get("UploadPartCopy").get() >= 2, ops.toString());
            assertEquals(List.of(), dataRequests, "no byte of the object came through the gateway");

            String copyStamp = raw.stat(p("/copy")).orElseThrow().changeStamp();
            assertNotEquals(raw.stat(p("/src")).orElseThrow().changeStamp(), copyStamp, "a multipart copy: a new ETag");
            assertEquals(copyStamp, raw.attributes(p("/copy")).get(ChecksummingBackend.STAMP_KEY),
                    "the stored checksums are bound to the copy's ETag");
            assertEquals(adler, b.checksum(p("/copy"), ChecksumAlgorithm.ADLER32).orElseThrow());
            assertEquals(List.of(), dataRequests, "the checksum came from the side-car, not from reading the copy");
            assertArrayEquals(data, S3BackendTest.read(raw, "/copy", 0, data.length));
        }
    }
}
