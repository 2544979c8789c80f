package org.tributary.gateway.dav;

import org.junit.jupiter.api.Test;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PUT answers 201 for a new file and 200 for an overwrite, never 204 (Rucio rejects it, SPECS §5.1/§5.4), with an
 * ETag that GET then confirms; PUT onto a collection is 405.
 */
class PutStatusTest extends DefaultGatewayTest {

    @Test
    void newFileIs201WithEtagAndLocation() throws Exception {
        HttpResponse<byte[]> r = gw.put("/data/put-new.txt", "hello");
        assertEquals(201, r.statusCode());
        assertTrue(r.headers().firstValue("ETag").isPresent(), "PUT response carries an ETag");
        assertEquals("/data/put-new.txt", r.headers().firstValue("Location").orElse(null));
        assertEquals("hello", Files.readString(gw.root().resolve("put-new.txt")));
    }

    @Test
    void overwriteIs200NeverNoContent() throws Exception {
        assertEquals(201, gw.put("/data/put-over.txt", "first version").statusCode());
        HttpResponse<byte[]> r = gw.put("/data/put-over.txt", "second");
        assertEquals(200, r.statusCode(), "overwrite must be 200 (Rucio treats 204 as failure)");
        assertEquals("second", Files.readString(gw.root().resolve("put-over.txt")));
    }

    @Test
    void etagOfPutIsTheEtagGetReports() {
        HttpResponse<byte[]> put = gw.put("/data/put-etag.bin", new byte[]{1, 2, 3});
        String etag = put.headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> get = gw.get("/data/put-etag.bin");
        assertEquals(200, get.statusCode());
        assertEquals(etag, get.headers().firstValue("ETag").orElse(null));
        assertTrue(etag.startsWith("\"") && etag.endsWith("\""), "a strong, quoted entity tag: " + etag);
    }

    @Test
    void overwriteChangesTheEtag() {
        String first = gw.put("/data/put-etag2.bin", "one").headers().firstValue("ETag").orElseThrow();
        String second = gw.put("/data/put-etag2.bin", "three").headers().firstValue("ETag").orElseThrow();
        assertNotEquals(first, second);
    }

    @Test
    void emptyBodyMakesAnEmptyFile() throws Exception {
        HttpResponse<byte[]> r = gw.put("/data/put-empty", new byte[0]);
        assertEquals(201, r.statusCode());
        assertEquals(0, Files.size(gw.root().resolve("put-empty")));
        HttpResponse<byte[]> get = gw.get("/data/put-empty");
        assertEquals(200, get.statusCode());
        assertEquals("0", get.headers().firstValue("Content-Length").orElse(null));
    }

    @Test
    void binaryContentRoundTripsExactly() {
        byte[] data = new byte[300_000];
        new java.util.Random(42).nextBytes(data);
        assertEquals(201, gw.put("/data/put-binary.bin", data).statusCode());
        HttpResponse<byte[]> get = gw.get("/data/put-binary.bin");
        assertEquals(200, get.statusCode());
        assertArrayEquals(data, get.body());
    }

    @Test
    void putOntoACollectionIs405AndLeavesItAlone() throws Exception {
        assertEquals(201, gw.mkcol("/data/put-coll").statusCode());
        Files.writeString(gw.root().resolve("put-coll/member"), "m");
        HttpResponse<byte[]> r = gw.put("/data/put-coll", "x");
        assertEquals(405, r.statusCode());
        assertTrue(Files.isDirectory(gw.root().resolve("put-coll")));
        assertEquals("m", Files.readString(gw.root().resolve("put-coll/member")));
    }

    @Test
    void putOntoACollectionWithTrailingSlashIs405() {
        assertEquals(201, gw.mkcol("/data/put-coll2/").statusCode());
        assertEquals(405, gw.put("/data/put-coll2/", "x").statusCode());
    }

    @Test
    void putOntoTheAreaRootIs405() {
        assertEquals(405, gw.put("/data/", "x").statusCode());
        assertEquals(405, gw.put("/data", "x").statusCode());
    }

    @Test
    void percentEncodedNameIsStoredDecoded() throws Exception {
        HttpResponse<byte[]> r = gw.put("/data/with%20space%20%C3%A9.txt", "s");
        assertEquals(201, r.statusCode());
        assertTrue(Files.exists(gw.root().resolve("with space \u00e9.txt")));
        assertEquals("s", new String(gw.get("/data/with%20space%20%C3%A9.txt").body(), StandardCharsets.UTF_8));
        assertNotNull(r.headers().firstValue("Location").orElse(null));
    }

    @Test
    void partialPutWithContentRangeIs400AndChangesNothing() throws Exception {
        // RFC 9110 §14.5: a server that does not support partial PUT must reject Content-Range with 400
        assertEquals(201, gw.put("/data/put-partial", "0123456789").statusCode());
        assertEquals(400, gw.put("/data/put-partial", "AB", "Content-Range", "bytes 2-3/10").statusCode());
        assertEquals("0123456789", Files.readString(gw.root().resolve("put-partial")));
    }

    @Test
    void noTemporariesRemainAfterUploads() {
        assertEquals(201, gw.put("/data/put-tmpcheck", "abc").statusCode());
        assertEquals(200, gw.put("/data/put-tmpcheck", "abcd").statusCode());
        assertEquals(java.util.List.of(), TestGateway.temporaries(gw.root()));
        assertFalse(TestGateway.visibleNames(gw.root()).stream().anyMatch(n -> n.startsWith(".")));
    }
}
