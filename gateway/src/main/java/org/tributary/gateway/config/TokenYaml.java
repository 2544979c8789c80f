package org.tributary.gateway.config;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the token parts of the configuration file: top-level {@code token-issuers}, each area's
 * {@code policies} and {@code server.allow-bearer-over-http}. Error messages follow {@link YamlConfigReader}: key
 * path, the value found, what is allowed.
 */
final class TokenYaml {

    static final String[] ISSUER_KEYS = {"name", "issuer", "base-path", "areas", "audiences", "jwks-file",
            "allow-http-on-loopback", "dev", "stage-grants-read"};
    static final String[] RULE_KEYS = {"allow", "deny", "path", "who", "from", "until"};

    private TokenYaml() {}

    static TokenConfig read(YamlSection top, List<StorageAreaConfig> areas) throws ConfigException {
        boolean bearerHttp = top.section("server").bool("allow-bearer-over-http", false);
        List<TokenIssuerConfig> issuers = new ArrayList<>();
        Object v = top.raw("token-issuers");
        if (v != null) {
            if (!(v instanceof List<?> list)) {
                throw new ConfigException("token-issuers: expected a list of issuers, each starting with '- name: ...',"
                        + " found " + YamlSection.describe(v));
            }
            for (int i = 0; i < list.size(); i++) issuers.add(readIssuer(YamlSection.of("token-issuers[" + i + "]", list.get(i))));
        }
        Map<String, List<AccessRule>> policies = new LinkedHashMap<>();
        Set<String> scopeOnly = new java.util.HashSet<>();
        if (top.raw("storage-areas") instanceof List<?> list) {
            for (int i = 0; i < list.size() && i < areas.size(); i++) {
                YamlSection a = YamlSection.of("storage-areas[" + i + "]", list.get(i));
                List<AccessRule> rules = readRules(a);
                if (!rules.isEmpty()) policies.put(areas.get(i).name(), rules);
                if (!a.bool("deny-binds-scoped-tokens", true)) scopeOnly.add(areas.get(i).name());
            }
        }
        try {
            return new TokenConfig(issuers, policies, bearerHttp, scopeOnly);
        } catch (ConfigProblem p) {
            throw p.toConfigException();
        }
    }

    private static TokenIssuerConfig readIssuer(YamlSection s) throws ConfigException {
        s.allowOnly(ISSUER_KEYS);
        String name = s.requiredText("name", "name: escape");
        String issuer = s.requiredText("issuer", "issuer: https://iam-escape.cern.ch/");
        String base = s.text("base-path", "/");
        List<String> areas = s.textList("areas", "[escape]");
        List<String> aud = s.textList("audiences", "[se.example.org, https://se.example.org]");
        String jwks = s.text("jwks-file", null);
        if (jwks != null && jwks.isBlank()) throw new ConfigException(s.keyPath("jwks-file") + ": must not be empty");
        boolean http = s.bool("allow-http-on-loopback", false);
        boolean dev = s.bool("dev", false);
        boolean stageGrantsRead = s.bool("stage-grants-read", false);
        try {
            return new TokenIssuerConfig(name, issuer, base, areas, aud, jwks == null ? null : Path.of(jwks), http, dev,
                    stageGrantsRead);
        } catch (ConfigProblem p) {
            throw p.under(s.path()).toConfigException();
        }
    }

