package org.tributary.gateway.dav;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9110 §13 preconditions on GET, HEAD, PUT and DELETE. */
class ConditionalRequestsTest extends DefaultGatewayTest {

    static final String LONG_AGO = "Sun, 06 Nov 1994 08:49:37 GMT";
    static final String FAR_FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT";

    private static String putAndEtag(String path, String content) {
        HttpResponse<byte[]> r = gw.put(path, content);
        assertTrue(r.statusCode() == 201 || r.statusCode() == 200, "PUT " + path + ": " + r.statusCode());
        return gw.head(path).headers().firstValue("ETag").orElseThrow();
    }

    @Test
    void ifNoneMatchCurrentEtagIs304() {
        String etag = putAndEtag("/data/c1", "content");
        HttpResponse<byte[]> r = gw.get("/data/c1", "If-None-Match", etag);
        assertEquals(304, r.statusCode());
        assertEquals(0, r.body().length);
        assertEquals(etag, r.headers().firstValue("ETag").orElse(null), "304 repeats the validator");
    }

    @Test
    void ifNoneMatchInAListAndWeakFormIs304() {
        String etag = putAndEtag("/data/c1b", "content");
        assertEquals(304, gw.get("/data/c1b", "If-None-Match", "\"other\", " + etag).statusCode());
        assertEquals(304, gw.get("/data/c1b", "If-None-Match", "W/" + etag).statusCode(),
                "If-None-Match uses the weak comparison");
        assertEquals(304, gw.head("/data/c1b", "If-None-Match", "*").statusCode());
    }

    @Test
    void ifNoneMatchOtherEtagIs200() {
        putAndEtag("/data/c2", "content");
        HttpResponse<byte[]> r = gw.get("/data/c2", "If-None-Match", "\"something-else\"");
        assertEquals(200, r.statusCode());
        assertEquals("content", TestGateway.text(r));
    }

    @Test
    void ifMatchMismatchOnGetIs412() {
        putAndEtag("/data/c3", "content");
        assertEquals(412, gw.get("/data/c3", "If-Match", "\"something-else\"").statusCode());
    }

    @Test
    void ifMatchCurrentOnGetIs200() {
        String etag = putAndEtag("/data/c4", "content");
        assertEquals(200, gw.get("/data/c4", "If-Match", etag).statusCode());
    }

    @Test
    void ifMatchUsesStrongComparison() {
        // RFC 9110 §13.1.1: "An origin server MUST use the strong comparison function" for If-Match, and a weak
        // tag never matches strongly.
        String etag = putAndEtag("/data/c4w", "content");
        assertEquals(412, gw.get("/data/c4w", "If-Match", "W/" + etag).statusCode());
    }

    @Test
    void ifModifiedSinceLastModifiedIs304() {
        putAndEtag("/data/c5", "content");
        String lm = gw.head("/data/c5").headers().firstValue("Last-Modified").orElseThrow();
        assertEquals(304, gw.get("/data/c5", "If-Modified-Since", lm).statusCode());
        assertEquals(200, gw.get("/data/c5", "If-Modified-Since", LONG_AGO).statusCode());
    }

    @Test
    void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
        putAndEtag("/data/c5b", "content");
        // RFC 9110 §13.1.3: If-Modified-Since is ignored when If-None-Match is present
        assertEquals(200, gw.get("/data/c5b", "If-None-Match", "\"other\"", "If-Modified-Since", FAR_FUTURE).statusCode());
    }

    @Test
    void ifUnmodifiedSinceLongAgoIs412() {
        putAndEtag("/data/c6", "content");
        assertEquals(412, gw.get("/data/c6", "If-Unmodified-Since", LONG_AGO).statusCode());
        assertEquals(200, gw.get("/data/c6", "If-Unmodified-Since", FAR_FUTURE).statusCode());
    }

    @Test
    void putWithIfMatchMismatchIs412AndKeepsContent() throws Exception {
        putAndEtag("/data/c7", "original");
        assertEquals(412, gw.put("/data/c7", "replacement", "If-Match", "\"not-the-etag\"").statusCode());
        assertEquals("original", Files.readString(gw.root().resolve("c7")));
    }

    @Test
    void putWithIfMatchCurrentEtagReplaces() throws Exception {
        String etag = putAndEtag("/data/c8", "original");
        assertEquals(200, gw.put("/data/c8", "replacement", "If-Match", etag).statusCode());
        assertEquals("replacement", Files.readString(gw.root().resolve("c8")));
    }

    @Test
    void putWithIfMatchAnyOnAbsentFileIs412() {
        assertEquals(412, gw.put("/data/c9-absent", "x", "If-Match", "*").statusCode());
        assertFalse(Files.exists(gw.root().resolve("c9-absent")));
    }

    @Test
    void putWithIfNoneMatchAnyOnExistingIs412AndKeepsContent() throws Exception {
        putAndEtag("/data/c10", "original");
        assertEquals(412, gw.put("/data/c10", "replacement", "If-None-Match", "*").statusCode());
        assertEquals("original", Files.readString(gw.root().resolve("c10")));
    }

    @Test
    void putWithIfNoneMatchAnyOnAbsentCreates() throws Exception {
        assertEquals(201, gw.put("/data/c11", "new", "If-None-Match", "*").statusCode());
        assertEquals("new", Files.readString(gw.root().resolve("c11")));
    }

    @Test
    void staleEtagAfterOverwriteNoLongerMatches() {
        String first = putAndEtag("/data/c12", "one");
        putAndEtag("/data/c12", "three");
        assertEquals(412, gw.put("/data/c12", "lost update", "If-Match", first).statusCode());
        assertEquals(200, gw.get("/data/c12", "If-None-Match", first).statusCode());
    }

    @Test
    void deleteWithIfMatchMismatchIs412AndKeepsTheFile() {
        putAndEtag("/data/c13", "keep me");
        assertEquals(412, gw.delete("/data/c13", "If-Match", "\"wrong\"").statusCode());
        assertTrue(Files.exists(gw.root().resolve("c13")));
    }

    @Test
    void deleteWithIfMatchCurrentDeletes() {
        String etag = putAndEtag("/data/c14", "bye");
        assertEquals(204, gw.delete("/data/c14", "If-Match", etag).statusCode());
        assertFalse(Files.exists(gw.root().resolve("c14")));
    }
}
