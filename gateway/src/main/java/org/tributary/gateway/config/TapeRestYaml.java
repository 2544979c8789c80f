package org.tributary.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code tape-rest:} section (docs/configuration.md): read with the same key-path messages as the rest of the
 * file, and written back for {@code check-config}.
 */
final class TapeRestYaml {

    static final String[] KEYS = {"enabled", "sitename", "description", "path", "default-pin-lifetime",
            "max-pin-lifetime", "request-lifetime", "max-files-per-request", "state-directory", "store"};
    static final String[] STORE_KEYS = {"type", "url", "user", "password-file"};

    private static final Map<String, TapeRestConfig.StoreType> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("sqlite", TapeRestConfig.StoreType.SQLITE);
        TYPES.put("postgresql", TapeRestConfig.StoreType.POSTGRESQL);
    }

    private TapeRestYaml() {}

    static TapeRestConfig read(YamlSection top) throws ConfigException {
        if (!top.has("tape-rest")) return TapeRestConfig.OFF;
        YamlSection s = top.section("tape-rest");
        s.allowOnly(KEYS);
        TapeRestConfig d = TapeRestConfig.OFF;
        boolean enabled = s.bool("enabled", true);
        Path stateDir = path(s, "state-directory");
        TapeRestConfig.Store store = TapeRestConfig.Store.NONE;
        if (s.has("store")) {
            YamlSection st = s.section("store");
            st.allowOnly(STORE_KEYS);
            TapeRestConfig.StoreType type = st.choice("type", TYPES, TapeRestConfig.StoreType.SQLITE);
            if (type == TapeRestConfig.StoreType.SQLITE) {
                for (String k : new String[] {"url", "user", "password-file"}) {
                    if (st.has(k)) {
                        throw new ConfigException(st.keyPath(k) + ": only for type: postgresql; the sqlite store lives"
                                + " in state-directory");
                    }
                }
            }
            try {
                store = new TapeRestConfig.Store(type, stateDir, st.text("url", null), st.text("user", null),
                        path(st, "password-file"));
            } catch (ConfigProblem p) {
                throw p.under(s.path()).toConfigException();
            }
        } else if (stateDir != null) {
            store = TapeRestConfig.Store.sqlite(stateDir);
        }
        try {
            return new TapeRestConfig(enabled, s.text("sitename", d.sitename()), s.text("description", ""),
                    s.text("path", d.path()), s.duration("default-pin-lifetime", d.defaultPinLifetime()),
                    s.duration("max-pin-lifetime", d.maxPinLifetime()),
                    s.duration("request-lifetime", d.requestLifetime()),
                    TpcYaml.count(s, "max-files-per-request", d.maxFilesPerRequest(), 1, 10_000_000), store);
        } catch (ConfigProblem p) {
            throw p.under(s.path()).toConfigException();
        }
    }

    static void write(Map<String, Object> doc, GatewayConfig config) {
        TapeRestConfig t = config.tapeRest();
        if (!t.enabled() && t.store().type() == TapeRestConfig.StoreType.NONE) return;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", t.enabled());
        m.put("sitename", t.sitename());
        if (!t.description().isEmpty()) m.put("description", t.description());
        m.put("path", t.path());
        m.put("default-pin-lifetime", DurationText.format(t.defaultPinLifetime()));
        m.put("max-pin-lifetime", DurationText.format(t.maxPinLifetime()));
        m.put("request-lifetime", DurationText.format(t.requestLifetime()));
        m.put("max-files-per-request", t.maxFilesPerRequest());
        TapeRestConfig.Store st = t.store();
        if (st.stateDirectory() != null) m.put("state-directory", st.stateDirectory().toString());
        if (st.type() == TapeRestConfig.StoreType.POSTGRESQL) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("type", st.type().configName());
            sm.put("url", st.url());
            if (st.user() != null) sm.put("user", st.user());
            if (st.passwordFile() != null) sm.put("password-file", st.passwordFile().toString());
            m.put("store", sm);
        }
        doc.put("tape-rest", m);
    }

    private static Path path(YamlSection s, String key) throws ConfigException {
        return YamlConfigReader.path(s, key, null);
    }
}
