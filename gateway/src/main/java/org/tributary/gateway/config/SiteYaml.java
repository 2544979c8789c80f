package org.tributary.gateway.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code site:} section (docs/configuration.md): read with key-path messages, written back for check-config. */
final class SiteYaml {

    static final String[] KEYS = {"name", "id", "srr-path"};

    private SiteYaml() {}

    static SiteConfig read(YamlSection top, TapeRestConfig tapeRest) throws ConfigException {
        SiteConfig d = SiteConfig.defaults(tapeRest);
        if (!top.has("site")) return d;
        YamlSection s = top.section("site");
        s.allowOnly(KEYS);
        try {
            return new SiteConfig(s.text("name", d.name()), s.text("id", null), s.text("srr-path", d.srrPath()));
        } catch (ConfigProblem p) {
            throw p.under(s.path()).toConfigException();
        }
    }

    /** Written only when it differs from what an absent section means, so older outputs stay as they were. */
    static void write(Map<String, Object> doc, GatewayConfig config) {
        SiteConfig s = config.site();
        if (s.equals(SiteConfig.defaults(config.tapeRest()))) return;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("id", s.id());
        m.put("srr-path", s.srrPath());
        doc.put("site", m);
    }
}
