package org.tributary.gateway.config;

import java.util.List;
import org.tributary.backend.AreaPath;

/**
 * URL path prefixes under which a storage area is served ("/data", "/atlas/scratch"). They are normalised once here
 * so the request router can compare them as plain strings: a leading '/', no trailing '/', no empty or dot
 * segments, and only URL-unreserved characters, so that the decoded and the encoded form of an access point are
 * the same string and no client can reach an area through a differently spelled path.
 */
public final class AccessPoint {

    private AccessPoint() {}

    /**
     * The URL path of one of the gateway's own APIs (Tape REST, SRR) under configuration key {@code key}: absolute,
     * then the rules of an access point (a plain prefix, not '/', not below /.well-known).
     *
     * @throws ConfigProblem naming the key, with {@code example} as a value that would do
     */
    static String apiPath(String key, String path, String example) {
        if (path == null || !path.startsWith("/")) {
            throw new ConfigProblem(key, "'" + path + "' is not allowed; use an absolute URL path, e.g. " + example);
        }
        try {
            return normalise(path);
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem(key, e.getMessage());
        }
    }

    /**
     * Returns the normal form of an access point as an admin wrote it: a missing leading '/' is added and one
     * trailing '/' is dropped ("data/" is "/data"). Everything else that is not already normal is refused rather
     * than repaired, because a silently rewritten prefix would serve data under a URL the admin did not write.
     *
     * @throws IllegalArgumentException naming the value and the rule it breaks
     */
    public static String normalise(String text) {
        String p = text.strip();
        if (p.isEmpty() || p.equals("/")) {
            throw new IllegalArgumentException("'" + text + "' is not allowed; '/' is reserved for the gateway's own"
                    + " endpoints, use a prefix such as /data");
        }
        if (!p.startsWith("/")) p = "/" + p;
        if (p.endsWith("/") && p.length() > 1) p = p.substring(0, p.length() - 1);
        List<String> segments = List.of(p.substring(1).split("/", -1));
        for (String s : segments) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' contains '//'; write each '/' once");
            }
            if (s.equals(".") || s.equals("..")) {
                throw new IllegalArgumentException("'" + text + "' contains a '" + s + "' segment; write the path"
                        + " without dot segments");
            }
            if (!s.chars().allMatch(AccessPoint::isUnreserved)) {
                throw new IllegalArgumentException("'" + text + "' contains characters that need URL encoding; use"
                        + " letters, digits and - . _ ~ between the slashes");
            }
            String problem = AreaPath.segmentProblem(s);
            if (problem != null) throw new IllegalArgumentException("'" + text + "': " + problem);
        }
        if (segments.getFirst().equals(".well-known")) {
            throw new IllegalArgumentException("'" + text + "' is reserved for the gateway's /.well-known endpoints");
        }
        return p;
    }

    /**
     * Whether a request for {@code inner} could also be meant for {@code outer}: component-wise, so "/data" covers
     * "/data" and "/data/x" but not "/database". Both must be normalised.
     */
    public static boolean covers(String outer, String inner) {
        return inner.equals(outer) || inner.startsWith(outer + "/");
    }

    /**
     * The first access point, of an area or of one of its QoS classes, that covers {@code path} or lies under it:
     * the gateway's own APIs need paths of their own, or one of the two would be unreachable.
     *
     * @return "access point '/data' of storage area 'data'", or null when none overlaps
     */
    static String overlappingAreaPoint(String path, List<StorageAreaConfig> areas) {
        for (StorageAreaConfig a : areas) {
            List<String> points = new java.util.ArrayList<>(a.accessPoints());
            a.qosClasses().classes().forEach(c -> points.add(c.accessPoint()));
            for (String ap : points) {
                if (covers(ap, path) || covers(path, ap)) {
                    return "access point '" + ap + "' of storage area '" + a.name() + "'";
                }
            }
        }
        return null;
    }

    // RFC 3986 unreserved: needs no percent-encoding, so the raw and the decoded URL path agree.
    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
