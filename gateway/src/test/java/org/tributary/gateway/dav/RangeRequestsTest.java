package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 9110 §14: single ranges are 206 with Content-Range, several ranges are multipart/byteranges (davix vector
 * reads, SPECS §5.4), unsatisfiable ones 416 with "bytes * /size", and an invalid Range header is ignored.
 */
class RangeRequestsTest {

    @TempDir
    static Path dir;
    static TestGateway gw;
    static final byte[] DATA = new byte[1000];
    static final byte[] BIG = new byte[3 * 1024 * 1024];

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.startDefault(dir);
        new Random(7).nextBytes(DATA);
        new Random(8).nextBytes(BIG);
        assertEquals(201, gw.put("/data/r.bin", DATA).statusCode());
        assertEquals(201, gw.put("/data/big.bin", BIG).statusCode());
        assertEquals(201, gw.put("/data/empty.bin", new byte[0]).statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    private static byte[] slice(byte[] b, int first, int lastInclusive) {
        return Arrays.copyOfRange(b, first, lastInclusive + 1);
    }

    @Test
    void singleRangeIs206WithContentRange() {
        HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", "bytes=10-19");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 10-19/1000", r.headers().firstValue("Content-Range").orElse(null));
        assertEquals("10", r.headers().firstValue("Content-Length").orElse(null));
        assertArrayEquals(slice(DATA, 10, 19), r.body());
    }

