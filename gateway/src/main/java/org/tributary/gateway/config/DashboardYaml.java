package org.tributary.gateway.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code dashboard:} section (docs/configuration.md): read with key-path messages, written back for check-config. */
final class DashboardYaml {

    static final String[] KEYS = {"enabled", "path", "admin-groups"};

    private DashboardYaml() {}

    static DashboardConfig read(YamlSection top) throws ConfigException {
        return top.optional("dashboard", DashboardConfig.DEFAULT, KEYS, s -> new DashboardConfig(s.bool("enabled", true),
                s.text("path", DashboardConfig.DEFAULT_PATH), s.textList("admin-groups", "[/escape/admins]")));
    }

    static void write(Map<String, Object> doc, GatewayConfig config) {
        DashboardConfig d = config.dashboard();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", d.enabled());
        m.put("path", d.path());
        m.put("admin-groups", d.adminGroups());
        doc.put("dashboard", m);
    }
}
