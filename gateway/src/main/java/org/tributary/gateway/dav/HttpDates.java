package org.tributary.gateway.dav;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** RFC 9110 IMF-fixdate for headers and getlastmodified; ISO 8601 for creationdate. */
final class HttpDates {

    private static final DateTimeFormatter IMF = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private HttpDates() { }

    static String format(Instant t) {
        return IMF.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    static String iso(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Parses an HTTP date, or null if it is not one (then the condition is ignored, as RFC 9110 says). */
    static Instant parse(String s) {
        if (s == null) return null;
        try {
            return Instant.from(IMF.parse(s.trim()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
