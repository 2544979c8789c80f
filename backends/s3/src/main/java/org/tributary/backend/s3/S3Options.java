package org.tributary.backend.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The settings of one S3-backed storage area, read from the {@code backend:} section of the gateway configuration.
 * Secrets are never part of it: credentials are named by where they come from (a file, environment variables or the
 * SDK's default chain), so nothing printed from a configuration can leak a key.
 *
 * @param endpoint       the S3 endpoint URL, or null for AWS itself (then {@code region} picks the endpoint)
 * @param region         the signing region (SigV4); "us-east-1" when not given
 * @param bucket         the bucket
 * @param prefix         key prefix under which the area lives: "" (whole bucket) or ending with '/'
 * @param pathStyle      path-style addressing (endpoint/bucket/key) instead of virtual-host (bucket.endpoint/key)
 * @param credentials    where the access key comes from
 * @param partSize       multipart part size in bytes; files smaller than this go in one PutObject
 * @param partsInFlight  parts of one upload sent concurrently (memory per upload is (partsInFlight + 1) * partSize)
 * @param caFile         PEM file of CA certificates to trust for https endpoints, or null for the JDK's trust store
 * @param maxAttempts    attempts per request, retries included (throttling and 5xx are retried with backoff + jitter)
 * @param storageClasses the S3 storage classes the service keeps for this bucket (default: STANDARD only); a QoS class
 *                       may name only these, and one that names none gets the first of them that keeps its placement
 *                       ({@link S3StorageClasses})
 */
public record S3Options(URI endpoint, String region, String bucket, String prefix, boolean pathStyle,
                        Credentials credentials, long partSize, int partsInFlight, Path caFile, int maxAttempts,
                        List<String> storageClasses) {

    /** S3's smallest part; the largest we use is 1 GiB (S3 allows 5 GiB) because a part is buffered in one array. */
    public static final long MIN_PART_SIZE = 5L << 20;
    public static final long MAX_PART_SIZE = 1L << 30;
    public static final long DEFAULT_PART_SIZE = 16L << 20;

    public static final List<String> KEYS = List.of("endpoint", "region", "bucket", "prefix", "path-style",
            "credentials", "part-size", "parts-in-flight", "tls", "max-attempts", "storage-classes");

    public S3Options {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(credentials, "credentials");
        region = region == null ? "us-east-1" : region;
        prefix = normalisePrefix(prefix == null ? "" : prefix);
        storageClasses = storageClasses == null || storageClasses.isEmpty() ? List.of(S3StorageClasses.DEFAULT)
                : List.copyOf(storageClasses);
    }

    /** The options of an area before storage classes were configurable: STANDARD only. */
    public S3Options(URI endpoint, String region, String bucket, String prefix, boolean pathStyle,
                     Credentials credentials, long partSize, int partsInFlight, Path caFile, int maxAttempts) {
        this(endpoint, region, bucket, prefix, pathStyle, credentials, partSize, partsInFlight, caFile, maxAttempts,
                List.of());
    }

    /** Options for tests and embedders: path-style addressing against {@code endpoint}, default sizes. */
    public static S3Options of(URI endpoint, String region, String bucket, String prefix, Credentials credentials) {
        return new S3Options(endpoint, region, bucket, prefix, true, credentials, DEFAULT_PART_SIZE, 2, null, 4);
    }

    public S3Options withPartSize(long size, int inFlight) {
        return new S3Options(endpoint, region, bucket, prefix, pathStyle, credentials, size, inFlight, caFile, maxAttempts,
                storageClasses);
    }

    public S3Options withMaxAttempts(int attempts) {
        return new S3Options(endpoint, region, bucket, prefix, pathStyle, credentials, partSize, partsInFlight, caFile, attempts,
                storageClasses);
    }

    /** These options with the storage classes the service keeps ({@link #storageClasses()}). */
    public S3Options withStorageClasses(List<String> classes) {
        S3StorageClasses.check(classes);
        return new S3Options(endpoint, region, bucket, prefix, pathStyle, credentials, partSize, partsInFlight, caFile,
                maxAttempts, classes);
    }

    /**
     * Where the access key comes from.
     *
     * @param source      "file", "env" or "default"
     * @param file        for "file": an AWS shared-credentials file (INI with aws_access_key_id/aws_secret_access_key)
     * @param profile     for "file": the profile in it ("default" when not given)
     * @param accessKeyVariable for "env": the variable holding the access key id (AWS_ACCESS_KEY_ID when not given)
     * @param secretKeyVariable for "env": the variable holding the secret key (AWS_SECRET_ACCESS_KEY when not given)
     * @param accessKey   only for code (tests): literal keys; never read from a configuration file
     * @param secretKey   see accessKey
     */
    public record Credentials(String source, Path file, String profile, String accessKeyVariable,
                              String secretKeyVariable, String accessKey, String secretKey) {
        public static Credentials defaultChain() { return new Credentials("default", null, null, null, null, null, null); }

        public static Credentials literal(String accessKey, String secretKey) {
            return new Credentials("literal", null, null, null, null, accessKey, secretKey);
        }

        /** A description safe to print: says where the key comes from, never the key. */
        public String describe() {
            return switch (source) {
                case "file" -> "credentials file " + file + " (profile " + (profile == null ? "default" : profile) + ")";
                case "env" -> "environment variables " + (accessKeyVariable == null ? "AWS_ACCESS_KEY_ID" : accessKeyVariable)
                        + "/" + (secretKeyVariable == null ? "AWS_SECRET_ACCESS_KEY" : secretKeyVariable);
                case "literal" -> "credentials given in code";
                default -> "the AWS SDK default credentials chain";
            };
        }

        @Override
        public String toString() { return describe(); }
    }

    /** An invalid option: {@code key} is relative to the backend section ("credentials.path"). */
    public static final class Invalid extends org.tributary.backend.InvalidOption {
        public Invalid(String key, String detail) {
            super(key, detail);
        }
    }

    /**
     * Reads and validates the options of a {@code type: s3} backend section (every key but {@code type}).
     *
     * @param sizes parses sizes such as "16MiB" (the gateway passes its own parser so the syntax is the same
     *              everywhere); throws IllegalArgumentException with a readable message
     */
    public static S3Options parse(Map<String, Object> options, ToLongFunction<String> sizes) {
        for (String k : options.keySet()) {
            if (k.equals("access-key") || k.equals("secret-key") || k.equals("access-key-id") || k.equals("secret-access-key")) {
                throw new Invalid(k, "keys are not accepted in the configuration file; use credentials: {type: file, path: ...},"
                        + " {type: env} or {type: default}");
            }
            if (!KEYS.contains(k)) {
                throw new Invalid(k, "unknown key; allowed keys here: type, " + String.join(", ", KEYS));
            }
        }
        URI endpoint = null;
        String ep = text(options, "endpoint");
        if (ep != null) {
            try {
                endpoint = new URI(ep);
            } catch (URISyntaxException e) {
                throw new Invalid("endpoint", "'" + ep + "' is not a URL: " + e.getReason());
            }
            String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
                throw new Invalid("endpoint", "'" + ep + "' must be an http:// or https:// URL with a host,"
                        + " e.g. endpoint: https://s3.example.org");
            }
            if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
                throw new Invalid("endpoint", "must not have a query or fragment");
            }
        }
        String region = text(options, "region");
        if (region != null && !region.matches("[a-z0-9-]+")) {
            throw new Invalid("region", "'" + region + "' is not a region name (lower-case letters, digits, '-'), e.g. us-east-1");
        }
        String bucket = text(options, "bucket");
        if (bucket == null) throw new Invalid("bucket", "is required for an s3 backend, e.g. bucket: rucio-data");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new Invalid("bucket", "'" + bucket + "' is not a valid bucket name (3-63 lower-case letters, digits, '.', '-')");
        }
        String prefix = text(options, "prefix");
        if (prefix != null) {
            String problem = prefixProblem(prefix);
            if (problem != null) throw new Invalid("prefix", problem);
        }
        boolean pathStyle = bool(options, "path-style", endpoint != null);
        Credentials creds = credentials(options.get("credentials"));
        long partSize = DEFAULT_PART_SIZE;
        Object ps = options.get("part-size");
        if (ps != null) {
            try {
                partSize = sizes.applyAsLong(ps.toString());
            } catch (IllegalArgumentException e) {
                throw new Invalid("part-size", e.getMessage());
            }
            if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
                throw new Invalid("part-size", "must be between 5 MiB (the S3 minimum) and 1 GiB (parts are buffered in memory)");
            }
        }
        int inFlight = integer(options, "parts-in-flight", 2, 1, 64);
        int attempts = integer(options, "max-attempts", 4, 1, 20);
        Path caFile = null;
        Object tls = options.get("tls");
        if (tls != null) {
            if (!(tls instanceof Map<?, ?> t)) throw new Invalid("tls", "must be a section, e.g. tls: {ca-file: /etc/pki/tls/certs/ca-bundle.crt}");
            for (Object k : t.keySet()) {
                if (!"ca-file".equals(k)) throw new Invalid("tls." + k, "unknown key; allowed keys here: ca-file");
            }
            String ca = t.get("ca-file") == null ? null : t.get("ca-file").toString();
            if (ca == null || ca.isBlank()) throw new Invalid("tls.ca-file", "is required in a tls section (a PEM file of CA certificates)");
            caFile = Path.of(ca);
        }
        List<String> classes = storageClasses(options.get("storage-classes"));
        return new S3Options(endpoint, region, bucket, prefix, pathStyle, creds, partSize, inFlight, caFile, attempts,
                classes);
    }

    private static List<String> storageClasses(Object raw) {
        if (raw == null) return List.of();
        List<?> items = raw instanceof List<?> l ? l : List.of(raw);
        List<String> names = items.stream().map(o -> String.valueOf(o).trim().toUpperCase(Locale.ROOT)).toList();
        try {
            S3StorageClasses.check(names);
        } catch (IllegalArgumentException e) {
            throw new Invalid("storage-classes", e.getMessage());
        }
        return names;
    }

    private static Credentials credentials(Object raw) {
        if (raw == null) return Credentials.defaultChain();
        if (raw instanceof String s) raw = Map.of("type", s);
        if (!(raw instanceof Map<?, ?> m)) {
            throw new Invalid("credentials", "must be a section, e.g. credentials: {type: file, path: /etc/tributary/s3-credentials}");
        }
        Object type = m.get("type");
        if (type == null) throw new Invalid("credentials.type", "is required; use one of: default, env, file");
        Set<String> allowed = switch (type.toString()) {
            case "file" -> Set.of("type", "path", "profile");
            case "env" -> Set.of("type", "access-key-variable", "secret-key-variable");
            case "default" -> Set.of("type");
            default -> throw new Invalid("credentials.type", "'" + type + "' is not a credentials source; use one of: default, env, file");
        };
        for (Object k : m.keySet()) {
            if (!allowed.contains(k.toString())) {
                throw new Invalid("credentials." + k, "unknown key for type " + type + "; allowed keys here: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        String t = type.toString();
        if (t.equals("file")) {
            Object p = m.get("path");
            if (p == null || p.toString().isBlank()) {
                throw new Invalid("credentials.path", "is required for type file (an AWS shared-credentials file)");
            }
            Object profile = m.get("profile");
            return new Credentials("file", Path.of(p.toString()), profile == null ? null : profile.toString(), null, null, null, null);
        }
        if (t.equals("env")) {
            Object a = m.get("access-key-variable");
            Object s = m.get("secret-key-variable");
            return new Credentials("env", null, null, a == null ? null : a.toString(), s == null ? null : s.toString(), null, null);
        }
        return Credentials.defaultChain();
    }

    static String normalisePrefix(String prefix) {
        String p = prefix;
        while (p.startsWith("/")) p = p.substring(1);
        if (!p.isEmpty() && !p.endsWith("/")) p = p + "/";
        return p;
    }

    /** Why a prefix cannot be used, or null. */
    static String prefixProblem(String prefix) {
        String p = normalisePrefix(prefix);
        if (p.isEmpty()) return null;
        for (String seg : p.substring(0, p.length() - 1).split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                return "'" + prefix + "' has an empty or dot segment; use something like prefix: rucio/area1/";
            }
        }
        return null;
    }

    private static String text(Map<String, Object> o, String key) {
        Object v = o.get(key);
        if (v == null) return null;
        if (v instanceof Map || v instanceof List) throw new Invalid(key, "must be a single value");
        String s = v.toString().trim();
        if (s.isEmpty()) throw new Invalid(key, "must not be empty");
        return s;
    }

    private static boolean bool(Map<String, Object> o, String key, boolean dflt) {
        Object v = o.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new Invalid(key, "must be true or false");
    }

    private static int integer(Map<String, Object> o, String key, int dflt, int min, int max) {
        Object v = o.get(key);
        if (v == null) return dflt;
        if (v instanceof Integer i && i >= min && i <= max) return i;
        throw new Invalid(key, "must be a whole number from " + min + " to " + max);
    }
}
