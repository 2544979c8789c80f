package org.tributary.gateway.dav;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * RFC 9110 §14 byte ranges. The satisfiable ranges are coalesced (§14.6: overlapping and adjacent ones become one, in
 * any order), so no range set can make a response larger than the file plus multipart framing: without this, 200
 * copies of "0-" turned a 1 MiB file into 200 MiB of response.
 */
final class ByteRanges {

    record Range(long first, long last) {
        long length() { return last - first + 1; }
    }

    /**
     * A range set with more ranges than this is ignored and the whole file sent (RFC 9110 §14.2 allows ignoring "many
     * small ranges"): it bounds the parts, hence the framing, of one response.
     */
    static final int MAX_RANGES = 200;

    private ByteRanges() { }

    /**
     * @return null when the header is absent, not a bytes range or has more than {@link #MAX_RANGES} ranges (serve the
     *         whole file), an empty list when no range is satisfiable (416), else the satisfiable ranges, coalesced
     *         ({@link #coalesce}), disjoint and non-adjacent
     */
    static List<Range> parse(String header, long size) {
        List<Range> satisfiable = satisfiable(header, size);
        return satisfiable == null ? null : coalesce(satisfiable);
    }

    /** The satisfiable ranges in request order, as {@link #parse} without coalescing. */
    private static List<Range> satisfiable(String header, long size) {
        if (header == null) return null;
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return null;
        String[] specs = h.substring(6).split(",");
        if (specs.length > MAX_RANGES) return null;
        List<Range> out = new ArrayList<>();
        for (String spec : specs) {
            String s = spec.trim();
            int dash = s.indexOf('-');
            if (dash < 0) return null;
            try {
                String a = s.substring(0, dash).trim();
                String b = s.substring(dash + 1).trim();
                if (a.isEmpty()) {
                    if (b.isEmpty()) return null;
                    long suffix = Long.parseLong(b);
                    if (suffix <= 0 || size == 0) continue;
                    out.add(new Range(Math.max(0, size - suffix), size - 1));
                } else {
                    long first = Long.parseLong(a);
                    if (first < 0) return null;
                    if (!b.isEmpty() && Long.parseLong(b) < first) return null;
                    if (first >= size) continue; // valid but unsatisfiable: counts toward 416
                    long last = b.isEmpty() ? size - 1 : Long.parseLong(b);
                    out.add(new Range(first, Math.min(last, size - 1)));
                }
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    /**
     * Merges overlapping and adjacent ranges (RFC 9110 §14.6, "regardless of the order"); the merged ranges keep the
     * request order of their earliest member, as §14.6 asks for the parts that remain.
     */
    static List<Range> coalesce(List<Range> ranges) {
        if (ranges.size() < 2) return ranges;
        record Indexed(Range range, int order) { }
        List<Indexed> sorted = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) sorted.add(new Indexed(ranges.get(i), i));
        sorted.sort(Comparator.comparingLong((Indexed x) -> x.range.first()));
        List<Indexed> merged = new ArrayList<>();
        Indexed cur = sorted.getFirst();
        for (Indexed next : sorted.subList(1, sorted.size())) {
            if (next.range.first() <= cur.range.last() + 1) {
                cur = new Indexed(new Range(cur.range.first(), Math.max(cur.range.last(), next.range.last())),
                        Math.min(cur.order, next.order));
            } else {
                merged.add(cur);
                cur = next;
            }
        }
        merged.add(cur);
        merged.sort(Comparator.comparingInt(Indexed::order));
        return merged.stream().map(Indexed::range).toList();
    }
}
