package org.tributary.gateway.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code cdmi:} section (docs/configuration.md): read with key-path messages, written back for check-config. */
final class CdmiYaml {

    static final String[] KEYS = {"enabled", "path"};

    private CdmiYaml() {}

    static CdmiConfig read(YamlSection top) throws ConfigException {
        return top.optional("cdmi", CdmiConfig.DEFAULT, KEYS,
                s -> new CdmiConfig(s.bool("enabled", true), s.text("path", CdmiConfig.DEFAULT_PATH)));
    }

    static void write(Map<String, Object> doc, GatewayConfig config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", config.cdmi().enabled());
        m.put("path", config.cdmi().path());
        doc.put("cdmi", m);
    }
}
