package org.tributary.gateway.config;

import java.io.Serial;

/**
 * A configuration a site admin must fix before the gateway can start. The message is one line, shaped
 * {@code <key path>: <what is wrong>; <what is allowed>}, e.g.
 * {@code storage-areas[1].anonymous: 'rw' is not allowed; use one of: none, read, read-write}, so it can be printed
 * as is by {@code check-config} and at start-up.
 */
public class ConfigException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(oneLine(message));
    }

    public ConfigException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    // Parser messages (SnakeYAML's, file-system ones) can span lines; a log line or a terminal line must stay one.
    private static String oneLine(String s) {
        return s == null ? null : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
