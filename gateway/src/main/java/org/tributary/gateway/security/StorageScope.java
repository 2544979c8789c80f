package org.tributary.gateway.security;

import org.tributary.backend.AreaPath;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One WLCG storage capability, {@code storage.<authz>:<path>} (SPECS §3.2). The path is relative to the issuer's
 * base path and is matched component-wise: {@code /a} covers {@code /a} and {@code /a/...}, never {@code /ab}.
 * A trailing '/' (directory-only scope) covers the directory's contents and the directory itself.
 */
public record StorageScope(Kind kind, List<String> segments, String text) {

    public enum Kind { READ, CREATE, MODIFY, STAGE, POLL }

    public StorageScope {
        segments = List.copyOf(segments);
    }

    /**
     * Parses {@code storage.read:/path}; null for a scope that is not a known storage capability (ignored, like
     * unknown claims).
     *
     * @throws TokenException for a storage scope without a path, or with a path that is not absolute or contains
     *                        '.' or '..' components or control characters
     */
    public static StorageScope parse(String scope) throws TokenException {
        if (!scope.startsWith("storage.")) return null;
        int colon = scope.indexOf(':');
        String authz = colon < 0 ? scope.substring(8) : scope.substring(8, colon);
        Kind kind;
        try {
            kind = Kind.valueOf(authz.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!authz.equals(authz.toLowerCase(Locale.ROOT))) return null;
        if (colon < 0 || colon == scope.length() - 1) {
            throw new TokenException("scope '" + scope + "' has no path; storage scopes need one (storage."
                    + authz + ":/ for the whole area)");
        }
        return new StorageScope(kind, pathSegments(scope, scope.substring(colon + 1)), scope);
    }

    /** The storage scopes among {@code texts}; a text that is not one, or does not parse, grants nothing. */
    public static List<StorageScope> parseAll(List<String> texts) {
        List<StorageScope> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            try {
                StorageScope s = parse(t);
                if (s != null) out.add(s);
            } catch (TokenException e) {
                // not a usable storage scope: it grants nothing
            }
        }
        return out;
    }

    /**
     * The scope of {@code kind} on an area path, for a token this gateway issues. A scope claim is a space-separated
     * list (RFC 8693 §4.2, SPECS §3.2), so a path with white space (any Unicode space or separator) cannot be carried
     * and is refused, never split into further scopes; the text must parse back to exactly this kind and path.
     *
     * @throws TokenException for a path that a scope cannot carry
     */
    public static StorageScope of(Kind kind, AreaPath path) throws TokenException {
        for (int i = 0; i < path.segments().size(); i++) {
            String seg = path.segments().get(i);
            if (seg.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || Character.isISOControl(c))) {
                throw new TokenException("path segment " + (i + 1) + " holds white space, which a space-separated"
                        + " scope claim cannot carry");
            }
        }
        String text = "storage." + kind.name().toLowerCase(Locale.ROOT) + ":" + path;
        StorageScope back = parse(text);
        if (back == null || back.kind() != kind || !back.segments().equals(path.segments())) {
            throw new TokenException("the path cannot be written as a storage scope");
        }
        return back;
    }

    static List<String> pathSegments(String scope, String path) throws TokenException {
        if (!path.startsWith("/")) throw new TokenException("scope '" + scope + "': the path must start with /");
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (s.isEmpty()) continue;
            if (s.equals(".") || s.equals("..")) {
                throw new TokenException("scope '" + scope + "': '.' and '..' are not allowed in a scope path");
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c == 0x7f || c == '\\') {
                    throw new TokenException("scope '" + scope + "': control characters and '\\' are not allowed");
                }
            }
            out.add(s);
        }
        return out;
    }

    /** The area path this scope is about, below the issuer's base path. */
    public AreaPath under(AreaPath base) {
        List<String> s = new ArrayList<>(base.segments());
        s.addAll(segments);
        return new AreaPath(s);
    }

    /** Whether this scope covers {@code path} (component-wise prefix of the base path + scope path). */
    public boolean covers(AreaPath base, AreaPath path) {
        List<String> b = base.segments(), p = path.segments();
        int n = b.size(), m = segments.size();
        return p.size() >= n + m && prefixMatches(b, p, n + m);
    }

    /** Whether {@code path} is a strict ancestor of this scope's location (parents a create scope may MKCOL). */
    public boolean isBelow(AreaPath base, AreaPath path) {
        List<String> b = base.segments(), p = path.segments();
        return b.size() + segments.size() > p.size() && prefixMatches(b, p, p.size());
    }

    /** Whether the first k segments of base + this scope's path equal the first k of {@code p} (k ≤ both sizes). */
    private boolean prefixMatches(List<String> b, List<String> p, int k) {
        int n = b.size();
        for (int i = 0; i < k; i++) {
            String expected = i < n ? b.get(i) : segments.get(i - n);
            if (!expected.equals(p.get(i))) return false;
        }
        return true;
    }
}
