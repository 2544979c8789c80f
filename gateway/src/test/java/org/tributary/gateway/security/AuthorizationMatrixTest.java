package org.tributary.gateway.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.StorageAreaConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The authorisation matrix of issue 3: operation × token × path through the real pieces (tokens minted by a local
 * issuer, fetched keys, {@link TokenValidator}, {@link TokenAccessGuard}) on the shipped
 * packaging/examples/escape-policies.yaml, plus every bad token of the issue. Time is a {@link MutableClock}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

    static final Instant T0 = Instant.parse("2027-03-01T00:00:00Z");
    static final String AUD = "se.example.org";

    @TempDir
    static Path dir;

    LocalTestIssuer escape;
    LocalTestIssuer other;
    MutableClock clock = new MutableClock(T0);
    MutableClock guardClock = new MutableClock(T0);
    GatewayConfig config;
    TokenValidator validator;
    AccessPolicy guard;
    Map<String, StorageArea> areas = new LinkedHashMap<>();
    Map<String, Identity> who = new LinkedHashMap<>();

    @BeforeAll
    void setUp() throws Exception {
        escape = LocalTestIssuer.start();
        other = LocalTestIssuer.start();
        config = GatewayConfig.parse(exampleConfig(dir, escape.url(), other.url()), "escape-policies.yaml");
        validator = new TokenValidator(config.tokens(), TokenValidator.keySources(config.tokens(), clock), clock);
        guard = new AccessPolicy(new TokenAccessGuard(config.tokens(), guardClock)); // as the server wires it
        for (StorageAreaConfig ac : config.areas()) {
            Files.createDirectories(ac.backend().root());
            areas.put(ac.name(), new StorageArea(ac, PosixBackend.open(ac.backend().root())));
        }
        Instant t = clock.instant();
        who.put("anon", Identity.ANONYMOUS);
        who.put("member", id(escape.wlcg(t, "member", AUD, null, List.of("/escape"))));
        who.put("cms", id(escape.wlcg(t, "cms-user", AUD, null, List.of("/escape", "/escape/cms"))));
        who.put("atlas", id(escape.wlcg(t, "atlas-user", AUD, null, List.of("/escape", "/escape/atlas"))));
        who.put("lofar", id(escape.wlcg(t, "lofar-user", AUD, null, List.of("/escape", "/escape/lofar"))));
        who.put("dm", id(escape.wlcg(t, "dm", AUD, null, List.of("/escape", "/escape/data-manager"))));
        who.put("outsider", id(escape.wlcg(t, "outsider", AUD, null, List.of("/other"))));
        who.put("cmsonly", id(escape.wlcg(t, "cmsonly", AUD, null, List.of("/escape/cms"))));
        who.put("s_read", id(escape.wlcg(t, "rucio", AUD, "storage.read:/cms", List.of("/escape/data-manager"))));
        who.put("s_create", id(escape.wlcg(t, "rucio", AUD, "storage.create:/cms/new storage.read:/cms/new", null)));
        who.put("s_modify", id(escape.wlcg(t, "rucio", AUD, "storage.modify:/cms/data offline_access", null)));
        who.put("s_a", id(escape.wlcg(t, "rucio", AUD, "storage.read:/a storage.modify:/a", null)));
        who.put("s_root", id(escape.wlcg(t, "rucio", "https://wlcg.cern.ch/jwt/v1/any", "storage.read:/", null)));
        who.put("s_dir", id(escape.wlcg(t, "rucio", AUD, "storage.read:/d/", null)));
        who.put("s_stage10", id(escape.wlcg(t, "rucio", AUD, "storage.stage:/tape", null)));
        who.put("s_stage12", id(sign(escape.rsaKey(), claims(t).claim("wlcg.ver", "1.2")
                .claim("scope", "storage.stage:/tape").build())));
        who.put("s_poll", id(escape.wlcg(t, "rucio", AUD, "storage.poll:/tape", null)));
        who.put("sci_r", id(escape.scitoken(t, "sci", AUD, "read:/cms")));
        who.put("sci_w", id(escape.scitoken(t, "sci", "ANY", "write:/cms/sci")));
        who.put("o_read", id(other.wlcg(t, "o", AUD, "storage.read:/x", null)));
        who.put("o_write", id(other.wlcg(t, "o", AUD, "storage.modify:/", null)));
        who.put("o_group", id(other.wlcg(t, "o", AUD, null, List.of("/escape"))));
    }

    @AfterAll
    void tearDown() throws Exception {
        if (escape != null) escape.close();
        if (other != null) other.close();
        for (StorageArea a : areas.values()) a.backend().close();
    }

    /** The shipped example, pointed at the local issuers and a temporary root, plus two areas for the edge cases. */
    static String exampleConfig(Path dir, String escapeUrl, String otherUrl) throws Exception {
        String yaml = Files.readString(findExample(), StandardCharsets.UTF_8);
        int s = yaml.indexOf("server:");
        int t = yaml.indexOf("token-issuers:");
        yaml = yaml.substring(0, s) + "server: {bind: 127.0.0.1, http: {port: 8080}}\n\n" + yaml.substring(t);
        yaml = yaml.replace("    issuer: https://iam-escape.cern.ch/\n",
                "    issuer: " + escapeUrl + "\n    allow-http-on-loopback: true\n");
        yaml = yaml.replace("\nstorage-areas:\n", """
                  - name: other
                    issuer: %s
                    allow-http-on-loopback: true
                    base-path: /vo
                    areas: [public, ro]
                    audiences: [se.example.org]

                storage-areas:
                """.formatted(otherUrl));
        yaml = yaml.replace("root: /srv/escape", "root: " + dir.resolve("escape"));
        yaml += """
                  - name: public
                    access-points: [/public]
                    backend: {type: posix, root: %s}
                    anonymous: read
                    policies:
                      - {allow: [read], path: /embargoed, who: group /escape/cms}
                      - {deny: all, path: /embargoed, who: anyone}
                  - name: ro
                    access-points: [/ro]
                    backend: {type: posix, root: %s}
                    anonymous: read
                    read-only: true
                """.formatted(dir.resolve("public"), dir.resolve("ro"));
        return yaml;
    }

    static Path findExample() {
        return org.tributary.gateway.TestGateway.projectFile("packaging/examples/escape-policies.yaml");
    }

    Identity id(String token) throws TokenException {
        return validator.validate(token).identity();
    }

    static JWTClaimsSet.Builder claims(Instant now) {
        return new JWTClaimsSet.Builder().subject("s").audience(AUD).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1)))).jwtID("j-" + now.toEpochMilli());
    }

    String sign(JWK key, JWTClaimsSet c) {
        JWTClaimsSet withIss = new JWTClaimsSet.Builder(c).issuer(c.getIssuer() == null ? escape.url() : c.getIssuer()).build();
        return TokenMinter.sign(key, withIss);
    }

    // token  op  area:path  expected  [@instant]
    static final String MATRIX = """
            member READ escape:/cms/f A
            member STAT escape:/cms/f A
            member READ escape:/atlas/x/y A
            member READ escape:/ A
            member READ escape:/cms/embargoed/f D
            member STAT escape:/cms/embargoed/f D
            member READ escape:/cms/embargoed D
            member CREATE escape:/cms/new D
            member MODIFY escape:/cms/f D
            member DELETE escape:/cms/f D
            member READ escape:/lofar/proprietary/cycle18/f D
            member READ escape:/lofar/public/f A
            member CREATE escape:/lofar/x D
            member READ escape:/cmsx/f A
            member READ escape:/cms/embargoedx A
            member READ escape:/skao/embargoed/f D
            member READ escape:/ctao/embargoed/f D
            cms READ escape:/cms/embargoed/f A
            cms STAT escape:/cms/embargoed A
            cms CREATE escape:/cms/new A
            cms MODIFY escape:/cms/f A
            cms DELETE escape:/cms/f A
            cms CREATE escape:/cms/embargoed/new A
            cms CREATE escape:/atlas/new D
            cms DELETE escape:/atlas/f D
            cms READ escape:/atlas/embargoed/f D
            cms READ escape:/atlas/f A
            cms CREATE escape:/cmsx/new D
            cms CREATE escape:/ D
            atlas READ escape:/atlas/embargoed/f A
            atlas READ escape:/cms/embargoed/f D
            atlas CREATE escape:/atlas/x A
            atlas CREATE escape:/cms/x D
            atlas MODIFY escape:/atlas/embargoed/f A
            lofar READ escape:/lofar/proprietary/cycle18/f A
            lofar READ escape:/lofar/proprietary/cycle20/f A
            lofar CREATE escape:/lofar/proprietary/cycle20/f A
            lofar READ escape:/cms/embargoed/f D
            dm READ escape:/cms/embargoed/f A
            dm CREATE escape:/atlas/embargoed/x A
            dm DELETE escape:/skao/embargoed/f A
            dm MODIFY escape:/lofar/proprietary/cycle18/f A
            dm STAT escape:/ A
            outsider READ escape:/cms/f D
            outsider STAT escape:/ D
            outsider CREATE escape:/cms/f D
            cmsonly READ escape:/cms/f A
            cmsonly CREATE escape:/cms/x A
            cmsonly READ escape:/atlas/f D
            cmsonly READ escape:/cms/embargoed/f A
            anon READ escape:/cms/f D
            anon STAT escape:/ D
            anon CREATE escape:/cms/f D
            anon READ escape:/cms/embargoed/f D
            member READ escape:/lofar/proprietary/cycle18/f A @2027-06-01T00:00:00Z
            member READ escape:/lofar/proprietary/cycle18/f D @2027-05-31T23:59:59Z
            member STAT escape:/lofar/proprietary/cycle18 A @2027-06-01T00:00:00Z
            member READ escape:/lofar/proprietary/cycle19/f D @2027-06-01T00:00:00Z
            member READ escape:/lofar/proprietary/cycle19/f A @2028-06-01T00:00:00Z
            member CREATE escape:/lofar/proprietary/cycle18/f D @2027-07-01T00:00:00Z
            outsider READ escape:/lofar/proprietary/cycle18/f A @2027-07-01T00:00:00Z
            anon READ escape:/lofar/proprietary/cycle18/f D @2027-07-01T00:00:00Z
            member READ escape:/lofar/proprietary/cycle180/f D @2027-07-01T00:00:00Z
            lofar READ escape:/lofar/proprietary/cycle19/f A @2027-07-01T00:00:00Z
            s_read READ escape:/cms/f A
            s_read READ escape:/cms A
            s_read READ escape:/cmsx/f D
            s_read STAT escape:/cms/f A
            s_read READ escape:/cms/embargoed/f A
            s_read READ escape:/atlas/f D
            s_read CREATE escape:/cms/x D
            s_read STAT escape:/ A
            s_read STAT escape:/atlas D
            s_create CREATE escape:/cms/new/f A
            s_create CREATE escape:/cms/new A
            s_create CREATE escape:/cms A
            s_create CREATE escape:/ A
            s_create CREATE escape:/cms/other D
            s_create MODIFY escape:/cms/new/f D
            s_create DELETE escape:/cms/new/f D
            s_create READ escape:/cms/new/f A
            s_create READ escape:/cms/f D
            s_create STAT escape:/cms/new/f A
            s_create STAT escape:/cms A
            s_create CREATE escape:/cms/newer D
            s_create RENAME escape:/cms/new/f A
            s_create RENAME escape:/cms/f D
            s_read RENAME escape:/cms/f D
            s_modify RENAME escape:/cms/data/f A
            s_modify RENAME escape:/cms/f D
            cms RENAME escape:/cms/f A
            member RENAME escape:/cms/f D
            sci_w RENAME escape:/cms/sci/f A
            anon RENAME public:/f D
            o_write RENAME ro:/vo/f D
            s_modify CREATE escape:/cms/data/x A
            s_modify MODIFY escape:/cms/data/x A
            s_modify DELETE escape:/cms/data/x A
            s_modify DELETE escape:/cms/data A
            s_modify DELETE escape:/cms D
            s_modify READ escape:/cms/data/x D
            s_modify STAT escape:/cms/data/x A
            s_modify MODIFY escape:/cms/database/x D
            s_a READ escape:/a A
            s_a READ escape:/a/b A
            s_a READ escape:/ab D
            s_a MODIFY escape:/ab D
            s_a DELETE escape:/ab/c D
            s_a DELETE escape:/a/c A
            s_a CREATE escape:/abc D
            s_root READ escape:/anything/x A
            s_root READ escape:/cms/embargoed/f D
            s_root STAT escape:/lofar/proprietary/cycle18/f D
            s_root READ escape:/lofar/proprietary/cycle18/f A @2027-07-01T00:00:00Z
            s_read READ escape:/cms/embargoed/x A
            sci_r READ escape:/cms/embargoed/f D
            s_root CREATE escape:/x D
            s_dir READ escape:/d/x A
            s_dir READ escape:/dx D
            s_stage10 READ escape:/tape/f D
            s_stage10 STAT escape:/tape/f A
            s_stage10 CREATE escape:/tape/f D
            s_stage12 READ escape:/tape/f D
            s_stage12 STAT escape:/tape/f A
            s_poll STAT escape:/tape/f D
            s_poll READ escape:/tape/f D
            s_stage12 STAGE escape:/tape/f A
            s_stage12 POLL escape:/tape/f A
            s_poll POLL escape:/tape/f A
            s_poll STAGE escape:/tape/f D
            sci_r READ escape:/cms/f A
            sci_r READ escape:/cmsx D
            sci_r CREATE escape:/cms/f D
            sci_w CREATE escape:/cms/sci/f A
            sci_w MODIFY escape:/cms/sci/f A
            sci_w DELETE escape:/cms/sci/f A
            sci_w READ escape:/cms/sci/f D
            sci_w CREATE escape:/cms/scix D
            anon READ public:/f A
            anon STAT public:/x A
            anon READ public:/embargoed/f D
            anon STAT public:/embargoed/f D
            anon CREATE public:/f D
            cms READ public:/f D
            o_read READ public:/vo/x/f A
            o_read READ public:/x/f D
            o_read READ public:/vo/xy D
            o_read STAT public:/vo A
            o_read CREATE public:/vo/x/f D
            o_read READ escape:/x/f D
            o_group READ escape:/cms/f D
            o_group READ public:/f A
            o_group READ public:/embargoed/f D
            o_group CREATE public:/f D
            o_write CREATE public:/vo/f A
            o_write MODIFY public:/vo/f A
            o_write CREATE public:/f D
            o_write CREATE ro:/vo/f D
            o_write MODIFY ro:/vo/f D
            o_write DELETE ro:/vo/f D
            o_write STAT ro:/vo/f A
            anon READ ro:/f A
            anon CREATE ro:/f D
            anon DELETE ro:/f D
            """;

    @TestFactory
    List<DynamicTest> matrix() {
        List<DynamicTest> out = new ArrayList<>();
        for (String line : MATRIX.strip().split("\n")) {
            String[] f = line.trim().split("\\s+");
            out.add(DynamicTest.dynamicTest(line.trim(), () -> {
                Identity id = who.get(f[0]);
                assertNotNull(id, "no token " + f[0]);
                Operation op = Operation.valueOf(f[1]);
                int colon = f[2].indexOf(':');
                StorageArea area = areas.get(f[2].substring(0, colon));
                AreaPath path = AreaPath.parse(f[2].substring(colon + 1));
                guardClock.set(f.length > 4 ? Instant.parse(f[4].substring(1)) : T0);
                AccessDecision d = guard.decide(id, area, op, path);
                assertEquals(f[3].equals("A"), d.allowed(), line + " → " + d.reason());
                assertTrue(d.reason() != null && !d.reason().isBlank());
            }));
        }
        return out;
    }

    /**
     * Method → operation through a real gateway on the same configuration (issue 15): HEAD is a stat like PROPFIND
     * Depth 0 (SPECS §3.2), for files and collections, on a scope's path and on its parents; a listing (GET of a
     * collection) still needs storage.read. Tokens hold one kind of scope each; rows: token METHOD path status.
     */
    static final String METHODS = """
            c_only HEAD /escape/cms/new 200
            c_only PROPFIND0 /escape/cms/new 207
            c_only HEAD /escape/cms 200
            c_only PROPFIND0 /escape/cms 207
            c_only HEAD /escape 200
            c_only HEAD /escape/cms/new/f 200
            c_only GET /escape/cms/new 403
            c_only GET /escape/cms/new/f 403
            c_only HEAD /escape/atlas 403
            c_only PROPFIND0 /escape/atlas 403
            m_only HEAD /escape/cms/data 200
            m_only PROPFIND0 /escape/cms/data 207
            m_only HEAD /escape/cms 200
            m_only GET /escape/cms/data 403
            st_only HEAD /escape/tape 200
            st_only PROPFIND0 /escape/tape 207
            st_only HEAD /escape 200
            st_only GET /escape/tape 403
            p_only HEAD /escape/tape 403
            p_only PROPFIND0 /escape/tape 403
            r_only HEAD /escape/cms 200
            r_only GET /escape/cms 200
            r_only HEAD /escape/atlas 403
            """;

    @TestFactory
    List<DynamicTest> methodMatrix() throws Exception {
        Path root = dir.resolve("escape");
        for (String d : List.of("cms/new", "cms/data", "tape", "atlas")) Files.createDirectories(root.resolve(d));
        Files.writeString(root.resolve("cms/new/f"), "new");
        Instant now = Instant.now();
        Map<String, String> tokens = Map.of(
                "c_only", escape.wlcg(now, "rucio", AUD, "storage.create:/cms/new", null),
                "m_only", escape.wlcg(now, "rucio", AUD, "storage.modify:/cms/data", null),
                // wlcg.ver 1.2: stage no longer implies read
                "st_only", sign(escape.rsaKey(), claims(now).claim("wlcg.ver", "1.2").claim("scope", "storage.stage:/tape").build()),
                "p_only", escape.wlcg(now, "rucio", AUD, "storage.poll:/tape", null),
                "r_only", escape.wlcg(now, "rucio", AUD, "storage.read:/cms", null));
        String yaml = exampleConfig(dir, escape.url(), other.url())
                .replace("http: {port: 8080}}", "http: {port: 8080}, access-log: off}");
        org.tributary.gateway.server.GatewayServer gw = TokenEndToEndTest.start(yaml);
        List<DynamicTest> out = new ArrayList<>();
        for (String line : METHODS.strip().split("\n")) {
            String[] f = line.trim().split("\\s+");
            out.add(DynamicTest.dynamicTest(line.trim(), () -> {
                boolean depth0 = f[1].equals("PROPFIND0");
                String[] headers = depth0
                        ? new String[] {"Authorization", "Bearer " + tokens.get(f[0]), "Depth", "0"}
                        : new String[] {"Authorization", "Bearer " + tokens.get(f[0])};
                org.tributary.gateway.RawHttp.Response r = org.tributary.gateway.RawHttp.exchange(gw.httpPort(),
                        depth0 ? "PROPFIND" : f[1], f[2], null, headers);
                assertEquals(Integer.parseInt(f[3]), r.status(), line + " → " + r.text());
            }));
        }
        out.add(DynamicTest.dynamicTest("stop the gateway", gw::close));
        return out;
    }

    // --- bad input: each must be refused with a reason naming the problem (a 401 at the HTTP level)

    record Bad(String name, Function<Instant, String> token, String reasonContains) { }

    List<Bad> badInputs() {
        String iss = escape.url();
        return List.of(
                new Bad("expired", t -> sign(escape.rsaKey(), wlcg(t.minus(Duration.ofHours(2))).build()), "expired"),
                new Bad("exp exactly now (no grace)", t -> sign(escape.rsaKey(), wlcg(t)
                        .expirationTime(Date.from(t)).build()), "expired"),
                new Bad("nbf in the future", t -> sign(escape.rsaKey(), wlcg(t)
                        .notBeforeTime(Date.from(t.plusSeconds(300))).build()), "not valid before"),
                new Bad("iat in the future", t -> sign(escape.rsaKey(), wlcg(t)
                        .issueTime(Date.from(t.plusSeconds(600))).build()), "issued in the future"),
                new Bad("wrong aud", t -> sign(escape.rsaKey(), wlcg(t).audience("other.example.org").build()), "audience"),
                new Bad("aud https form not configured", t -> sign(escape.rsaKey(), wlcg(t)
                        .audience("https://other.example.org").build()), "audience"),
                new Bad("no aud", t -> sign(escape.rsaKey(), wlcg(t).audience((String) null).build()), "no audience"),
                new Bad("wrong iss", t -> sign(escape.rsaKey(), wlcg(t).issuer("https://evil.example.org").build()),
                        "not trusted"),
                new Bad("unknown kid", t -> TokenMinter.sign(uncheck(() -> LocalTestIssuer.rsa("nope")),
                        wlcg(t).issuer(iss).build()), "unknown key id"),
                new Bad("alg none", t -> new PlainJWT(wlcg(t).issuer(iss).build()).serialize(), "alg none"),
                new Bad("HS256 signed with the public key", t -> hs256WithPublicKey(wlcg(t).issuer(iss).build()), "HS256"),
                new Bad("tampered payload", t -> tamper(sign(escape.rsaKey(), wlcg(t).build())), "does not verify"),
                new Bad("64 KiB token", t -> sign(escape.rsaKey(), wlcg(t).claim("pad", "x".repeat(64 * 1024)).build()),
                        "larger than"),
                new Bad("64 KiB of garbage", t -> "a".repeat(64 * 1024), "larger than"),
                new Bad("garbage base64", t -> "!!!.###.$$$", "not a JWT"),
                new Bad("base64 but not JSON", t -> "abcd.efgh.ijkl", "malformed"),
                new Bad("two parts only", t -> "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0", "not a JWT"),
                new Bad("wlcg.ver 2.0", t -> sign(escape.rsaKey(), wlcg(t).claim("wlcg.ver", "2.0").build()), "not supported"),
                new Bad("no version claim", t -> sign(escape.rsaKey(), claims(t).issuer(iss).build()), "neither"),
                new Bad("storage.read without path", t -> sign(escape.rsaKey(), wlcg(t).claim("scope", "storage.read").build()),
                        "has no path"),
                new Bad("storage.create: with empty path", t -> sign(escape.rsaKey(), wlcg(t)
                        .claim("scope", "storage.create:").build()), "has no path"),
                new Bad(".. in a scope", t -> sign(escape.rsaKey(), wlcg(t).claim("scope", "storage.read:/a/../b").build()),
                        "'..'"),
                new Bad(".. at the end of a scope", t -> sign(escape.rsaKey(), wlcg(t)
                        .claim("scope", "storage.modify:/cms/..").build()), "'..'"),
                new Bad("relative scope path", t -> sign(escape.rsaKey(), wlcg(t).claim("scope", "storage.read:cms").build()),
                        "must start with /"),
                new Bad("scitoken read without path", t -> sign(escape.ecKey(), sci(t).claim("scope", "read").build()),
                        "has no path"),
                new Bad("scitoken .. in path", t -> sign(escape.ecKey(), sci(t).claim("scope", "write:/x/../y").build()),
                        "'..'"),
                new Bad("no kid", t -> noKid(wlcg(t).issuer(iss).build()), "no key id"),
                new Bad("RS256 header with the EC key's kid", t -> rsWithEcKid(wlcg(t).issuer(iss).build()), "not an RSA key"),
                new Bad("no sub", t -> sign(escape.rsaKey(), wlcg(t).subject(null).build()), "subject"),
                new Bad("no jti (WLCG)", t -> sign(escape.rsaKey(), wlcg(t).jwtID(null).build()), "jti"),
                new Bad("no exp", t -> sign(escape.rsaKey(), wlcg(t).expirationTime(null).build()), "no expiry"));
    }

    JWTClaimsSet.Builder wlcg(Instant t) {
        return claims(t).issuer(escape.url()).claim("wlcg.ver", "1.0").claim("scope", "storage.read:/");
    }

    JWTClaimsSet.Builder sci(Instant t) {
        return claims(t).issuer(escape.url()).claim("ver", "scitoken:2.0");
    }

    @TestFactory
    List<DynamicTest> badTokens() {
        List<DynamicTest> out = new ArrayList<>();
        for (Bad b : badInputs()) {
            out.add(DynamicTest.dynamicTest(b.name(), () -> {
                clock.set(T0);
                String token = b.token().apply(T0);
                try {
                    Identity id = validator.validate(token).identity();
                    fail(b.name() + " was accepted as " + id);
                } catch (TokenException e) {
                    assertTrue(e.getMessage().contains(b.reasonContains()), b.name() + ": " + e.getMessage());
                    assertTrue(token.length() < 100 || !e.getMessage().contains(token), "the reason never echoes the token");
                }
            }));
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> goodTokens() {
        Map<String, Function<Instant, String>> good = new LinkedHashMap<>();
        good.put("nbf within the 60 s skew", t -> sign(escape.rsaKey(), wlcg(t).notBeforeTime(Date.from(t.plusSeconds(30))).build()));
        good.put("iat within the 60 s skew", t -> sign(escape.rsaKey(), wlcg(t).issueTime(Date.from(t.plusSeconds(50))).build()));
        good.put("exp one second ahead", t -> sign(escape.rsaKey(), wlcg(t).expirationTime(Date.from(t.plusSeconds(1))).build()));
        good.put("aud = any", t -> sign(escape.rsaKey(), wlcg(t).audience(TokenValidator.ANY_AUDIENCE).build()));
        good.put("aud = https://host", t -> sign(escape.rsaKey(), wlcg(t).audience("https://se.example.org").build()));
        good.put("aud list with one match", t -> sign(escape.rsaKey(), wlcg(t).audience(List.of("x", "se.example.org")).build()));
        good.put("wlcg.ver 1.3 (newer minor)", t -> sign(escape.rsaKey(), wlcg(t).claim("wlcg.ver", "1.3").build()));
        good.put("ES256", t -> sign(escape.ecKey(), wlcg(t).build()));
        good.put("scitoken aud ANY", t -> sign(escape.ecKey(), sci(t).audience("ANY").claim("scope", "read:/x").build()));
        good.put("iss with trailing slash", t -> sign(escape.rsaKey(), wlcg(t).issuer(escape.url() + "/").build()));
        good.put("unknown claims and scopes ignored", t -> sign(escape.rsaKey(), wlcg(t).claim("x-foo", 1)
                .claim("scope", "openid storage.read:/a compute.create storage.weird:/x").build()));
        List<DynamicTest> out = new ArrayList<>();
        good.forEach((name, f) -> out.add(DynamicTest.dynamicTest(name, () -> {
            clock.set(T0);
            assertNotNull(validator.validate(f.apply(T0)).identity().subject());
        })));
        return out;
    }

    String hs256WithPublicKey(JWTClaimsSet c) {
        try {
            byte[] secret = ((RSAKey) escape.rsaKey()).toRSAPublicKey().getEncoded();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(escape.rsaKey().getKeyID())
                    .type(JOSEObjectType.JWT).build(), c);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String tamper(String token) {
        String[] p = token.split("\\.");
        String json = Base64URL.from(p[1]).decodeToString().replace("storage.read:/", "storage.modify:/");
        return p[0] + "." + Base64URL.encode(json) + "." + p[2];
    }

    String noKid(JWTClaimsSet c) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), c);
            jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner((RSAKey) escape.rsaKey()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String rsWithEcKid(JWTClaimsSet c) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(escape.ecKey().getKeyID()).build(), c);
            jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner((RSAKey) escape.rsaKey()));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    interface Call<T> { T get() throws Exception; }

    static <T> T uncheck(Call<T> c) {
        try {
            return c.get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
