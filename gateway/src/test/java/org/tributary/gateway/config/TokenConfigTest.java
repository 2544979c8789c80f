package org.tributary.gateway.config;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** token-issuers and policies: values, defaults, messages (key path, value, what is allowed), round trip. */
class TokenConfigTest {

    static final String ISSUER = """
            token-issuers:
              - {name: escape, issuer: "https://iam-escape.cern.ch/", audiences: [se.example.org]}
            """;

    static String area(String policies) {
        return """
                storage-areas:
                  - name: data
                    access-points: [/data]
                    backend: {type: posix, root: /srv/data}
                    policies:
                """ + policies;
    }

    @Test
    void fullExample() throws Exception {
        GatewayConfig c = ConfigTestSupport.parse("server: {allow-bearer-over-http: true}\n" + ISSUER + area("""
                      - {allow: [read, list], path: /cms/embargoed, who: group /escape/cms, until: 2027-06-01}
                      - {deny: all, path: "/*/embargoed", who: anyone, from: "2026-01-01T12:00:00Z"}
                      - {allow: write, path: /, who: issuer escape}
                """));
        TokenConfig t = c.tokens();
        assertTrue(t.allowBearerOverHttp());
        TokenIssuerConfig i = t.issuers().getFirst();
        assertEquals("/", i.basePath());
        assertEquals(List.of(), i.areas());
        assertTrue(i.matches("https://iam-escape.cern.ch") && i.matches("https://iam-escape.cern.ch/"));
        List<AccessRule> rules = t.policies("data");
        assertEquals(3, rules.size());
        assertEquals(Set.of(AccessRule.Action.READ, AccessRule.Action.LIST), rules.get(0).actions());
        assertEquals(Instant.parse("2027-06-01T00:00:00Z"), rules.get(0).until());
        assertEquals(Set.of(AccessRule.Action.values()), rules.get(1).actions());
        assertEquals(Instant.parse("2026-01-01T12:00:00Z"), rules.get(1).from());
        assertEquals(AccessRule.WhoKind.ISSUER, rules.get(2).who().kind());
        assertEquals(c, GatewayConfig.parse(c.toYaml(), "check-config"), c.toYaml());
    }

    @Test
    void messages() {
        assertEquals("token-issuers[0].isuer: unknown key; allowed keys here: name, issuer, base-path, areas, audiences,"
                        + " jwks-file, allow-http-on-loopback, dev, stage-grants-read",
                ConfigTestSupport.errorOf("token-issuers: [{name: a, isuer: x}]\n" + ConfigTestSupport.AREA));
        assertTrue(ConfigTestSupport.errorOf("token-issuers: [{name: a, issuer: \"http://iam.example.org\"}]\n"
                + ConfigTestSupport.AREA).startsWith("token-issuers[0].issuer: 'http://iam.example.org' is not allowed;"
                + " issuers must use https"));
        assertTrue(ConfigTestSupport.errorOf("token-issuers: [{name: a, issuer: \"http://10.0.0.1\","
                + " allow-http-on-loopback: true}]\n" + ConfigTestSupport.AREA).contains("issuers must use https"));
        assertTrue(ConfigTestSupport.errorOf("token-issuers: [{name: a, issuer: \"https://x\", areas: [nope]}]\n"
                + ConfigTestSupport.AREA).startsWith("token-issuers[0].areas[0]: 'nope' is not a storage area"));
        assertTrue(ConfigTestSupport.errorOf("server: {bind: 0.0.0.0}\ntoken-issuers: [{name: a, issuer: \"https://x\","
                + " dev: true, jwks-file: /tmp/j.json}]\n" + ConfigTestSupport.AREA)
                .startsWith("token-issuers[0].dev: a dev issuer mints tokens"));
        assertTrue(ConfigTestSupport.errorOf(ISSUER + area("      - {allow: [read], path: /, who: group escape}\n"))
                .startsWith("storage-areas[0].policies[0].who: 'escape' is not a group"));
        assertTrue(ConfigTestSupport.errorOf(ISSUER + area("      - {allow: [read], path: /, who: everybody}\n"))
                .startsWith("storage-areas[0].policies[0].who: 'everybody' is not allowed; use anyone, authenticated"));
        assertEquals("storage-areas[0].policies[0].allow[1]: 'copy' is not allowed; use one of: read, write, delete,"
                + " stage, list, all", ConfigTestSupport.errorOf(ISSUER + area("      - {allow: [read, copy], path: /, who: anyone}\n")));
        assertTrue(ConfigTestSupport.errorOf(ISSUER + area("      - {allow: [read], deny: [write], path: /, who: anyone}\n"))
                .startsWith("storage-areas[0].policies[0]: needs exactly one of allow"));
        assertTrue(ConfigTestSupport.errorOf(ISSUER + area("      - {allow: [read], path: /a/../b, who: anyone}\n"))
                .startsWith("storage-areas[0].policies[0].path: '/a/../b': '.' and '..' are not allowed"));
        assertTrue(ConfigTestSupport.errorOf(ISSUER + area("      - {allow: [read], path: /, who: anyone, from: soon}\n"))
                .startsWith("storage-areas[0].policies[0].from: 'soon' is not a date"));
        assertTrue(ConfigTestSupport.errorOf(ISSUER + area("      - {allow: [read], path: /, who: issuer other}\n"))
                .startsWith("storage-areas[0].policies[0].who: 'other' is not the name of a token issuer"));
        assertTrue(ConfigTestSupport.errorOf(ISSUER + area("      - {allow: [read], path: /, who: anyone,"
                + " from: 2027-01-01, until: 2026-01-01}\n")).startsWith("storage-areas[0].policies[0].until:"));
        assertTrue(ConfigTestSupport.errorOf("token-issuers:\n  - {name: a, issuer: \"https://x\"}\n  - {name: a,"
                + " issuer: \"https://y\"}\n" + ConfigTestSupport.AREA).startsWith("token-issuers[1].name: 'a' is already"));
    }
}
