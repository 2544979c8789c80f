package org.tributary.gateway.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.tributary.backend.checksum.ChecksumAlgorithm;

/**
 * One storage area: a backend published under one or more URL prefixes with its own access and write policy.
 *
 * @param name              short identifier used in logs and metrics: {@code [a-z0-9][a-z0-9._-]*}
 * @param accessPoints      normalised URL prefixes (see {@link AccessPoint}), at least one
 * @param readOnly          refuse every write, whoever asks
 * @param anonymous         what clients without credentials may do
 * @param qos               free-text QoS label reported to Rucio ("disk", "tape")
 * @param quotaBytes        upper bound on stored bytes, or null for none
 * @param putCreatesParents create missing parent collections on PUT (Rucio and gfal2 rely on it); false gives the
 *                          strict RFC 4918 409 Conflict
 * @param checksums         algorithms computed on upload and served in Digest headers, first preferred
 * @param durable           fsync data and directory before a PUT is acknowledged
 * @param tpc               whether COPY with Source/Destination (third-party copy) is served; false answers 501
 * @param tpcStreams        parallel streams of a pull when the client sends no X-Number-Of-Streams (1..100)
 * @param quotaRescan       how often quota usage is measured again from the storage (1s..7d), so that other
 *                          gateways on the same root and changes behind the gateway's back are seen
 * @param qosClasses        the area's QoS classes, each a directory under an access point of its own
 *                          ({@link QosConfig#NONE} for none: then {@code qos} is a free-text label)
 */
