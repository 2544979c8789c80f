package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Shared snippets for the configuration tests: a valid area to combine with the part under test. */
final class ConfigTestSupport {

    static final String AREA = """
            storage-areas:
              - name: data
                access-points: [/data]
                backend: {type: posix, root: /srv/data}
            """;

    private ConfigTestSupport() {}

    static GatewayConfig parse(String yaml) throws ConfigException {
        return GatewayConfig.parse(yaml, "test.yaml");
    }

    /** Parses text that must be rejected and returns the one-line message. */
    static String errorOf(String yaml) {
        return assertThrows(ConfigException.class, () -> parse(yaml)).getMessage();
    }
}