    private static List<AccessRule> readRules(YamlSection area) throws ConfigException {
        Object v = area.raw("policies");
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) {
            throw new ConfigException(area.keyPath("policies") + ": expected a list of rules, each like '- allow:"
                    + " [read], path: /, who: group /vo', found " + YamlSection.describe(v));
        }
        List<AccessRule> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(readRule(YamlSection.of(area.keyPath("policies") + "[" + i + "]", list.get(i))));
        }
        return out;
    }

    private static AccessRule readRule(YamlSection r) throws ConfigException {
        r.allowOnly(RULE_KEYS);
        if (r.has("allow") == r.has("deny")) {
            throw new ConfigException(r.path() + ": needs exactly one of allow: [actions] or deny: [actions]; actions"
                    + " are " + AccessRule.allowedActions());
        }
        boolean allow = r.has("allow");
        String key = allow ? "allow" : "deny";
        Set<AccessRule.Action> actions = actions(r, key);
        String path = r.requiredText("path", "path: /cms/embargoed");
        String whoText = r.requiredText("who", "who: group /escape/cms");
        Instant from = instant(r, "from");
        Instant until = instant(r, "until");
        try {
            return new AccessRule(allow, actions, path, AccessRule.Who.parse(whoText), from, until);
        } catch (ConfigProblem p) {
            throw p.under(r.path()).toConfigException();
        }
    }

    private static Set<AccessRule.Action> actions(YamlSection r, String key) throws ConfigException {
        List<String> names = r.raw(key) instanceof String one ? List.of(one) : r.textList(key, "[read, list]");
        if (names == null || names.isEmpty()) {
            throw new ConfigException(r.keyPath(key) + ": at least one action is required; use "
                    + AccessRule.allowedActions());
        }
        Set<AccessRule.Action> out = EnumSet.noneOf(AccessRule.Action.class);
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i).trim().toLowerCase(Locale.ROOT);
            if (n.equals("all")) {
                out.addAll(EnumSet.allOf(AccessRule.Action.class));
                continue;
            }
            try {
                out.add(AccessRule.Action.valueOf(n.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(r.keyPath(key) + (r.raw(key) instanceof List<?> ? "[" + i + "]" : "") + ": '"
                        + names.get(i) + "' is not allowed; use one of: " + AccessRule.allowedActions());
            }
        }
        return out;
    }

    /** A date (2027-06-01, midnight UTC) or an ISO-8601 instant (2027-06-01T12:00:00Z). */
    static Instant instant(YamlSection r, String key) throws ConfigException {
        Object v = r.raw(key);
        if (v == null) return null;
        if (v instanceof Date d) return d.toInstant();   // SnakeYAML reads unquoted dates as timestamps (UTC)
        if (v instanceof String t) {
            try {
                return t.length() == 10 ? LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(t);
            } catch (DateTimeParseException e) {
                // fall through to the message below
            }
        }
        throw new ConfigException(r.keyPath(key) + ": " + YamlSection.describe(v) + " is not a date; use 2027-06-01"
                + " (midnight UTC) or 2027-06-01T12:00:00Z");
    }

    // --- writing (check-config): only what differs from "no tokens", so token-free files print as before

    static void write(Map<String, Object> doc, GatewayConfig config) {
        TokenConfig t = config.tokens();
        if (t.allowBearerOverHttp() && doc.get("server") instanceof Map<?, ?> server) {
            @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) server;
            m.put("allow-bearer-over-http", true);
        }
        if (doc.get("storage-areas") instanceof List<?> areas) {
            for (int i = 0; i < areas.size(); i++) {
                List<AccessRule> rules = t.policies(config.areas().get(i).name());
                if (!(areas.get(i) instanceof Map<?, ?> area)) continue;
                @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) area;
                if (!t.denyBindsScopedTokens(config.areas().get(i).name())) m.put("deny-binds-scoped-tokens", false);
                if (rules.isEmpty()) continue;
                m.put("policies", rules.stream().map(TokenYaml::rule).toList());
            }
        }
        if (!t.issuers().isEmpty()) doc.put("token-issuers", t.issuers().stream().map(TokenYaml::issuer).toList());
    }

    private static Map<String, Object> issuer(TokenIssuerConfig i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", i.name());
        m.put("issuer", i.issuer());
        m.put("base-path", i.basePath());
        m.put("areas", i.areas());
        m.put("audiences", i.audiences());
        if (i.jwksFile() != null) m.put("jwks-file", i.jwksFile().toString());
        m.put("allow-http-on-loopback", i.allowHttpOnLoopback());
        m.put("dev", i.dev());
        m.put("stage-grants-read", i.stageGrantsRead());
        return m;
    }

    private static Map<String, Object> rule(AccessRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> a = new ArrayList<>();
        for (AccessRule.Action x : AccessRule.Action.values()) if (r.actions().contains(x)) a.add(x.configName());
        m.put(r.allow() ? "allow" : "deny", a);
        m.put("path", r.path());
        m.put("who", r.who().toString());
        if (r.from() != null) m.put("from", r.from().toString());
        if (r.until() != null) m.put("until", r.until().toString());
        return m;
    }
}
