package org.tributary.gateway.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts as admins write them: {@code 1099511627776}, {@code 500GB}, {@code 10TiB}, {@code 1.5 TiB}. Binary
 * (KiB = 1024) and decimal (KB = 1000) units are both accepted because storage vendors and Rucio quotas mix them;
 * the unit is matched case-insensitively except that a lone lowercase "b" is refused (it would read as bits).
 */
public final class ByteSize {

    /** Units in the order they are listed in error messages. */
    private static final Map<String, Long> UNITS = new LinkedHashMap<>();

    static {
        UNITS.put("B", 1L);
        UNITS.put("KiB", 1L << 10);
        UNITS.put("MiB", 1L << 20);
        UNITS.put("GiB", 1L << 30);
        UNITS.put("TiB", 1L << 40);
        UNITS.put("PiB", 1L << 50);
        UNITS.put("KB", 1_000L);
        UNITS.put("MB", 1_000_000L);
        UNITS.put("GB", 1_000_000_000L);
        UNITS.put("TB", 1_000_000_000_000L);
        UNITS.put("PB", 1_000_000_000_000_000L);
    }

    private static final Pattern SHAPE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)");

    static final String ALLOWED = "a whole number of bytes or a number with one of the units "
            + String.join(", ", UNITS.keySet()) + " (e.g. 10TiB)";

    private ByteSize() {}

    /**
     * Parses a size; fractions of a byte are dropped ("1.5KiB" is 1536, "0.3B" is 0).
     *
     * @throws IllegalArgumentException with a message naming the value and what is allowed
     */
    public static long parse(String text) {
        String t = text.strip();
        Matcher m = SHAPE.matcher(t);
        if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not a size; use " + ALLOWED);
        long multiplier = unit(m.group(2), text);
        BigInteger bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier))
                .setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        if (bytes.bitLength() > 63) throw new IllegalArgumentException("'" + text + "' is too large");
        return bytes.longValueExact();
    }

    private static long unit(String unit, String text) {
        if (unit.isEmpty()) return 1;
        if (unit.equals("b")) {
            throw new IllegalArgumentException("'" + text + "' looks like bits; write B for bytes");
        }
        for (Map.Entry<String, Long> e : UNITS.entrySet()) {
            if (e.getKey().equalsIgnoreCase(unit)) return e.getValue();
        }
        throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + unit + "'; use " + ALLOWED);
    }

    /**
     * The shortest exact text for a byte count: the largest binary unit that divides it ("10TiB"), else the plain
     * number. {@code parse(format(n)) == n} for every non-negative n.
     */
    public static String format(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative size " + bytes);
        String[] binary = {"PiB", "TiB", "GiB", "MiB", "KiB"};
        for (String u : binary) {
            long m = UNITS.get(u);
            if (bytes != 0 && bytes % m == 0) return (bytes / m) + u;
        }
        return Long.toString(bytes);
    }

    /** Human-readable text for logs, rounded ("1.5 TiB"); not meant to be parsed back exactly. */
    public static String describe(long bytes) {
        String[] binary = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int i = 0;
        while (Math.abs(v) >= 1024 && i < binary.length - 1) {
            v /= 1024;
            i++;
        }
        return i == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, binary[i]);
    }
}
