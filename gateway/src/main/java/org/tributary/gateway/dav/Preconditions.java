package org.tributary.gateway.dav;

import org.tributary.backend.EntryInfo;
import org.tributary.gateway.http.HttpError;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** RFC 9110 §13 conditional requests, evaluated in the order the RFC gives. */
final class Preconditions {

    private Preconditions() { }

    /**
     * @param current the entry as it is now, or null if absent
     * @return true when a GET/HEAD should answer 304 Not Modified; throws 412 when a precondition fails
     */
    static boolean evaluate(DavExchange ex, EntryInfo current, boolean safeMethod) {
        String ifMatch = ex.header("If-Match");
        if (ifMatch != null && !matches(ifMatch, current, true)) {
            throw new HttpError(412, "If-Match: the resource does not have a matching entity tag");
        }
        if (ifMatch == null) {
            Instant ius = HttpDates.parse(ex.header("If-Unmodified-Since"));
            if (ius != null && current != null && current.modified().truncatedTo(ChronoUnit.SECONDS).isAfter(ius)) {
                throw new HttpError(412, "If-Unmodified-Since: the resource was modified since");
            }
        }
        String ifNoneMatch = ex.header("If-None-Match");
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, current, false)) {
                if (safeMethod) return true;
                throw new HttpError(412, "If-None-Match: the resource exists");
            }
            return false;
        }
        if (safeMethod && current != null) {
            Instant ims = HttpDates.parse(ex.header("If-Modified-Since"));
            return ims != null && !current.modified().truncatedTo(ChronoUnit.SECONDS).isAfter(ims);
        }
        return false;
    }

    /** RFC 9110 §8.8.3.2: If-Match compares strongly (a weak tag never matches), If-None-Match weakly. */
    private static boolean matches(String header, EntryInfo current, boolean strong) {
        if (current == null) return false;
        String h = header.trim();
        if (h.equals("*")) return true;
        String etag = current.etag();
        for (String t : h.split(",")) {
            String tag = t.trim();
            if (tag.startsWith("W/")) {
                if (strong) continue;
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) return true;
        }
        return false;
    }
}
