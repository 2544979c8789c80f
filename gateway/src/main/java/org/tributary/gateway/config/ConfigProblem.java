package org.tributary.gateway.config;

import java.io.Serial;

/**
 * An invalid value found while constructing a config record. The records do not know where they sit in the file,
 * so they report a key path relative to themselves ("anonymous", "access-points[0]"); whoever builds them from YAML
 * prefixes its own position ({@link #under}) and turns the problem into a {@link ConfigException}. Code that builds
 * records directly just sees an {@link IllegalArgumentException} with the same readable message.
 */
final class ConfigProblem extends IllegalArgumentException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String detail;

    ConfigProblem(String key, String detail) {
        super(key.isEmpty() ? detail : key + ": " + detail);
        this.key = key;
        this.detail = detail;
    }

    String key() { return key; }

    String detail() { return detail; }

    /** The same problem, seen from the enclosing section ({@code prefix} like "storage-areas[1]" or "backend"). */
    ConfigProblem under(String prefix) {
        if (prefix.isEmpty()) return this;
        String k = key.isEmpty() ? prefix : key.startsWith("[") ? prefix + key : prefix + "." + key;
        return new ConfigProblem(k, detail);
    }

    ConfigException toConfigException() {
        return new ConfigException(getMessage(), this);
    }
}
