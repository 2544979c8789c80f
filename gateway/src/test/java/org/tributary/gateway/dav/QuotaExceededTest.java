package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.Multistatus;
import org.tributary.gateway.TestGateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An area quota (RFC 4331): a write that would exceed it is 507 Insufficient Storage and leaves nothing behind;
 * deleting frees the space again; PROPFIND reports usage against the quota.
 */
class QuotaExceededTest {

    static final int MIB = 1024 * 1024;

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.in(dir).area("data", "quota: 1MiB").start();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    private static void assertNothingLeft(String name) {
        assertFalse(Files.exists(gw.root().resolve(name)), name + " must not exist");
        assertEquals(List.of(), TestGateway.temporaries(gw.root()));
    }

    private static long quotaProp(String local) {
        Multistatus.Resp r = gw.propfind207("/data/", "0", "").responses().getFirst();
        return Long.parseLong(r.dav(local).orElseThrow());
    }

    @Test
    void declaredLengthOverQuotaIs507AndLeavesNothing() {
        HttpRequest req = gw.request("/data/too-big.bin").expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * MIB])).build();
        assertEquals(507, gw.send(req).statusCode());
        assertNothingLeft("too-big.bin");
    }

    @Test
    void chunkedUploadThatOutgrowsTheQuotaLeavesNothing() {
        // No length up front: the quota is hit while the bytes stream in. The server may answer 507 or cut the
        // connection while the client is still sending; either way nothing may remain.
        HttpRequest req = gw.request("/data/too-big-chunked.bin")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[2 * MIB]))).build();
        try {
            HttpResponse<byte[]> r = gw.send(req);
            assertEquals(507, r.statusCode());
        } catch (UncheckedIOException e) {
            assertTrue(e.getCause() instanceof IOException);
        }
        assertNothingLeft("too-big-chunked.bin");
        // what the failed upload had reserved is free again
        assertEquals(201, gw.put("/data/fits.bin", new byte[MIB - 4096]).statusCode());
        assertEquals(204, gw.delete("/data/fits.bin").statusCode());
    }

    @Test
    void usageAddsUpAndDeleteFreesIt() throws Exception {
        assertEquals(201, gw.put("/data/u/first.bin", new byte[600 * 1024]).statusCode());
        long used = quotaProp("quota-used-bytes");
        assertTrue(used >= 600 * 1024, "used " + used);
        assertTrue(quotaProp("quota-available-bytes") <= MIB - 600 * 1024, "available reflects the quota");

        HttpRequest second = gw.request("/data/u/second.bin").expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[600 * 1024])).build();
        assertEquals(507, gw.send(second).statusCode(), "600 KiB + 600 KiB exceed 1 MiB");
        assertNothingLeft("u/second.bin");

        assertEquals(204, gw.delete("/data/u/first.bin").statusCode());
        assertEquals(201, gw.put("/data/u/second.bin", new byte[600 * 1024]).statusCode(), "the space is free again");
        assertEquals(204, gw.delete("/data/u").statusCode());
        assertEquals(0, quotaProp("quota-used-bytes"));
    }

    @Test
    void copyOverQuotaIs507AndLeavesNothing() {
        assertEquals(201, gw.put("/data/c/src.bin", new byte[700 * 1024]).statusCode());
        HttpResponse<byte[]> r = gw.copyOrMove("COPY", "/data/c/src.bin", "/data/c/copy.bin");
        assertEquals(507, r.statusCode());
        assertNothingLeft("c/copy.bin");
        assertEquals(204, gw.delete("/data/c").statusCode());
    }

    @Test
    void smallUploadWithinQuotaIs201() {
        assertEquals(201, gw.put("/data/small.bin", new byte[1000]).statusCode());
        assertEquals(204, gw.delete("/data/small.bin").statusCode());
    }
}
