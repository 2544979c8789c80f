package org.tributary.gateway.config;

import org.eclipse.jetty.util.InetAddressSet;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code health:} section: liveness at {@code <path>/live}, readiness at {@code <path>/ready}, for a load
 * balancer or Kubernetes probes (docs/configuration.md, decision 0036). Answered on loopback always; from another
 * address only when it is in {@code allow} (a load balancer's network), else 403.
 *
 * @param path         the URL path of the two checks; outside every access point and API path
 * @param allow        addresses besides loopback that may ask: IP literals or CIDR blocks ({@code 10.0.0.0/8})
 * @param probeTimeout how long readiness waits for one area's storage to answer its probe
 * @param probeCache   how long one probe's result stands, so that probes never load the storage
 */
public record HealthConfig(String path, List<String> allow, Duration probeTimeout, Duration probeCache) {

    public static final String DEFAULT_PATH = "/health";
    public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_PROBE_CACHE = Duration.ofSeconds(5);
    public static final HealthConfig DEFAULT = new HealthConfig(DEFAULT_PATH, List.of(), DEFAULT_PROBE_TIMEOUT,
            DEFAULT_PROBE_CACHE);

    public HealthConfig {
        path = AccessPoint.apiPath("path", path, DEFAULT_PATH);
        allow = allow == null ? List.of() : List.copyOf(allow);
        for (int i = 0; i < allow.size(); i++) addressSet(List.of(allow.get(i)), "allow[" + i + "]");
        if (probeTimeout == null || probeTimeout.isNegative() || probeTimeout.isZero()) {
            throw new ConfigProblem("probe-timeout", "must be more than zero, e.g. 2s");
        }
        if (probeCache == null || probeCache.isNegative()) {
            throw new ConfigProblem("probe-cache", "must be zero or more, e.g. 5s");
        }
    }

    /** The addresses of {@code allow} as a set Jetty matches client addresses against. */
    public InetAddressSet allowed() {
        return addressSet(allow, "allow");
    }

    /**
     * IP literals and CIDR blocks only: Jetty would resolve a host name once, at start, and a name that moved would
     * keep admitting its old address.
     */
    private static InetAddressSet addressSet(List<String> patterns, String key) {
        InetAddressSet set = new InetAddressSet();
        for (String p : patterns) {
            boolean literal = !p.isEmpty()
                    && p.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':' || c == '/');
            try {
                if (literal) set.add(p);
            } catch (IllegalArgumentException e) {
                literal = false;
            }
            if (!literal) {
                throw new ConfigProblem(key, "'" + p + "' is not an IP address or a CIDR block; use e.g. 10.0.0.0/8,"
                        + " 192.0.2.7 or 2001:db8::/32");
            }
        }
        return set;
    }

    /**
     * Refuses a path that lies inside a storage area or a class access point, or holds one, and one that overlaps
     * another of the gateway's own paths.
     *
     * @param others the other paths in use, by their configuration key ({@code cdmi.path} → {@code /cdmi})
     * @return the problem, or null
     */
    String overlapWith(List<StorageAreaConfig> areas, Map<String, String> others) {
        String area = AccessPoint.overlappingAreaPoint(path, areas);
        if (area != null) {
            return "'" + path + "' overlaps " + area + "; choose a path outside every area, e.g. " + DEFAULT_PATH;
        }
        for (var e : others.entrySet()) {
            if (AccessPoint.covers(e.getValue(), path) || AccessPoint.covers(path, e.getValue())) {
                return "'" + path + "' overlaps " + e.getKey() + " '" + e.getValue() + "'; give health a path of its"
                        + " own, e.g. " + DEFAULT_PATH;
            }
        }
        return null;
    }
}
