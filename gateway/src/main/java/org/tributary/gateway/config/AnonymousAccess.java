package org.tributary.gateway.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a client without credentials may do in a storage area. The default is {@link #NONE}: deny by default. */
public enum AnonymousAccess {
    NONE("none"),
    READ("read"),
    READ_WRITE("read-write");

    private final String configName;

    AnonymousAccess(String configName) {
        this.configName = configName;
    }

    public boolean canRead() { return this != NONE; }

    public boolean canWrite() { return this == READ_WRITE; }

    /** The spelling used in the YAML file ("read-write"). */
    public String configName() { return configName; }

    /** Exact lookup by {@link #configName()}; no aliases, so a typo is an error instead of a guess. */
    public static Optional<AnonymousAccess> fromConfigName(String name) {
        return Arrays.stream(values()).filter(a -> a.configName.equals(name)).findFirst();
    }

    /** "none, read, read-write", for error messages. */
    static String allowedNames() {
        return Arrays.stream(values()).map(AnonymousAccess::configName).collect(Collectors.joining(", "));
    }
}
