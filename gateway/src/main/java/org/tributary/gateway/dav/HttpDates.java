package org.tributary.gateway.dav;

import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpDateTime;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** RFC 9110 HTTP dates for headers and getlastmodified; ISO 8601 for creationdate. */
final class HttpDates {

    private HttpDates() { }

    /**
     * IMF-fixdate, e.g. {@code Thu, 05 Nov 2026 01:02:03 GMT}: the day always has two digits (Java's
     * RFC_1123_DATE_TIME writes {@code 5 Nov}, which RFC 9110's grammar does not allow). Jetty's generator is also
     * several times cheaper per response than a DateTimeFormatter.
     */
    static String format(Instant t) {
        return DateGenerator.formatDate(t.truncatedTo(ChronoUnit.SECONDS).toEpochMilli());
    }

    static String iso(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Parses an HTTP date in any of the three forms a recipient must accept (IMF-fixdate, RFC 850, asctime), or
     * returns null if it is none (then the condition is ignored, as RFC 9110 says).
     */
    static Instant parse(String s) {
        if (s == null || s.isBlank()) return null;
        long ms = HttpDateTime.parseToEpoch(s.trim());
        return ms < 0 ? null : Instant.ofEpochMilli(ms);
    }
}