    @Test
    void firstByteOnly() {
        HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", "bytes=0-0");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 0-0/1000", r.headers().firstValue("Content-Range").orElse(null));
        assertArrayEquals(slice(DATA, 0, 0), r.body());
    }

    @Test
    void openEndedRange() {
        HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", "bytes=990-");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 990-999/1000", r.headers().firstValue("Content-Range").orElse(null));
        assertArrayEquals(slice(DATA, 990, 999), r.body());
    }

    @Test
    void lastPositionBeyondEndIsClipped() {
        HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", "bytes=995-5000");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 995-999/1000", r.headers().firstValue("Content-Range").orElse(null));
        assertArrayEquals(slice(DATA, 995, 999), r.body());
    }

    @Test
    void suffixRange() {
        HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", "bytes=-100");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 900-999/1000", r.headers().firstValue("Content-Range").orElse(null));
        assertArrayEquals(slice(DATA, 900, 999), r.body());
    }

    @Test
    void suffixLongerThanTheFileIsTheWholeFile() {
        HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", "bytes=-5000");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 0-999/1000", r.headers().firstValue("Content-Range").orElse(null));
        assertArrayEquals(DATA, r.body());
    }

    @Test
    void largeRangeOfALargeFile() {
        int first = 1_000_003;
        int last = 2_900_000;
        HttpResponse<byte[]> r = gw.get("/data/big.bin", "Range", "bytes=" + first + "-" + last);
        assertEquals(206, r.statusCode());
        assertEquals("bytes " + first + "-" + last + "/" + BIG.length, r.headers().firstValue("Content-Range").orElse(null));
        assertArrayEquals(slice(BIG, first, last), r.body());
    }

    @Test
    void unsatisfiableRangeIs416WithSize() {
        HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", "bytes=1000-2000");
        assertEquals(416, r.statusCode());
        assertEquals("bytes */1000", r.headers().firstValue("Content-Range").orElse(null));
    }

    @Test
    void openEndedRangeFromBeyondTheEndIs416() {
        // RFC 9110 §14.1.1: a first-pos at or beyond the length is unsatisfiable, whether or not last-pos is given
        HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", "bytes=1000-");
        assertEquals(416, r.statusCode());
        assertEquals("bytes */1000", r.headers().firstValue("Content-Range").orElse(null));
    }

    @Test
    void rangeOfAnEmptyFileIs416() {
        HttpResponse<byte[]> r = gw.get("/data/empty.bin", "Range", "bytes=0-0");
        assertEquals(416, r.statusCode());
        assertEquals("bytes */0", r.headers().firstValue("Content-Range").orElse(null));
    }

    @Test
    void malformedRangeIsIgnored() {
        for (String bad : List.of("bytes=abc", "bytes=20-10", "pages=1-2")) {
            HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", bad);
            assertEquals(200, r.statusCode(), bad);
            assertArrayEquals(DATA, r.body(), bad);
        }
    }

    @Test
    void headWithRangeHasNoBody() {
        HttpResponse<byte[]> r = gw.head("/data/r.bin", "Range", "bytes=0-9");
        assertEquals(206, r.statusCode());
        assertEquals("bytes 0-9/1000", r.headers().firstValue("Content-Range").orElse(null));
        assertEquals(0, r.body().length);
    }

    @Test
    void acceptRangesIsAdvertised() {
        assertEquals("bytes", gw.head("/data/r.bin").headers().firstValue("Accept-Ranges").orElse(null));
    }

    @Test
    void ifRangeWithCurrentEtagHonoursTheRange() {
        String etag = gw.head("/data/r.bin").headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", "bytes=0-9", "If-Range", etag);
        assertEquals(206, r.statusCode());
        assertArrayEquals(slice(DATA, 0, 9), r.body());
    }

    @Test
    void ifRangeWithStaleEtagSendsTheWholeFile() {
        HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", "bytes=0-9", "If-Range", "\"stale\"");
        assertEquals(200, r.statusCode());
        assertArrayEquals(DATA, r.body());
    }

    @Test
    void ifRangeWithLastModifiedHonoursTheRange() {
        String lm = gw.head("/data/r.bin").headers().firstValue("Last-Modified").orElseThrow();
        HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", "bytes=0-9", "If-Range", lm);
        assertEquals(206, r.statusCode());
        HttpResponse<byte[]> old = gw.get("/data/r.bin", "Range", "bytes=0-9", "If-Range", "Sun, 06 Nov 1994 08:49:37 GMT");
        assertEquals(200, old.statusCode());
        assertArrayEquals(DATA, old.body());
    }

    record Part(String contentRange, byte[] body) { }

    /** Splits a multipart/byteranges body (RFC 9110 §14.6 / RFC 2046 §5.1.1). */
    static List<Part> parts(HttpResponse<byte[]> r) {
        String ct = r.headers().firstValue("Content-Type").orElseThrow();
        assertTrue(ct.startsWith("multipart/byteranges"), ct);
        Matcher m = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(ct);
        assertTrue(m.find(), ct);
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.US_ASCII);
        byte[] body = r.body();
        List<Part> out = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        assertEquals(0, pos, "body starts with the first boundary");
        while (true) {
            int afterDelim = pos + delimiter.length;
            if (body[afterDelim] == '-' && body[afterDelim + 1] == '-') break; // close delimiter
            int headersStart = afterDelim + 2; // CRLF
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), headersStart);
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.US_ASCII);
            String contentRange = null;
            for (String line : headers.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-range:")) contentRange = line.substring(14).trim();
            }
            int dataStart = headersEnd + 4;
            byte[] crlfDelim = new byte[delimiter.length + 2];
            crlfDelim[0] = '\r';
            crlfDelim[1] = '\n';
            System.arraycopy(delimiter, 0, crlfDelim, 2, delimiter.length);
            int next = indexOf(body, crlfDelim, dataStart);
            assertTrue(next > 0, "every part is followed by a boundary");
            out.add(new Part(contentRange, Arrays.copyOfRange(body, dataStart, next)));
            pos = next + 2;
        }
        return out;
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Test
    void multipleRangesAreMultipartByteranges() {
        HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", "bytes=0-9,500-599,-5");
        assertEquals(206, r.statusCode());
        List<Part> parts = parts(r);
        assertEquals(3, parts.size());
        assertEquals("bytes 0-9/1000", parts.get(0).contentRange());
        assertArrayEquals(slice(DATA, 0, 9), parts.get(0).body());
        assertEquals("bytes 500-599/1000", parts.get(1).contentRange());
        assertArrayEquals(slice(DATA, 500, 599), parts.get(1).body());
        assertEquals("bytes 995-999/1000", parts.get(2).contentRange());
        assertArrayEquals(slice(DATA, 995, 999), parts.get(2).body());
        assertEquals(String.valueOf(r.body().length), r.headers().firstValue("Content-Length").orElse(null));
    }

    @Test
    void multipleRangesOfALargeFile() {
        HttpResponse<byte[]> r = gw.get("/data/big.bin", "Range", "bytes=100-200000,2000000-3000000");
        assertEquals(206, r.statusCode());
        List<Part> parts = parts(r);
        assertEquals(2, parts.size());
        assertArrayEquals(slice(BIG, 100, 200000), parts.get(0).body());
        assertArrayEquals(slice(BIG, 2000000, 3000000), parts.get(1).body());
        assertNotNull(parts.get(1).contentRange());
    }

    @Test
    void unsatisfiablePartsOfAMultiRangeAreDropped() {
        HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", "bytes=5000-6000,0-1");
        assertEquals(206, r.statusCode());
        String ct = r.headers().firstValue("Content-Type").orElse("");
        if (ct.startsWith("multipart/")) {
            List<Part> parts = parts(r);
            assertEquals(1, parts.size());
            assertArrayEquals(slice(DATA, 0, 1), parts.getFirst().body());
        } else {
            assertEquals("bytes 0-1/1000", r.headers().firstValue("Content-Range").orElse(null));
            assertArrayEquals(slice(DATA, 0, 1), r.body());
        }
    }

    @Test
    void allPartsUnsatisfiableIs416() {
        HttpResponse<byte[]> r = gw.get("/data/r.bin", "Range", "bytes=5000-6000,7000-8000");
        assertEquals(416, r.statusCode());
        assertEquals("bytes */1000", r.headers().firstValue("Content-Range").orElse(null));
    }
}
