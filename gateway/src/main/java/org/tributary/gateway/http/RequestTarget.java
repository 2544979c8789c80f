package org.tributary.gateway.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tributary.backend.AreaPath;

/**
 * Decodes a raw (percent-encoded) request path exactly once into segments. Strict UTF-8 (overlong forms and
 * surrogates are malformed), no NUL, no encoded '/', no dot segments after decoding ("%2e%2e" is caught here too);
 * empty segments from duplicate slashes are dropped. Whatever survives names at most an entry inside an area.
 */
public final class RequestTarget {

    private RequestTarget() { }

    public static List<String> decodeSegments(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            throw HttpError.badRequest("request path must be absolute");
        }
        List<String> out = new ArrayList<>();
        // split before decoding: an encoded '/' (%2F) stays inside its segment, where decode() refuses it
        for (String raw : AreaPath.splitOnSlashes(rawPath)) {
            String seg = decode(raw);
            if (!seg.isEmpty()) out.add(seg);
        }
        return out;
    }

    static String decode(String raw) {
        String s;
        if (raw.indexOf('%') < 0) {
            s = raw;
        } else {
            ByteBuffer bytes = ByteBuffer.allocate(raw.length());
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '%') {
                    if (i + 2 >= raw.length()) throw HttpError.badRequest("truncated percent-encoding in path");
                    int hi = Character.digit(raw.charAt(i + 1), 16);
                    int lo = Character.digit(raw.charAt(i + 2), 16);
                    if (hi < 0 || lo < 0) throw HttpError.badRequest("bad percent-encoding in path");
                    bytes.put((byte) (hi * 16 + lo));
                    i += 2;
                } else if (c < 0x80) {
                    bytes.put((byte) c);
                } else {
                    throw HttpError.badRequest("raw non-ASCII character in path; percent-encode it as UTF-8");
                }
            }
            bytes.flip();
            CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                CharBuffer chars = dec.decode(bytes);
                s = chars.toString();
            } catch (CharacterCodingException e) {
                throw HttpError.badRequest("path is not valid UTF-8");
            }
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0) throw HttpError.badRequest("NUL in path");
            if (c == '/') throw HttpError.badRequest("encoded '/' in a path segment is not allowed");
            if (c == '\\') throw HttpError.badRequest("backslash in path is not allowed");
            if (c < 0x20 || c == 0x7f) throw HttpError.badRequest("control character in path");
        }
        if (s.equals(".") || s.equals("..")) throw HttpError.badRequest("dot segments are not allowed in paths");
        return s;
    }

    /**
     * Encodes a path for an href or a Location: ordinary characters stay as they are (Rucio compares hrefs with its
     * own unencoded paths, SPECS §5.1); only what cannot stand in a URI path is percent-encoded.
     */
    public static String encodePath(String path) {
        StringBuilder sb = null;
        byte[] utf8 = null;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (!isPlain(c)) {
                utf8 = path.getBytes(StandardCharsets.UTF_8);
                break;
            }
        }
        if (utf8 == null) return path;
        sb = new StringBuilder(utf8.length + 16);
        for (byte b : utf8) {
            int c = b & 0xff;
            if (c < 0x80 && isPlain((char) c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    private static boolean isPlain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0;
    }
}
