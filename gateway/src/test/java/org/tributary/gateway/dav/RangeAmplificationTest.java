package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Range header cannot make the response larger than the file plus multipart framing (RFC 9110 §14.2: a server may
 * coalesce overlapping and adjacent ranges and ignore a range set with too many ranges). Overlapping, adjacent,
 * reversed, tiny and suffix ranges are coalesced; every byte the client asked for is still sent, parts never overlap,
 * and each part holds the file's bytes at its Content-Range.
 */
class RangeAmplificationTest {

    /** Generous bound on one part's framing: boundary line, Content-Type, Content-Range, blank line, CRLF. */
    private static final int PART_FRAMING = 160;
    private static final int CLOSE_FRAMING = 64;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    @TempDir
    static Path dir;
    static TestGateway gw;
    static final byte[] MIB = new byte[1 << 20];
    static final byte[] SMALL = new byte[4096];

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.startDefault(dir);
        new Random(21).nextBytes(MIB);
        new Random(22).nextBytes(SMALL);
        assertEquals(201, gw.put("/data/mib.bin", MIB).statusCode());
        assertEquals(201, gw.put("/data/small.bin", SMALL).statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    /** A part of the answer: its first and last byte, and its data. */
    record Piece(long first, long last, byte[] data) { }

    /** The pieces of a 200/206 answer (whole file, single range or multipart), checked against the file. */
    private static List<Piece> pieces(HttpResponse<byte[]> r, byte[] file) {
        List<Piece> out = new ArrayList<>();
        if (r.statusCode() == 200) {
            out.add(new Piece(0, file.length - 1, r.body()));
        } else {
            assertEquals(206, r.statusCode());
            String ct = r.headers().firstValue("Content-Type").orElse("");
            if (ct.startsWith("multipart/")) {
                for (RangeRequestsTest.Part p : RangeRequestsTest.parts(r)) out.add(piece(p.contentRange(), p.body()));
            } else {
                out.add(piece(r.headers().firstValue("Content-Range").orElseThrow(), r.body()));
            }
        }
        for (Piece p : out) {
            assertArrayEquals(Arrays.copyOfRange(file, (int) p.first, (int) p.last + 1), p.data,
                    "part " + p.first + "-" + p.last + " holds the file's bytes");
        }
        return out;
    }

    private static Piece piece(String contentRange, byte[] data) {
        Matcher m = CONTENT_RANGE.matcher(contentRange);
        assertTrue(m.matches(), contentRange);
        return new Piece(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), data);
    }

    /**
     * The invariants for any Range header: at most the file plus framing per part, no part overlaps another, and every
     * requested byte of the file is in some part.
     */
    private static void assertBounded(String rangeHeader, byte[] file, BitSet requested) {
        HttpResponse<byte[]> r = gw.get(file == MIB ? "/data/mib.bin" : "/data/small.bin", "Range", rangeHeader);
        List<Piece> pieces = pieces(r, file);
        long bound = file.length + (long) pieces.size() * PART_FRAMING + CLOSE_FRAMING;
        assertTrue(r.body().length <= bound,
                "response of " + r.body().length + " bytes for a file of " + file.length + " (" + pieces.size()
                        + " parts) to Range: " + abbreviate(rangeHeader));
        BitSet sent = new BitSet(file.length);
        for (Piece p : pieces) {
            assertTrue(sent.get((int) p.first, (int) p.last + 1).isEmpty(), "parts overlap at " + p.first + "-" + p.last);
            sent.set((int) p.first, (int) p.last + 1);
        }
        BitSet missing = (BitSet) requested.clone();
        missing.andNot(sent);
        assertTrue(missing.isEmpty(), "requested bytes not sent, first at " + missing.nextSetBit(0));
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }

    /** Builds a Range header from (first, last) pairs, last -1 meaning open-ended, first -1 meaning suffix of last. */
    private static String header(List<long[]> specs, int size, BitSet requested) {
        StringJoiner j = new StringJoiner(",", "bytes=", "");
        for (long[] s : specs) {
            if (s[0] < 0) {
                j.add("-" + s[1]);
                requested.set((int) Math.max(0, size - s[1]), size);
            } else if (s[1] < 0) {
                j.add(s[0] + "-");
                requested.set((int) s[0], size);
            } else {
                j.add(s[0] + "-" + s[1]);
                requested.set((int) s[0], (int) Math.min(s[1], size - 1) + 1);
            }
        }
        return j.toString();
    }

    @Test
    void twoHundredWholeFileRangesOfOneMebibyteSendItOnce() {
        String h = "bytes=" + String.join(",", java.util.Collections.nCopies(200, "0-"));
        BitSet all = new BitSet();
        all.set(0, MIB.length);
        assertBounded(h, MIB, all);
    }

    @Test
    void overlappingRangesAreCoalesced() {
        List<long[]> specs = new ArrayList<>();
        for (int i = 0; i < 150; i++) specs.add(new long[] {i * 1000L, i * 1000L + 500_000});
        BitSet req = new BitSet();
        assertBounded(header(specs, MIB.length, req), MIB, req);
    }

