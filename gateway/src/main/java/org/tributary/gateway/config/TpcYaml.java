package org.tributary.gateway.config;

import org.tributary.tpc.RemoteGuard;
import org.tributary.tpc.TpcSettings;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tpc:} section (HTTP third-party copy, docs/configuration.md) and the per-area {@code tpc} and
 * {@code tpc-streams} keys: read with the same key-path messages as the rest of the file, and written back for
 * {@code check-config}.
 */
final class TpcYaml {

    static final String[] TPC_KEYS = {"max-active", "max-active-per-area", "max-queued", "max-connections-per-host",
            "connect-timeout", "idle-timeout", "transfer-timeout", "marker-interval", "ca-directory", "allowed-hosts",
            "allow-loopback", "verify-checksum", "max-streams", "stream-chunk", "se-token-key"};

    private TpcYaml() {}

    static TpcSettings read(YamlSection top) throws ConfigException {
        TpcSettings d = TpcSettings.defaults();
        if (!top.has("tpc")) return d;
        YamlSection s = top.section("tpc");
        s.allowOnly(TPC_KEYS);
        int maxActive = count(s, "max-active", d.maxActive(), 1, 100_000);
        int perArea = count(s, "max-active-per-area", Math.min(maxActive, d.maxActivePerArea()), 1, 100_000);
        int queued = count(s, "max-queued", d.maxQueued(), 0, 1_000_000);
        int perHost = count(s, "max-connections-per-host", d.maxConnectionsPerHost(), 1, 10_000);
        Duration connect = duration(s, "connect-timeout", d.connectTimeout());
        Duration idle = duration(s, "idle-timeout", d.idleTimeout());
        Duration total = duration(s, "transfer-timeout", d.transferTimeout());
        Duration marker = duration(s, "marker-interval", d.markerInterval());
        if (marker.toMillis() < 100 || marker.toSeconds() > 30) {
            throw new ConfigException(s.keyPath("marker-interval") + ": " + DurationText.format(marker)
                    + " is not allowed; use 100ms..30s (clients give up without a marker for 30s or more)");
        }
        Path ca = null;
        String caText = s.text("ca-directory", null);
        if (caText != null) {
            if (caText.isBlank()) throw new ConfigException(s.keyPath("ca-directory") + ": must not be empty");
            ca = Path.of(caText);
        }
        List<String> hosts = s.textList("allowed-hosts", "[se.example.org, '*.example.org', 10.1.0.0/16]");
        if (hosts == null) hosts = List.of();
        for (int i = 0; i < hosts.size(); i++) {
            String problem = RemoteGuard.entryProblem(hosts.get(i));
            if (problem != null) {
                throw new ConfigException(s.keyPath("allowed-hosts") + "[" + i + "]: " + problem
                        + "; use a host name, *.domain, an IP address or a network like 10.1.0.0/16");
            }
        }
        boolean loopback = s.bool("allow-loopback", d.allowLoopback());
        boolean verify = s.bool("verify-checksum", d.verifyChecksumDefault());
        int streams = count(s, "max-streams", d.maxStreams(), 1, 100);
        long chunk = d.streamChunk();
        Object c = s.raw("stream-chunk");
        if (c != null) {
            try {
                chunk = YamlSection.isWholeNumber(c) ? Long.parseLong(c.toString()) : ByteSize.parse(c.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(s.keyPath("stream-chunk") + ": " + e.getMessage());
            }
            if (chunk < 64 * 1024 || chunk > 256L * 1024 * 1024) {
                throw new ConfigException(s.keyPath("stream-chunk") + ": '" + c + "' is not allowed; use 64KiB..256MiB");
            }
        }
        Path seKey = null;
        String seKeyText = s.text("se-token-key", null);
        if (seKeyText != null) {
            if (seKeyText.isBlank()) throw new ConfigException(s.keyPath("se-token-key") + ": must not be empty");
            seKey = Path.of(seKeyText);
        }
        if (perArea > maxActive) {
            throw new ConfigException(s.keyPath("max-active-per-area") + ": " + perArea + " is more than max-active ("
                    + maxActive + ")");
        }
        return new TpcSettings(maxActive, perArea, queued, perHost, connect, idle, total, marker, ca, hosts, loopback,
                verify, streams, (int) chunk, seKey);
    }

    /** The per-area switch ({@code tpc: false} answers COPY with Source/Destination with 501). */
    static boolean areaEnabled(YamlSection a) throws ConfigException {
        return a.bool("tpc", true);
    }

    /** The per-area default for X-Number-Of-Streams when the client sends none. */
    static int areaStreams(YamlSection a) throws ConfigException {
        return count(a, "tpc-streams", 1, 1, 100);
    }

    static void write(Map<String, Object> doc, GatewayConfig config) {
        TpcSettings t = config.tpc();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max-active", t.maxActive());
        m.put("max-active-per-area", t.maxActivePerArea());
        m.put("max-queued", t.maxQueued());
        m.put("max-connections-per-host", t.maxConnectionsPerHost());
        m.put("connect-timeout", DurationText.format(t.connectTimeout()));
        m.put("idle-timeout", DurationText.format(t.idleTimeout()));
        m.put("transfer-timeout", DurationText.format(t.transferTimeout()));
        m.put("marker-interval", DurationText.format(t.markerInterval()));
        if (t.caDirectory() != null) m.put("ca-directory", t.caDirectory().toString());
        m.put("allowed-hosts", new ArrayList<>(t.allowedHosts()));
        m.put("allow-loopback", t.allowLoopback());
        m.put("verify-checksum", t.verifyChecksumDefault());
        m.put("max-streams", t.maxStreams());
        m.put("stream-chunk", t.streamChunk());
        if (t.seTokenKey() != null) m.put("se-token-key", t.seTokenKey().toString());
        doc.put("tpc", m);
    }

    static void writeArea(Map<String, Object> m, StorageAreaConfig a) {
        m.put("tpc", a.tpc());
        m.put("tpc-streams", a.tpcStreams());
    }

    static int count(YamlSection s, String key, int dflt, int min, int max) throws ConfigException {
        Object v = s.raw(key);
        if (v == null) return dflt;
        if (YamlSection.isWholeNumber(v)) {
            BigInteger n = new BigInteger(v.toString());
            if (n.compareTo(BigInteger.valueOf(min)) >= 0 && n.compareTo(BigInteger.valueOf(max)) <= 0) {
                return n.intValue();
            }
        }
        throw new ConfigException(s.keyPath(key) + ": " + YamlSection.describe(v) + " is not allowed; use a whole"
                + " number " + min + ".." + max);
    }

    /** A TPC timeout or interval: as {@link YamlSection#duration}, and more than zero. */
    private static Duration duration(YamlSection s, String key, Duration dflt) throws ConfigException {
        if (s.raw(key) == null) return dflt;
        Duration d = s.duration(key, dflt);
        if (d.isZero()) throw new ConfigException(s.keyPath(key) + ": must be more than zero, e.g. 30s");
        return d;
    }
}
