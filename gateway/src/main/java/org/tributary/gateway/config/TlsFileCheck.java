package org.tributary.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that the TLS certificate and key named by a configuration can be opened by this process. Done when the
 * configuration is read, not when the listener starts, so {@code check-config} catches a missing or root-only
 * hostkey.pem and the message names the setting to change. Contents are checked later, by
 * {@link org.tributary.gateway.tls.PemKeyStores}.
 */
final class TlsFileCheck {

    private TlsFileCheck() {}

    /** No-op when TLS is off. {@code certKey}/{@code keyKey} name the setting the paths came from. */
    static void check(ServerConfig server, String certKey, String keyKey) throws ConfigException {
        if (server.https() == null) return;
        checkReadable(server.https().certificate(), certKey, "host certificate");
        checkReadable(server.https().key(), keyKey, "host key");
    }

    private static void checkReadable(Path file, String key, String what) throws ConfigException {
        if (!Files.exists(file)) {
            throw new ConfigException(key + ": " + what + " file " + file + " does not exist; point " + key
                    + " at a PEM file");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(key + ": " + what + " " + file + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigException(key + ": " + what + " file " + file + " is not readable by user "
                    + System.getProperty("user.name") + "; give that user read access (keys: readable only by it)");
        }
    }
}