    @Test
    void adjacentRangesAreCoalesced() {
        List<long[]> specs = new ArrayList<>();
        for (int i = 0; i < 100; i++) specs.add(new long[] {i * 40L, i * 40L + 39});
        BitSet req = new BitSet();
        String h = header(specs, SMALL.length, req);
        HttpResponse<byte[]> r = gw.get("/data/small.bin", "Range", h);
        assertEquals(206, r.statusCode());
        assertEquals("bytes 0-3999/4096", r.headers().firstValue("Content-Range").orElse(null), "one coalesced range");
        assertBounded(h, SMALL, req);
    }

    @Test
    void reversedOrderOverlapsAreCoalesced() {
        List<long[]> specs = new ArrayList<>();
        for (int i = 150; i > 0; i--) specs.add(new long[] {i * 5000L, -1});
        BitSet req = new BitSet();
        assertBounded(header(specs, MIB.length, req), MIB, req);
    }

    @Test
    void suffixRangesOverlappingNormalOnesAreCoalesced() {
        List<long[]> specs = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            specs.add(new long[] {-1, i * 10_000L});
            specs.add(new long[] {MIB.length - i * 7_000L, MIB.length - 1});
        }
        BitSet req = new BitSet();
        assertBounded(header(specs, MIB.length, req), MIB, req);
    }

    @Test
    void manyTinyRangesStayWithinFramingPerPart() {
        List<long[]> specs = new ArrayList<>();
        for (int i = 0; i < 200; i++) specs.add(new long[] {i * 3L, i * 3L});
        BitSet req = new BitSet();
        assertBounded(header(specs, SMALL.length, req), SMALL, req);
    }

    @Test
    void rangesSummingPastTheSizeNeverSendMoreThanTheFile() {
        // each range alone is most of the file: the sum is many times the size
        List<long[]> specs = new ArrayList<>();
        for (int i = 0; i < 50; i++) specs.add(new long[] {i, MIB.length - 1 - i});
        BitSet req = new BitSet();
        assertBounded(header(specs, MIB.length, req), MIB, req);
    }

    @Test
    void moreRangesThanTheLimitAreIgnoredNotAmplified() {
        List<long[]> specs = new ArrayList<>();
        for (int i = 0; i < ByteRanges.MAX_RANGES + 50; i++) specs.add(new long[] {i * 2L, i * 2L});
        BitSet req = new BitSet();
        String h = header(specs, SMALL.length, req);
        HttpResponse<byte[]> r = gw.get("/data/small.bin", "Range", h);
        assertEquals(200, r.statusCode(), "a range set over the limit is ignored (RFC 9110 §14.2), not refused");
        assertArrayEquals(SMALL, r.body());
    }

    @Test
    void generatedRangeSetsKeepEveryInvariant() {
        Random rnd = new Random(2026);
        for (int round = 0; round < 150; round++) {
            int n = 1 + rnd.nextInt(round % 10 == 0 ? ByteRanges.MAX_RANGES : 12);
            List<long[]> specs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int kind = rnd.nextInt(10);
                int a = rnd.nextInt(SMALL.length + 100);
                if (kind == 0) {
                    specs.add(new long[] {-1, 1 + rnd.nextInt(SMALL.length + 100)});
                } else if (kind == 1) {
                    specs.add(new long[] {Math.min(a, SMALL.length - 1), -1});
                } else {
                    int first = Math.min(a, SMALL.length - 1);
                    specs.add(new long[] {first, first + rnd.nextInt(kind < 5 ? 8 : SMALL.length)});
                }
            }
            BitSet req = new BitSet();
            String h = header(specs, SMALL.length, req);
            assertBounded(h, SMALL, req);
        }
    }

    @Test
    void headAnnouncesTheCoalescedLength() {
        String h = "bytes=0-99,50-149,150-199";
        HttpResponse<byte[]> r = gw.head("/data/small.bin", "Range", h);
        assertEquals(206, r.statusCode());
        assertEquals("bytes 0-199/4096", r.headers().firstValue("Content-Range").orElse(null));
        assertEquals("200", r.headers().firstValue("Content-Length").orElse(null));
        assertFalse(r.headers().firstValue("Content-Type").orElse("").startsWith("multipart/"));
    }

    @Test
    void disjointRangesKeepTheirRequestOrder() {
        // RFC 9110 §14.6: parts SHOULD come in the order of the range-specs, less those coalesced into others
        HttpResponse<byte[]> r = gw.get("/data/small.bin", "Range", "bytes=3000-3099,0-9,3050-3199,100-109");
        List<Piece> pieces = pieces(r, SMALL);
        assertEquals(List.of(3000L, 0L, 100L), pieces.stream().map(Piece::first).toList());
        assertEquals(3199L, pieces.getFirst().last());
    }
}
