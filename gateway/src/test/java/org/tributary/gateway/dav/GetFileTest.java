package org.tributary.gateway.dav;

import org.junit.jupiter.api.Test;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET and HEAD of files carry ETag, Last-Modified and Content-Length (Rucio's get needs the length, SPECS §5.1);
 * HEAD on a collection is 200 (Rucio's connect, SPECS §5.1); absent paths are 404.
 */
class GetFileTest extends DefaultGatewayTest {

    @Test
    void getFileHasValidatorsAndLength() throws Exception {
        byte[] data = new byte[1000];
        new Random(1).nextBytes(data);
        assertEquals(201, gw.put("/data/g1.bin", data).statusCode());
        Instant mtime = Instant.parse("2024-03-01T12:34:56Z");
        Files.setLastModifiedTime(gw.root().resolve("g1.bin"), FileTime.from(mtime));

        HttpResponse<byte[]> r = gw.get("/data/g1.bin");
        assertEquals(200, r.statusCode());
        assertArrayEquals(data, r.body());
        assertEquals("1000", r.headers().firstValue("Content-Length").orElse(null));
        assertTrue(r.headers().firstValue("ETag").isPresent());
        String lm = r.headers().firstValue("Last-Modified").orElseThrow();
        assertEquals(mtime, ZonedDateTime.parse(lm, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        assertTrue(lm.endsWith("GMT"), "IMF-fixdate: " + lm);
    }

    @Test
    void headFileHasTheSameHeadersAndNoBody() {
        assertEquals(201, gw.put("/data/g2.txt", "twelve bytes").statusCode());
        HttpResponse<byte[]> get = gw.get("/data/g2.txt");
        HttpResponse<byte[]> head = gw.head("/data/g2.txt");
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals("12", head.headers().firstValue("Content-Length").orElse(null));
        assertEquals(get.headers().firstValue("ETag"), head.headers().firstValue("ETag"));
        assertEquals(get.headers().firstValue("Last-Modified"), head.headers().firstValue("Last-Modified"));
    }

    @Test
    void headOnCollectionIs200() {
        assertEquals(201, gw.mkcol("/data/gcoll").statusCode());
        assertEquals(200, gw.head("/data/gcoll").statusCode());
        assertEquals(200, gw.head("/data/gcoll/").statusCode());
    }

    @Test
    void headOnAreaRootIs200() {
        // Rucio's connect: HEAD on the RSE prefix must be 200
        assertEquals(200, gw.head("/data").statusCode());
        assertEquals(200, gw.head("/data/").statusCode());
    }

    @Test
    void missingFileIs404ForGetAndHead() {
        assertEquals(404, gw.get("/data/no-such-file").statusCode());
        assertEquals(404, gw.head("/data/no-such-file").statusCode());
        assertEquals(404, gw.get("/data/no-such-dir/file").statusCode());
    }

    @Test
    void largeFileIsServedCompletely() {
        byte[] data = new byte[5 * 1024 * 1024 + 17];
        new Random(2).nextBytes(data);
        assertEquals(201, gw.put("/data/g-large.bin", data).statusCode());
        HttpResponse<byte[]> r = gw.get("/data/g-large.bin");
        assertEquals(200, r.statusCode());
        assertEquals(String.valueOf(data.length), r.headers().firstValue("Content-Length").orElse(null));
        assertArrayEquals(data, r.body());
    }

    @Test
    void fileWrittenBehindTheGatewaysBackIsServed() throws Exception {
        Files.writeString(gw.root().resolve("g-direct.txt"), "written directly");
        HttpResponse<byte[]> r = gw.get("/data/g-direct.txt");
        assertEquals(200, r.statusCode());
        assertEquals("written directly", TestGateway.text(r));
    }

    @Test
    void getBelowAFileIs404NotAnError() {
        assertEquals(201, gw.put("/data/g-afile", "x").statusCode());
        assertEquals(404, gw.get("/data/g-afile/child").statusCode());
    }
}
