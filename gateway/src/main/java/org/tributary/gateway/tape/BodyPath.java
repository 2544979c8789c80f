package org.tributary.gateway.tape;

import org.tributary.backend.InvalidPathException;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestTarget;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A path from a Tape REST body (SPECS §2.1: a URL path as the client sees it on the WebDAV endpoint), decoded and
 * confined exactly as the front door decodes a request target ({@link RequestTarget}: no dot segments, no encoded
 * '/', strict UTF-8; duplicate slashes collapse) and routed by the same {@link AreaRouter}, so a body can name nothing
 * a URL could not.
 *
 * @param echo     the path as the client wrote it, duplicate slashes collapsed: what answers say back (gfal2 matches
 *                 the paths of a status document with the ones it sent)
 * @param key      the decoded path, "/" + segments: two spellings of one file have the same key
 * @param route    the area and the path in it; empty when the path is in no area
 */
record BodyPath(String echo, String key, Optional<AreaRouter.Route> route) {

    /**
     * @throws HttpError 400 for a path that is not absolute or does not decode (the detail names it)
     */
    static BodyPath resolve(AreaRouter router, Object value) {
        if (!(value instanceof String text) || text.isEmpty() || text.charAt(0) != '/') {
            throw HttpError.badRequest("every path must be an absolute URL path (starting with '/'), found "
                    + describe(value));
        }
        List<String> segments;
        Optional<AreaRouter.Route> route;
        try {
            segments = segments(text);
            route = router.route(segments);
        } catch (HttpError | InvalidPathException e) {
            throw HttpError.badRequest("path " + describe(text) + ": " + e.getMessage());
        }
        return new BodyPath(text.replaceAll("/{2,}", "/"), "/" + String.join("/", segments), route);
    }

    /** The key of a path written as {@code text} (see {@link #key()}). */
    static String key(String text) {
        return "/" + String.join("/", segments(text));
    }

    private static List<String> segments(String text) {
        return RequestTarget.decodeSegments(percentEncodeNonAscii(text));
    }

    /**
     * JSON text may carry a name's characters as they are ("/data/é"), where a URL carries them percent-encoded: both
     * mean the same file, so characters outside ASCII are encoded as UTF-8 before the one decoder sees them.
     */
    private static String percentEncodeNonAscii(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) < 0x80) i++;
        if (i == s.length()) return s;
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (byte x : s.substring(i).getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c < 0x80) b.append((char) c);
            else b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
        }
        return b.toString();
    }

    static String describe(Object v) {
        if (v == null) return "null";
        if (v instanceof String s) return "'" + (s.length() > 200 ? s.substring(0, 200) + "..." : s) + "'";
        return "a JSON " + (v instanceof List<?> ? "array" : v instanceof java.util.Map<?, ?> ? "object"
                : v instanceof Boolean ? "boolean" : "number");
    }
}
