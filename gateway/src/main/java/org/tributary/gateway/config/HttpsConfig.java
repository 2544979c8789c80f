package org.tributary.gateway.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The TLS listener. Certificate and key are PEM files as grid hosts keep them (see
 * {@link org.tributary.gateway.tls.PemKeyStores}); whether they exist is checked when a file is loaded, not here,
 * so a record can describe a host other than this one.
 *
 * @param port        1..65535 in files; 0 (any free port) is accepted here for tests
 * @param protocols   TLSv1.3 and/or TLSv1.2, in preference order; older versions are not offered
 */
public record HttpsConfig(int port, Path certificate, Path key, List<String> protocols) {

    public static final int DEFAULT_PORT = 8443;
    public static final Path DEFAULT_CERTIFICATE = Path.of("/etc/grid-security/hostcert.pem");
    public static final Path DEFAULT_KEY = Path.of("/etc/grid-security/hostkey.pem");
    public static final List<String> ALLOWED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    public static final List<String> DEFAULT_PROTOCOLS = ALLOWED_PROTOCOLS;

    public HttpsConfig {
        if (port < 0 || port > 65535) throw new ConfigProblem("port", port + " is not a port; use 1..65535");
        if (certificate == null) throw new ConfigProblem("certificate", "is required");
        if (key == null) throw new ConfigProblem("key", "is required");
        if (protocols == null || protocols.isEmpty()) {
            throw new ConfigProblem("protocols", "must name at least one of: " + String.join(", ", ALLOWED_PROTOCOLS));
        }
        List<String> canonical = new ArrayList<>(protocols.size());
        for (int i = 0; i < protocols.size(); i++) {
            String p = protocols.get(i);
            String c = canonicalProtocol(p);
            if (c == null) {
                throw new ConfigProblem("protocols[" + i + "]", "'" + p + "' is not allowed; use one or both of: "
                        + String.join(", ", ALLOWED_PROTOCOLS));
            }
            if (canonical.contains(c)) throw new ConfigProblem("protocols[" + i + "]", "'" + c + "' is listed twice");
            canonical.add(c);
        }
        protocols = List.copyOf(canonical);
    }

    // "tlsv1.3" is accepted as TLSv1.3: the JSSE name is case-sensitive, the admin's intent is not ambiguous.
    private static String canonicalProtocol(String p) {
        if (p == null) return null;
        return ALLOWED_PROTOCOLS.stream().filter(a -> a.equalsIgnoreCase(p.strip())).findFirst().orElse(null);
    }
}
