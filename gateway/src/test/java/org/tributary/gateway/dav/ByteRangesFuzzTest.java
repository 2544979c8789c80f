package org.tributary.gateway.dav;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.tributary.gateway.FuzzInput;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the Range parser ({@link ByteRanges#parse}): whatever the header, the ranges served lie inside the file,
 * are at most {@link ByteRanges#MAX_RANGES}, neither overlap nor touch (RFC 9110 §14.3 lets a server coalesce them;
 * issue 15 item 6 requires it) and so add up to at most the file's size: a Range header can never make the response
 * larger than the file. Input: the file size in decimal on the first line, the Range header value after it.
 */
class ByteRangesFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void rangesStayInsideTheFileAndAddUpToAtMostIt(byte[] data) {
        String[] f = FuzzInput.fields(data, 2);
        long size = size(f[0]);
        String header = f[1];
        List<ByteRanges.Range> ranges = ByteRanges.parse(header, size);
        if (ranges == null) return;   // not a bytes range: the whole file, once
        assertTrue(ranges.size() <= ByteRanges.MAX_RANGES, ranges.size() + " ranges for " + header);
        long total = 0;
        for (ByteRanges.Range r : ranges) {
            assertTrue(0 <= r.first() && r.first() <= r.last() && r.last() < size,
                    r + " is not inside a file of " + size + " bytes; header " + header);
            total = saturatedAdd(total, r.length());
        }
        assertTrue(total <= size, "ranges add up to " + total + " bytes for a file of " + size + ": " + header);
        List<ByteRanges.Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(ByteRanges.Range::first));
        for (int i = 1; i < sorted.size(); i++) {
            assertFalse(sorted.get(i).first() <= sorted.get(i - 1).last() + 1,
                    "ranges " + sorted.get(i - 1) + " and " + sorted.get(i) + " overlap or touch: " + header);
        }
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < 0 ? Long.MAX_VALUE : s;
    }

    /** The first line as a size; the fuzzer reaches empty, small and very large files through it. */
    private static long size(String line) {
        try {
            long v = Long.parseLong(line.trim());
            return v < 0 ? 0 : v;
        } catch (NumberFormatException e) {
            return 1000;
        }
    }
}
