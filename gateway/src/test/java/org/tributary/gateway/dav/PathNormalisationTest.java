package org.tributary.gateway.dav;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Harmless spellings of a path work (SPECS §5.4): duplicate slashes (gfal2 and Rucio send them), a trailing slash on
 * a file or collection, percent-encoded ordinary characters; and an access point matches only whole segments.
 */
class PathNormalisationTest extends DefaultGatewayTest {

    @BeforeAll
    static void seed() throws Exception {
        assertEquals(201, gw.put("/data/dir/file", "content").statusCode());
    }

    @Test
    void duplicateSlashesWork() {
        HttpResponse<byte[]> r = gw.get("/data//dir///file");
        assertEquals(200, r.statusCode());
        assertEquals("content", TestGateway.text(r));
    }

    @Test
    void duplicateSlashesRaw() throws Exception {
        RawHttp.Response r = gw.raw("GET", "//data//dir//file", null);
        assertEquals(200, r.status(), r.toString());
        assertEquals("content", r.text());
    }

    @Test
    void putWithDuplicateSlashesLandsAtTheNormalName() throws Exception {
        assertEquals(201, gw.put("/data//dup///new", "n").statusCode());
        assertEquals("n", Files.readString(gw.root().resolve("dup/new")));
    }

    @Test
    void trailingSlashOnAFileWorks() {
        HttpResponse<byte[]> r = gw.get("/data/dir/file/");
        assertEquals(200, r.statusCode());
        assertEquals("content", TestGateway.text(r));
        assertEquals(200, gw.head("/data/dir/file/").statusCode());
    }

    @Test
    void collectionWithAndWithoutTrailingSlash() {
        assertEquals(207, gw.propfind("/data/dir", "0", "").statusCode());
        assertEquals(207, gw.propfind("/data/dir/", "0", "").statusCode());
        assertEquals("/data/dir/", gw.propfind207("/data/dir", "0", "").hrefs().getFirst());
    }

    @Test
    void percentEncodedOrdinaryCharactersAreTheSameName() {
        HttpResponse<byte[]> r = gw.get("/data/%64ir/%66ile");
        assertEquals(200, r.statusCode());
        assertEquals("content", TestGateway.text(r));
    }

    @Test
    void accessPointMatchesWholeSegmentsOnly() {
        assertEquals(404, gw.get("/database/dir/file").statusCode());
        assertEquals(404, gw.get("/dat/dir/file").statusCode());
    }

    @Test
    void queryStringIsNotPartOfThePath() {
        HttpResponse<byte[]> r = gw.get("/data/dir/file?x=1");
        assertEquals(200, r.statusCode());
        assertEquals("content", TestGateway.text(r));
    }

    @Test
    void namesWithHashAndQuestionMarkRoundTrip() throws Exception {
        assertEquals(201, gw.put("/data/odd/a%23b%3Fc", "odd").statusCode());
        assertTrue(Files.exists(gw.root().resolve("odd/a#b?c")));
        assertEquals("odd", TestGateway.text(gw.get("/data/odd/a%23b%3Fc")));
    }

    @Test
    void nameWithAPercentSignRoundTrips() throws Exception {
        assertEquals(201, gw.put("/data/odd/100%25.txt", "pct").statusCode());
        assertTrue(Files.exists(gw.root().resolve("odd/100%.txt")));
        assertEquals("pct", TestGateway.text(gw.get("/data/odd/100%25.txt")));
    }

    @Test
    void everyListedHrefCanBeFetched() throws Exception {
        Files.createDirectories(gw.root().resolve("listed"));
        Files.writeString(gw.root().resolve("listed/50% off.txt"), "sale");
        Files.writeString(gw.root().resolve("listed/plain.txt"), "plain");
        for (String href : gw.propfind207("/data/listed/", "1", "").hrefs()) {
            HttpResponse<byte[]> r = gw.get(href);
            assertEquals(200, r.statusCode(), "GET " + href + " as listed by PROPFIND");
        }
    }
}
