package org.tributary.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * A path inside one storage area: already decoded, normalised and confined. The root of the area has no segments.
 * Segments are never empty, ".", "..", and never contain '/', '\\' or NUL; names starting with {@link #RESERVED_PREFIX}
 * belong to the gateway (temporaries, metadata side-cars) and are refused, so a client can neither read nor forge them.
 * Backends can therefore join segments without re-checking.
 */
public record AreaPath(List<String> segments) {

    /** Names the gateway keeps for itself inside a storage area (hidden from listings, refused in requests). */
    public static final String RESERVED_PREFIX = ".tributary";

    public static final AreaPath ROOT = new AreaPath(List.of());

    public AreaPath {
        segments = List.copyOf(segments);
        for (String s : segments) {
            String problem = segmentProblem(s);
            if (problem != null) {
                throw new InvalidPathException(problem);
            }
        }
    }

    /**
     * Parses an already percent-decoded path ("/a//b/" is "/a/b"; empty and "/" are the root).
     * @throws InvalidPathException for dot segments, backslashes, NUL or reserved names
     */
    public static AreaPath parse(String decoded) {
        return new AreaPath(splitOnSlashes(decoded));
    }

    /**
     * The non-empty pieces of {@code path} between slashes ("/a//b/" gives a, b), unchecked: the one split of a path
     * into segments, shared by {@link #parse} and the gateway's decoding of a request path (split, then decoded).
     */
    public static List<String> splitOnSlashes(String path) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = path.length();
        for (int i = 0; i <= n; i++) {
            if (i == n || path.charAt(i) == '/') {
                if (i > start) out.add(path.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }

    /** Why a single name cannot be a path segment, or null when it can. */
    public static String segmentProblem(String s) {
        if (s.isEmpty()) return "empty path segment";
        if (s.equals(".") || s.equals("..")) return "dot segments are not allowed in paths";
        if (s.startsWith(RESERVED_PREFIX)) return "names starting with " + RESERVED_PREFIX + " are reserved";
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '\\') return "backslash or slash inside a path segment";
            if (c == 0) return "NUL in path";
            if (c < 0x20 || c == 0x7f) return "control character in path";
        }
        return null;
    }

    public boolean isRoot() { return segments.isEmpty(); }

    /** The last segment, or "" for the root. */
    public String name() { return segments.isEmpty() ? "" : segments.getLast(); }

    /** The parent; the root's parent is the root. */
    public AreaPath parent() {
        return segments.isEmpty() ? this : new AreaPath(segments.subList(0, segments.size() - 1));
    }

    public AreaPath child(String name) {
        List<String> s = new ArrayList<>(segments.size() + 1);
        s.addAll(segments);
        s.add(name);
        return new AreaPath(s);
    }

    public int depth() { return segments.size(); }

    /** Component-wise prefix test: "/a" is an ancestor of "/a/b" but not of "/ab". A path is its own ancestor. */
    public boolean startsWith(AreaPath ancestor) {
        return ancestor.segments.size() <= segments.size()
                && segments.subList(0, ancestor.segments.size()).equals(ancestor.segments);
    }

    /** This path with {@code from} (an ancestor) replaced by {@code to}. */
    public AreaPath rebase(AreaPath from, AreaPath to) {
        if (!startsWith(from)) throw new IllegalArgumentException(this + " is not below " + from);
        List<String> s = new ArrayList<>(to.segments);
        s.addAll(segments.subList(from.segments.size(), segments.size()));
        return new AreaPath(s);
    }

    /** "/a/b", or "/" for the root. */
    @Override
    public String toString() {
        return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
    }
}
