package org.tributary.gateway.config;

import java.time.Duration;

/**
 * How much of the server one client, a slow client or a crowd of uploads may hold. Slow and stalled clients are the
 * cheap attack on a storage element (slowloris heads, bodies that stop): each holds a connection, and uploads also
 * hold a temporary file and its quota. The defaults are generous for FTS, which opens many connections from a few
 * hosts, and close connections a client no longer uses.
 *
 * @param idleTimeout             a connection with no byte in either direction for this long is ended (an upload
 *                                whose body stops gets {@code 408}, nothing stored)
 * @param requestHeadTimeout      the request line and headers must arrive completely within this time; a client that
 *                                sends them slowly (slowloris) is disconnected
 * @param maxConnectionsPerClient open connections from one remote address; more are closed at once
 * @param maxConcurrentUploads    PUTs receiving a body at the same time, whole gateway; more get {@code 503} with
 *                                {@code Retry-After}
 */
public record ClientLimits(Duration idleTimeout, Duration requestHeadTimeout, int maxConnectionsPerClient,
                           int maxConcurrentUploads) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_REQUEST_HEAD_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS_PER_CLIENT = 512;
    public static final int DEFAULT_MAX_CONCURRENT_UPLOADS = 1000;
    /** Below a second a busy client on a long link would be cut off; Jetty's timers are not finer either. */
    static final Duration SMALLEST_TIMEOUT = Duration.ofSeconds(1);

    public ClientLimits {
        if (idleTimeout == null || idleTimeout.compareTo(SMALLEST_TIMEOUT) < 0) {
            throw new ConfigProblem("idle-timeout", "must be at least 1s, e.g. 2m (the default)");
        }
        if (requestHeadTimeout == null || requestHeadTimeout.compareTo(SMALLEST_TIMEOUT) < 0) {
            throw new ConfigProblem("request-head-timeout", "must be at least 1s, e.g. 30s (the default)");
        }
        if (maxConnectionsPerClient < 1) {
            throw new ConfigProblem("max-connections-per-client", maxConnectionsPerClient
                    + " is not allowed; use a whole number 1.." + Integer.MAX_VALUE + ", e.g. 512 (the default)");
        }
        if (maxConcurrentUploads < 1) {
            throw new ConfigProblem("max-concurrent-uploads", maxConcurrentUploads
                    + " is not allowed; use a whole number 1.." + Integer.MAX_VALUE + ", e.g. 1000 (the default)");
        }
    }

    public static ClientLimits defaults() {
        return new ClientLimits(DEFAULT_IDLE_TIMEOUT, DEFAULT_REQUEST_HEAD_TIMEOUT, DEFAULT_MAX_CONNECTIONS_PER_CLIENT,
                DEFAULT_MAX_CONCURRENT_UPLOADS);
    }
}
