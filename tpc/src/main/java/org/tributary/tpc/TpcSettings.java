package org.tributary.tpc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Process-wide settings of the third-party-copy engine (the gateway maps its {@code tpc:} configuration section here).
 *
 * @param maxActive          transfers moving data at once, all areas together
 * @param maxActivePerArea   transfers moving data at once in one storage area
 * @param maxQueued          transfers accepted (202) but waiting for a slot; beyond this, 503 + Retry-After
 * @param maxConnectionsPerHost outbound connections to one remote host:port (Jetty keeps and reuses them)
 * @param connectTimeout     TCP + TLS connect
 * @param idleTimeout        no byte in either direction for this long fails the transfer
 * @param transferTimeout    upper bound for a whole transfer, queueing included
 * @param markerInterval     time between perf markers (the first is sent at once)
 * @param caDirectory        directory of trusted CA certificates (PEM, e.g. /etc/grid-security/certificates), or
 *                           null for the JVM's default trust store
 * @param allowedHosts       remote host names ({@code host}, {@code *.domain}) or networks ({@code 10.0.0.0/8});
 *                           empty: any public address
 * @param allowLoopback      whether loopback remotes are allowed (true when the gateway listens on loopback only)
 * @param verifyChecksumDefault whether adler32 is verified when the client sends no RequireChecksumVerification
 * @param maxStreams         upper bound for X-Number-Of-Streams
 * @param streamChunk        bytes per ranged GET of a multi-stream pull (memory: streams × chunk per transfer)
 * @param seTokenKey         where the gateway keeps the private key of the tokens it issues itself (SE-issued
 *                           tokens, {@code application/macaroon-request}); null: no such tokens
 */
public record TpcSettings(int maxActive, int maxActivePerArea, int maxQueued, int maxConnectionsPerHost,
                          Duration connectTimeout, Duration idleTimeout, Duration transferTimeout,
                          Duration markerInterval, Path caDirectory, List<String> allowedHosts, boolean allowLoopback,
                          boolean verifyChecksumDefault, int maxStreams, int streamChunk, Path seTokenKey) {

    public TpcSettings {
        allowedHosts = List.copyOf(allowedHosts);
        if (maxActive < 1 || maxActivePerArea < 1 || maxQueued < 0 || maxConnectionsPerHost < 1 || maxStreams < 1
                || streamChunk < 64 * 1024) {
            throw new IllegalArgumentException("TPC limits must be positive (stream chunk at least 64 KiB)");
        }
    }

    /** Without SE-issued tokens. */
    public TpcSettings(int maxActive, int maxActivePerArea, int maxQueued, int maxConnectionsPerHost,
                       Duration connectTimeout, Duration idleTimeout, Duration transferTimeout, Duration markerInterval,
                       Path caDirectory, List<String> allowedHosts, boolean allowLoopback, boolean verifyChecksumDefault,
                       int maxStreams, int streamChunk) {
        this(maxActive, maxActivePerArea, maxQueued, maxConnectionsPerHost, connectTimeout, idleTimeout,
                transferTimeout, markerInterval, caDirectory, allowedHosts, allowLoopback, verifyChecksumDefault,
                maxStreams, streamChunk, null);
    }

    public static TpcSettings defaults() {
        return new TpcSettings(300, 300, 1000, 64, Duration.ofSeconds(30), Duration.ofSeconds(120),
                Duration.ofHours(6), Duration.ofSeconds(5), null, List.of(), false, true, 16, 8 << 20);
    }

    public TpcSettings withAllowLoopback(boolean allow) {
        return new TpcSettings(maxActive, maxActivePerArea, maxQueued, maxConnectionsPerHost, connectTimeout,
                idleTimeout, transferTimeout, markerInterval, caDirectory, allowedHosts, allow, verifyChecksumDefault,
                maxStreams, streamChunk, seTokenKey);
    }

    public TpcSettings withMarkerInterval(Duration d) {
        return new TpcSettings(maxActive, maxActivePerArea, maxQueued, maxConnectionsPerHost, connectTimeout,
                idleTimeout, transferTimeout, d, caDirectory, allowedHosts, allowLoopback, verifyChecksumDefault,
                maxStreams, streamChunk, seTokenKey);
    }

    public TpcSettings withLimits(int active, int perArea, int queued) {
        return new TpcSettings(active, perArea, queued, maxConnectionsPerHost, connectTimeout, idleTimeout,
                transferTimeout, markerInterval, caDirectory, allowedHosts, allowLoopback, verifyChecksumDefault,
                maxStreams, streamChunk, seTokenKey);
    }

    public TpcSettings withStreamChunk(int chunk) {
        return new TpcSettings(maxActive, maxActivePerArea, maxQueued, maxConnectionsPerHost, connectTimeout,
                idleTimeout, transferTimeout, markerInterval, caDirectory, allowedHosts, allowLoopback,
                verifyChecksumDefault, maxStreams, chunk, seTokenKey);
    }
}
