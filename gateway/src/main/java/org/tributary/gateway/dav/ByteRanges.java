package org.tributary.gateway.dav;

import java.util.ArrayList;
import java.util.List;

/** RFC 9110 §14 byte ranges. */
final class ByteRanges {

    record Range(long first, long last) {
        long length() { return last - first + 1; }
    }

    /** More ranges than this in one request are refused: a cheap way to amplify work. */
    static final int MAX_RANGES = 200;

    private ByteRanges() { }

    /**
     * @return null when the header is absent or not a bytes range (serve the whole file), an empty list when no range
     *         is satisfiable (416), else the satisfiable ranges in request order
     */
    static List<Range> parse(String header, long size) {
        if (header == null) return null;
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return null;
        String[] specs = h.substring(6).split(",");
        if (specs.length > MAX_RANGES) return List.of();
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
}
