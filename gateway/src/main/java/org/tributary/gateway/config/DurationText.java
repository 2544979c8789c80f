package org.tributary.gateway.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as admins write them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}. A bare number is refused
 * because "10" could be seconds or milliseconds, and guessing wrong for a shutdown grace period either kills
 * transfers early or hangs a restart.
 */
public final class DurationText {

    private static final Pattern SHAPE = Pattern.compile("([0-9]+)\\s*(ms|s|m|h)");

    static final String ALLOWED = "a whole number with a unit ms, s, m or h (e.g. 500ms, 10s, 5m, 1h)";

    private DurationText() {}

    /** @throws IllegalArgumentException with a message naming the value and what is allowed */
    public static Duration parse(String text) {
        Matcher m = SHAPE.matcher(text.strip());
        if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not a duration; use " + ALLOWED);
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        try {
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
    }

    /** The text {@link #parse} reads back to the same duration, in the largest unit that is exact ("90s", "2m"). */
    public static String format(Duration d) {
        if (d.isNegative()) throw new IllegalArgumentException("negative duration " + d);
        if (d.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("duration " + d + " is finer than a millisecond");
        }
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        if (ms != 0 && ms % 60_000 == 0) return ms / 60_000 + "m";
        if (ms % 1000 == 0) return ms / 1000 + "s";
        return ms + "ms";
    }
}
