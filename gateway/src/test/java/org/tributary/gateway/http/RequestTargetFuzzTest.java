package org.tributary.gateway.http;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.tributary.gateway.FuzzInput;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the request-target decoder ({@link RequestTarget#decodeSegments}): every path is either refused with a 400
 * and a one-line reason, or decoded into segments that name an entry inside the area root: no empty, "." or ".."
 * segment, no '/', '\', NUL or control character in a segment, nothing that resolving under a root would collapse
 * or leave, and encoding the segments again decodes to the same segments. Input: the raw path, byte for byte.
 */
class RequestTargetFuzzTest {

    private static final Path ROOT = Path.of("/srv/area");

    @FuzzTest(maxDuration = "5s")
    void decodedPathsNameEntriesInsideTheRoot(byte[] data) {
        String raw = new String(data, StandardCharsets.ISO_8859_1);   // bytes as they arrive on the wire
        List<String> segments;
        try {
            segments = RequestTarget.decodeSegments(raw);
        } catch (HttpError e) {
            FuzzInput.assertCleanRefusal(e);
            return;
        }
        Path p = ROOT;
        for (String s : segments) {
            assertFalse(s.isEmpty(), "empty segment from " + raw);
            assertFalse(s.equals(".") || s.equals(".."), "dot segment from " + raw);
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                assertFalse(c == '/' || c == '\\' || c < 0x20 || c == 0x7f,
                        "separator or control character U+" + Integer.toHexString(c) + " in a segment of " + raw);
            }
            p = p.resolve(s);
        }
        Path normal = p.normalize();
        assertTrue(normal.startsWith(ROOT), raw + " leaves the root: " + normal);
        assertEquals(ROOT.getNameCount() + segments.size(), normal.getNameCount(),
                raw + " has a segment that normalisation collapses: " + segments);
        String again = RequestTarget.encodePath("/" + String.join("/", segments));
        assertEquals(segments, RequestTarget.decodeSegments(again), "encode/decode round trip of " + raw);
    }
}
