package org.tributary.gateway.config;

import java.time.Duration;

/**
 * Listeners and process-wide settings.
 *
 * @param bind                          the address both listeners bind to: an IP literal or a host name
 * @param httpPort                      plain-HTTP port, or null for no plain-HTTP listener
 * @param https                         the TLS listener, or null for none; at least one listener is required
 * @param allowAnonymousWriteOnNetwork  the admin's explicit consent to anonymous writes while listening beyond
 *                                      loopback (refused otherwise, see {@link GatewayConfig})
 * @param shutdownGrace                 how long running transfers may finish after a stop signal
 * @param accessLog                     "stdout", "off" or a file path
 * @param limits                        timeouts and limits for slow, stalled and numerous clients
 * @param accessLogFormat               "text" (one line of fields) or "json" (one JSON object per line)
 */
public record ServerConfig(String bind, Integer httpPort, HttpsConfig https, boolean allowAnonymousWriteOnNetwork,
                           Duration shutdownGrace, String accessLog, ClientLimits limits, String accessLogFormat) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
    public static final String ACCESS_LOG_STDOUT = "stdout";
    public static final String ACCESS_LOG_OFF = "off";
    public static final String ACCESS_LOG_TEXT = "text";
    public static final String ACCESS_LOG_JSON = "json";

    public ServerConfig {
        String bindProblem = BindAddress.problem(bind);
        if (bindProblem != null) throw new ConfigProblem("bind", bindProblem);
        if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
            throw new ConfigProblem("http.port", httpPort + " is not a port; use 1..65535");
        }
        if (httpPort == null && https == null) {
            throw new ConfigProblem("", "no listener configured; add an http section (e.g. http: {port: 8080}) or an"
                    + " https section");
        }
        // Port 0 means "any free port" (tests); two of those never clash.
        if (httpPort != null && https != null && httpPort != 0 && httpPort == https.port()) {
            throw new ConfigProblem("https.port", https.port() + " is also the http port; use two different ports");
        }
        if (shutdownGrace == null || shutdownGrace.isNegative()) {
            throw new ConfigProblem("shutdown-grace", "must be zero or more, e.g. 10s");
        }
        if (accessLog == null || accessLog.isBlank()) {
            throw new ConfigProblem("access-log", "must not be empty; use stdout, off or a file path");
        }
        if (limits == null) limits = ClientLimits.defaults();
        if (accessLogFormat == null) accessLogFormat = ACCESS_LOG_TEXT;
        if (!accessLogFormat.equals(ACCESS_LOG_TEXT) && !accessLogFormat.equals(ACCESS_LOG_JSON)) {
            throw new ConfigProblem("access-log-format", "'" + accessLogFormat + "' is not allowed; use text or json");
        }
    }

    /** The request log as text. */
    public ServerConfig(String bind, Integer httpPort, HttpsConfig https, boolean allowAnonymousWriteOnNetwork,
                        Duration shutdownGrace, String accessLog, ClientLimits limits) {
        this(bind, httpPort, https, allowAnonymousWriteOnNetwork, shutdownGrace, accessLog, limits, null);
    }

    /** With the default {@link ClientLimits}. */
    public ServerConfig(String bind, Integer httpPort, HttpsConfig https, boolean allowAnonymousWriteOnNetwork,
                        Duration shutdownGrace, String accessLog) {
        this(bind, httpPort, https, allowAnonymousWriteOnNetwork, shutdownGrace, accessLog, null);
    }

    /** The same settings on another http port (tests use 0: any free port). */
    public ServerConfig withHttpPort(Integer port) {
        return new ServerConfig(bind, port, https, allowAnonymousWriteOnNetwork, shutdownGrace, accessLog, limits,
                accessLogFormat);
    }

    /** Loopback HTTP on 8080, no TLS: a laptop or a CI job, never a site deployment. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_BIND, DEFAULT_HTTP_PORT, null, false, DEFAULT_SHUTDOWN_GRACE,
                ACCESS_LOG_STDOUT);
    }

    /** Whether only processes on this machine can connect (bind is 127.0.0.0/8, ::1 or localhost). */
    public boolean listensOnLoopbackOnly() {
        return BindAddress.isLoopback(bind);
    }
}
