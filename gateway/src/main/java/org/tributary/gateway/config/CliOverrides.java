package org.tributary.gateway.config;

import java.nio.file.Path;

/**
 * Command-line flags that change a loaded configuration; every field is nullable, null meaning "flag not given".
 * See {@link GatewayConfig#withOverrides} for what each one does.
 *
 * @param root      --root: the posix root of the first storage area
 * @param httpPort  --http-port: enables or moves the plain-HTTP listener
 * @param httpsPort --https-port: enables or moves the TLS listener
 * @param hostCert  --host-cert: the PEM certificate (chain) for TLS
 * @param hostKey   --host-key: the PEM private key for TLS
 * @param bind      --bind: the listen address
 */
public record CliOverrides(Path root, Integer httpPort, Integer httpsPort, Path hostCert, Path hostKey, String bind) {

    public static final CliOverrides NONE = new CliOverrides(null, null, null, null, null, null);

    public boolean isEmpty() { return equals(NONE); }
}
