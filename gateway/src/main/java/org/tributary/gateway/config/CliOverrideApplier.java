package org.tributary.gateway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Applies {@link CliOverrides} to a configuration; semantics are documented on {@link GatewayConfig#withOverrides}. */
final class CliOverrideApplier {

    private CliOverrideApplier() {}

    static GatewayConfig apply(GatewayConfig config, CliOverrides o) throws ConfigException {
        if (o == null || o.isEmpty()) return config;
        ServerConfig s = config.server();
        String bind = o.bind() != null ? o.bind() : s.bind();
        // Integer, not int: a ternary mixing int and Integer would unbox a null (HTTPS-only) http port.
        Integer httpPort = o.httpPort() != null ? Integer.valueOf(checkPort("--http-port", o.httpPort()))
                : s.httpPort();
        HttpsConfig https = s.https();
        boolean tlsFlags = o.httpsPort() != null || o.hostCert() != null || o.hostKey() != null;
        if (tlsFlags) {
            if (https == null && o.httpsPort() == null) {
                throw new ConfigException((o.hostCert() != null ? "--host-cert" : "--host-key") + ": HTTPS is not"
                        + " configured; add --https-port or a server.https section");
            }
            int port = o.httpsPort() != null ? checkPort("--https-port", o.httpsPort()) : https.port();
            Path cert = o.hostCert() != null ? o.hostCert()
                    : https != null ? https.certificate() : HttpsConfig.DEFAULT_CERTIFICATE;
            Path key = o.hostKey() != null ? o.hostKey() : https != null ? https.key() : HttpsConfig.DEFAULT_KEY;
            List<String> protocols = https != null ? https.protocols() : HttpsConfig.DEFAULT_PROTOCOLS;
            https = new HttpsConfig(port, cert, key, protocols);
        }

        List<StorageAreaConfig> areas = config.areas();
        if (o.root() != null) {
            areas = new ArrayList<>(areas);
            StorageAreaConfig first = areas.getFirst();
            if (!first.backend().isPosix()) {
                throw new ConfigException("--root: the first storage area '" + first.name() + "' uses a "
                        + first.backend().type() + " backend; --root can only replace a posix root");
            }
            if (o.root().toString().isBlank()) throw new ConfigException("--root: must not be empty");
            areas.set(0, new StorageAreaConfig(first.name(), first.accessPoints(),
                    new BackendConfig(first.backend().type(), o.root(), first.backend().options()),
                    first.readOnly(), first.anonymous(), first.qos(), first.quotaBytes(), first.putCreatesParents(),
                    first.checksums(), first.durable(), first.tpc(), first.tpcStreams(), first.quotaRescan(),
                    first.qosClasses()));
        }

        GatewayConfig result;
        try {
            ServerConfig server = new ServerConfig(bind, httpPort, https, s.allowAnonymousWriteOnNetwork(),
                    s.shutdownGrace(), s.accessLog(), s.limits(), s.accessLogFormat());
            result = new GatewayConfig(server, areas, config.tokens(), config.tpc(), config.tapeRest(),
                    config.site(), config.cdmi(), config.dashboard(), config.health());
        } catch (ConfigProblem p) {
            throw flagged(p, o).toConfigException();
        }
        TlsFileCheck.check(result.server(),
                o.hostCert() != null ? "--host-cert" : "server.https.certificate",
                o.hostKey() != null ? "--host-key" : "server.https.key");
        return result;
    }

    // A bad --bind should be reported as --bind, not as a file key the admin never wrote. Problems found by the
    // server record are relative to it ("bind"); those from GatewayConfig are already absolute.
    private static ConfigProblem flagged(ConfigProblem p, CliOverrides o) {
        if (p.key().equals("bind") && o.bind() != null) return new ConfigProblem("--bind", p.detail());
        if (p.key().equals("https.port") && o.httpsPort() != null) return new ConfigProblem("--https-port", p.detail());
        if (p.key().startsWith("storage-areas")) return p;
        return p.under("server");
    }

    // The records accept port 0 (tests); a command line is an admin choosing a port, so 1..65535 only.
    private static int checkPort(String flag, int port) throws ConfigException {
        if (port < 1 || port > 65535) throw new ConfigException(flag + ": " + port + " is not a port; use 1..65535");
        return port;
    }
}
