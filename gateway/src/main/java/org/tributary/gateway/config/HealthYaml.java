package org.tributary.gateway.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code health:} section (docs/configuration.md): read with key-path messages, written back for check-config. */
final class HealthYaml {

    static final String[] KEYS = {"path", "allow", "probe-timeout", "probe-cache"};

    private HealthYaml() {}

    static HealthConfig read(YamlSection top) throws ConfigException {
        return top.optional("health", HealthConfig.DEFAULT, KEYS, s -> new HealthConfig(
                s.text("path", HealthConfig.DEFAULT_PATH), s.textList("allow", "[10.0.0.0/8, 192.0.2.7]"),
                s.duration("probe-timeout", HealthConfig.DEFAULT_PROBE_TIMEOUT),
                s.duration("probe-cache", HealthConfig.DEFAULT_PROBE_CACHE)));
    }

    static void write(Map<String, Object> doc, GatewayConfig config) {
        HealthConfig h = config.health();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", h.path());
        m.put("allow", new java.util.ArrayList<>(h.allow())); // a list of its own: SnakeYAML aliases a shared one
        m.put("probe-timeout", DurationText.format(h.probeTimeout()));
        m.put("probe-cache", DurationText.format(h.probeCache()));
        doc.put("health", m);
    }
}
