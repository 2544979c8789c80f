package org.tributary.gateway.config;

import org.tributary.backend.InvalidOption;
import org.tributary.backend.s3.S3Options;
import org.tributary.backend.tape.TapeSimOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which storage backend serves an area.
 *
 * @param type    the backend kind: "posix", "s3" or "tape-sim" (a disk buffer in front of a simulated tape library)
 * @param root    the directory a posix backend serves, as written (a relative path is relative to the working
 *                directory); null for other backends
 * @param options every other key of the backend section, unmodifiable and in file order, so later backends can
 *                read their settings without changing this record; for posix at most {@code create-root}
 */
public record BackendConfig(String type, Path root, Map<String, Object> options) {

    public static final String POSIX = "posix";
    public static final String S3 = "s3";
    public static final String TAPE_SIM = "tape-sim";

    /** The backend types this build can run. */
    public static final Set<String> KNOWN_TYPES = Set.of(POSIX, S3, TAPE_SIM);
    /** Posix: create a missing root at start instead of refusing to start (a typo must not become an empty area). */
    public static final String CREATE_ROOT = "create-root";

    public BackendConfig {
        if (type == null || !KNOWN_TYPES.contains(type)) {
            throw new ConfigProblem("type", (type == null ? "is required" : "'" + type + "' is not available in this"
                    + " version") + "; use one of: " + String.join(", ", KNOWN_TYPES.stream().sorted().toList()));
        }
        options = options == null ? Map.of() : deepUnmodifiable(options);
        if (type.equals(POSIX)) {
            for (String k : options.keySet()) {
                if (!k.equals(CREATE_ROOT)) throw new ConfigProblem(k, "unknown key; allowed keys here: type, root, " + CREATE_ROOT);
            }
            Object create = options.get(CREATE_ROOT);
            if (options.containsKey(CREATE_ROOT) && !(create instanceof Boolean)) {
                throw new ConfigProblem(CREATE_ROOT, "must be true or false (true: create the root directory at start"
                        + " when it is missing)");
            }
            if (root == null || root.toString().isBlank()) {
                throw new ConfigProblem("root", "is required for a posix backend, e.g. root: /srv/tributary/data");
            }
        }
        if (type.equals(S3)) {
            if (root != null) throw new ConfigProblem("root", "is not used by an s3 backend; use bucket and prefix");
            s3Options(options);
        }
        if (type.equals(TAPE_SIM)) {
            if (root != null) throw new ConfigProblem("root", "is not used by a tape-sim backend; use buffer and library");
            tapeSimOptions(options);
        }
    }

    /** The validated settings of an s3 backend (endpoint, bucket, prefix, credentials source...). */
    public S3Options s3Options() {
        return s3Options(options);
    }

    private static S3Options s3Options(Map<String, Object> options) {
        try {
            return S3Options.parse(options, ByteSize::parse);
        } catch (InvalidOption e) {
            throw new ConfigProblem(e.key(), e.detail());
        }
    }

    /** The validated settings of a tape-sim backend (buffer, library, drives, time scale, policies). */
    public TapeSimOptions tapeSimOptions() {
        return tapeSimOptions(options);
    }

    private static TapeSimOptions tapeSimOptions(Map<String, Object> options) {
        try {
            return TapeSimOptions.parse(options, ByteSize::parse, DurationText::parse, Path::of);
        } catch (InvalidOption e) {
            throw new ConfigProblem(e.key(), e.detail());
        }
    }

    public static BackendConfig posix(Path root) {
        return new BackendConfig(POSIX, root, Map.of());
    }

    /** A posix backend whose root is created at start when missing ({@code create-root: true}). */
    public static BackendConfig posixCreatingRoot(Path root) {
        return new BackendConfig(POSIX, root, Map.of(CREATE_ROOT, true));
    }

    /** Posix only: whether a missing root is created at start; otherwise the gateway refuses to start. */
    public boolean createRoot() {
        return Boolean.TRUE.equals(options.get(CREATE_ROOT));
    }

    public boolean isPosix() { return type.equals(POSIX); }

    // Options come from YAML (maps, lists, scalars); nested collections are copied too so the record stays
    // immutable all the way down. Nulls are kept: "key:" with no value is a legitimate setting for some backends.
    @SuppressWarnings("unchecked")
    private static <T> T deepUnmodifiable(T value) {
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(k, deepUnmodifiable(v)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            l.forEach(v -> copy.add(deepUnmodifiable(v)));
            return (T) Collections.unmodifiableList(copy);
        }
        return value;
    }
}