public record StorageAreaConfig(String name, List<String> accessPoints, BackendConfig backend, boolean readOnly,
                                AnonymousAccess anonymous, String qos, Long quotaBytes, boolean putCreatesParents,
                                List<ChecksumAlgorithm> checksums, boolean durable, boolean tpc, int tpcStreams,
                                Duration quotaRescan, QosConfig qosClasses) {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    public static final String DEFAULT_QOS = "disk";
    public static final List<ChecksumAlgorithm> DEFAULT_CHECKSUMS =
            List.of(ChecksumAlgorithm.ADLER32, ChecksumAlgorithm.CRC32C);
    public static final Duration DEFAULT_QUOTA_RESCAN = Duration.ofMinutes(10);
    static final Duration MAX_QUOTA_RESCAN = Duration.ofDays(7);

    public StorageAreaConfig {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigProblem("name", (name == null ? "is required" : "'" + name + "' is not allowed")
                    + "; use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        accessPoints = normalisedAccessPoints(accessPoints);
        if (backend == null) throw new ConfigProblem("backend", "is required, e.g. backend: {type: posix, root: /srv/data}");
        if (anonymous == null) throw new ConfigProblem("anonymous", "is required");
        if (readOnly && anonymous.canWrite()) {
            throw new ConfigProblem("anonymous", "read-write is not allowed on a read-only area; use read or none,"
                    + " or set read-only: false");
        }
        if (qosClasses == null) qosClasses = QosConfig.NONE;
        try {
            qosClasses = qosClasses.withDirectories(accessPoints);
        } catch (ConfigProblem p) {
            throw p.under("qos");
        }
        if (qosClasses.hasClasses()) qos = qosClasses.defaultClass();
        if (qos == null || qos.isBlank()) throw new ConfigProblem("qos", "must not be empty, e.g. disk");
        if (quotaBytes != null && quotaBytes <= 0) {
            throw new ConfigProblem("quota", quotaBytes + " is not allowed; use a size above zero, or omit quota");
        }
        checksums = checkedChecksums(checksums);
        if (tpcStreams < 1 || tpcStreams > 100) {
            throw new ConfigProblem("tpc-streams", tpcStreams + " is not allowed; use 1..100");
        }
        if (quotaRescan == null) quotaRescan = DEFAULT_QUOTA_RESCAN;
        if (quotaRescan.compareTo(Duration.ofSeconds(1)) < 0 || quotaRescan.compareTo(MAX_QUOTA_RESCAN) > 0) {
            throw new ConfigProblem("quota-rescan", (quotaRescan.isNegative() ? quotaRescan.toString()
                    : DurationText.format(quotaRescan)) + " is not allowed; use 1s..168h");
        }
    }

    /** No QoS classes. */
    public StorageAreaConfig(String name, List<String> accessPoints, BackendConfig backend, boolean readOnly,
                             AnonymousAccess anonymous, String qos, Long quotaBytes, boolean putCreatesParents,
                             List<ChecksumAlgorithm> checksums, boolean durable, boolean tpc, int tpcStreams,
                             Duration quotaRescan) {
        this(name, accessPoints, backend, readOnly, anonymous, qos, quotaBytes, putCreatesParents, checksums, durable,
                tpc, tpcStreams, quotaRescan, QosConfig.NONE);
    }

    /** Quota usage measured again every {@link #DEFAULT_QUOTA_RESCAN}. */
    public StorageAreaConfig(String name, List<String> accessPoints, BackendConfig backend, boolean readOnly,
                             AnonymousAccess anonymous, String qos, Long quotaBytes, boolean putCreatesParents,
                             List<ChecksumAlgorithm> checksums, boolean durable, boolean tpc, int tpcStreams) {
        this(name, accessPoints, backend, readOnly, anonymous, qos, quotaBytes, putCreatesParents, checksums, durable,
                tpc, tpcStreams, DEFAULT_QUOTA_RESCAN);
    }

    /** Third-party copy enabled, one stream by default. */
    public StorageAreaConfig(String name, List<String> accessPoints, BackendConfig backend, boolean readOnly,
                             AnonymousAccess anonymous, String qos, Long quotaBytes, boolean putCreatesParents,
                             List<ChecksumAlgorithm> checksums, boolean durable) {
        this(name, accessPoints, backend, readOnly, anonymous, qos, quotaBytes, putCreatesParents, checksums, durable,
                true, 1);
    }

    /** The name a class of this area is served under, in logs and metrics: {@code km3net.fast}. */
    public String className(QosClassConfig c) {
        return name + "." + c.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether a request path (decoded, normalised) falls under one of this area's access points. */
    public boolean serves(String requestPath) {
        return accessPoints.stream().anyMatch(p -> AccessPoint.covers(p, requestPath));
    }

    private static List<String> normalisedAccessPoints(List<String> given) {
        if (given == null || given.isEmpty()) {
            throw new ConfigProblem("access-points", "at least one is required, e.g. access-points: [/data]");
        }
        List<String> out = new ArrayList<>(given.size());
        for (int i = 0; i < given.size(); i++) {
            String key = "access-points[" + i + "]";
            if (given.get(i) == null) throw new ConfigProblem(key, "must not be empty");
            String p;
            try {
                p = AccessPoint.normalise(given.get(i));
            } catch (IllegalArgumentException e) {
                throw new ConfigProblem(key, e.getMessage());
            }
            for (int j = 0; j < out.size(); j++) {
                String q = out.get(j);
                if (q.equals(p)) throw new ConfigProblem(key, "'" + p + "' is listed twice");
                if (AccessPoint.covers(q, p) || AccessPoint.covers(p, q)) {
                    throw new ConfigProblem(key, "'" + p + "' overlaps access-points[" + j + "] '" + q + "'; a URL"
                            + " under the inner one would be ambiguous, so use prefixes where neither contains the"
                            + " other");
                }
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    private static List<ChecksumAlgorithm> checkedChecksums(List<ChecksumAlgorithm> given) {
        if (given == null || given.isEmpty()) {
            throw new ConfigProblem("checksums", "at least one is required, e.g. checksums: [adler32]");
        }
        for (int i = 0; i < given.size(); i++) {
            ChecksumAlgorithm a = given.get(i);
            if (a == null) throw new ConfigProblem("checksums[" + i + "]", "must not be empty");
            if (given.subList(0, i).contains(a)) {
                throw new ConfigProblem("checksums[" + i + "]", "'" + a.wireName() + "' is listed twice");
            }
        }
        return List.copyOf(given);
    }
}
