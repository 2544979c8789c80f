package org.tributary.gateway.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.config.ConfigException;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.ServerConfig;
import org.tributary.gateway.server.GatewayServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Group policies and embargoes by way of a parent (issue 15 item 3): DELETE, COPY and MOVE of a collection, and the
 * replacement of a destination collection, are refused as a whole (403, nothing changed) when a rule below is more
 * restrictive for the caller; a deny rule binds tokens with storage scopes unless the area says
 * {@code deny-binds-scoped-tokens: false}. Every request goes to the real server and, with the same token, to
 * {@code authz explain}, which must say the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecursiveOperationsHonourRulesBelowTest {

    @TempDir
    static Path dir;
    Path config;
    GatewayServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    String writer;
    String cms;
    String scoped;
    String scopedCms;

    static final String POLICIES = """
                    policies:
                      - {allow: all, path: /*/embargoed, who: group /escape/cms}
                      - {deny: all, path: /*/embargoed, who: anyone}
                      - {deny: [read], path: /*/*/private, who: anyone}
                      - {allow: all, path: /, who: group /escape/writers}
                """;

    /** Top-level YAML added to the configuration (a variant of this test turns SE-issued tokens on). */
    String extraYaml() {
        return "";
    }

    @BeforeAll
    void start() throws Exception {
        config = dir.resolve("tributary.yaml");
        Files.createDirectories(dir.resolve("data"));   // a missing root stops the start (issue 15 item 17)
        Files.createDirectories(dir.resolve("lax"));
        Files.writeString(config, """
                server: {bind: 127.0.0.1, http: {port: 8080}, access-log: off, shutdown-grace: 0s}
                token-issuers:
                  - {name: dev, issuer: "https://dev.tributary.invalid", dev: true, jwks-file: "%s"}
                storage-areas:
                  - name: data
                    access-points: [/data]
                    backend: {type: posix, root: "%s"}
                %s  - name: lax
                    access-points: [/lax]
                    backend: {type: posix, root: "%s"}
                    deny-binds-scoped-tokens: false
                %s%s""".formatted(dir.resolve("dev/jwks.json"), dir.resolve("data"), POLICIES, dir.resolve("lax"), POLICIES,
                extraYaml()));
        writer = mint("--group", "/escape/writers");
        cms = mint("--group", "/escape/cms", "--group", "/escape/writers");
        scoped = mint("--scope", "storage.read:/ storage.modify:/ storage.create:/");
        scopedCms = mint("--scope", "storage.read:/ storage.modify:/", "--group", "/escape/cms");
        GatewayConfig parsed = GatewayConfig.load(config);
        ServerConfig s = parsed.server();
        server = new GatewayServer(new GatewayConfig(new ServerConfig(s.bind(), 0, s.https(),
                s.allowAnonymousWriteOnNetwork(), s.shutdownGrace(), s.accessLog()), parsed.areas(), parsed.tokens(),
                parsed.tpc())).start();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }

    String mint(String... args) {
        List<String> a = new ArrayList<>(List.of("dev-token", "--config", config.toString()));
        a.addAll(List.of(args));
        TokenCommandsTest.Run r = TokenCommandsTest.run(a.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        return r.out().strip();
    }

    /** A tree on disk: every given relative path becomes a file holding its own name. */
    Path tree(String area, String... files) throws Exception {
        Path root = dir.resolve(area);
        for (String f : files) {
            Path p = root.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
        }
        return root;
    }

    /** The request on the server, and authz explain of it with the same token; they must agree. */
    int request(String token, String method, String path, String dest) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token);
        if (dest != null) b.header("Destination", "http://127.0.0.1:" + server.httpPort() + dest);
        Path tok = Files.writeString(dir.resolve("token"), token);
        List<String> args = new ArrayList<>(List.of("authz", "explain", "--config", config.toString(),
                "--token-file", tok.toString()));
        if (dest != null) args.addAll(List.of("--destination", dest));
        args.addAll(List.of(method, path));
        TokenCommandsTest.Run explained = TokenCommandsTest.run(args.toArray(String[]::new));   // before: it stats

        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        boolean refused = r.statusCode() == 403;
        assertEquals(refused ? 1 : 0, explained.status(), method + " " + path + " answered " + r.statusCode() + " "
                + r.body() + " but authz explain said:\n" + explained.out());
        if (refused) {
            assertFalse(r.body().strip().contains("\n"), "one line: " + r.body());
        }
        return r.statusCode();
    }

    @Test
    void deleteOfAParentOfAnEmbargoIsRefusedAsAWhole() throws Exception {
        Path root = tree("data", "t1/f", "t1/embargoed/s");
        assertEquals(403, request(writer, "DELETE", "/data/t1", null));
        assertTrue(Files.exists(root.resolve("t1/f")), "nothing deleted");
        assertTrue(Files.exists(root.resolve("t1/embargoed/s")));
        tree("data", "t2/free/f");
        assertEquals(204, request(writer, "DELETE", "/data/t2/free", null), "nothing restrictive below");
    }

    @Test
    void copyOrMoveOfAParentOfAnEmbargoIsRefusedAndChangesNothing() throws Exception {
        Path root = tree("data", "t3/f", "t3/embargoed/s");
        assertEquals(403, request(writer, "COPY", "/data/t3", "/data/t3copy"));
        assertFalse(Files.exists(root.resolve("t3copy")));
        assertEquals(403, request(writer, "MOVE", "/data/t3", "/data/t3moved"));
        assertFalse(Files.exists(root.resolve("t3moved")));
        assertTrue(Files.exists(root.resolve("t3/embargoed/s")));
        assertEquals(201, request(writer, "COPY", "/data/t3/f", "/data/t3f"), "a file beside it is not affected");
    }

    @Test
    void moveMayNotCarryFilesOutFromUnderARuleThatHidesThem() throws Exception {
        Path root = tree("data", "t5/x/private/p");
        // deny [read] only: deleting is allowed, moving would make them readable at the new place
        assertEquals(403, request(writer, "MOVE", "/data/t5", "/data/t5moved"));
        assertTrue(Files.exists(root.resolve("t5/x/private/p")));
        assertEquals(403, request(writer, "COPY", "/data/t5", "/data/t5copy"));
        assertEquals(204, request(writer, "DELETE", "/data/t5", null));
    }

    @Test
    void overwritingACollectionThatHoldsAnEmbargoIsRefused() throws Exception {
        Path root = tree("data", "t6src/f", "t6dst/embargoed/s");
        assertEquals(403, request(writer, "COPY", "/data/t6src", "/data/t6dst"));
        assertEquals(403, request(writer, "MOVE", "/data/t6src", "/data/t6dst"));
        assertTrue(Files.exists(root.resolve("t6dst/embargoed/s")));
        assertTrue(Files.exists(root.resolve("t6src/f")));
    }

    @Test
    void theGroupTheEmbargoExemptsMayActOnTheParent() throws Exception {
        Path root = tree("data", "t7/f", "t7/embargoed/s");
        assertEquals(201, request(cms, "COPY", "/data/t7", "/data/t7copy"));
        assertEquals(204, request(cms, "DELETE", "/data/t7", null));
        assertFalse(Files.exists(root.resolve("t7")));
    }

    @Test
    void aDenyRuleBindsScopedTokensUnlessTheAreaSaysOtherwise() throws Exception {
        Path data = tree("data", "t8/f", "t8/embargoed/s");
        Path lax = tree("lax", "t8/f", "t8/embargoed/s");
        assertEquals(403, request(scoped, "GET", "/data/t8/embargoed/s", null));
        assertEquals(403, request(scoped, "DELETE", "/data/t8", null));
        assertTrue(Files.exists(data.resolve("t8/embargoed/s")));
        assertEquals(200, request(scoped, "GET", "/data/t8/f", null));
        assertEquals(200, request(scopedCms, "GET", "/data/t8/embargoed/s", null), "the exempt group still reads");

        assertEquals(200, request(scoped, "GET", "/lax/t8/embargoed/s", null));
        assertEquals(204, request(scoped, "DELETE", "/lax/t8", null));
        assertFalse(Files.exists(lax.resolve("t8")));
    }

    @Test
    void theOptionIsValidatedAndPrinted() throws Exception {
        String bad = Files.readString(config).replace("deny-binds-scoped-tokens: false", "deny-binds-scoped-tokens: maybe");
        ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.parse(bad, "bad.yaml"));
        assertTrue(e.getMessage().contains("deny-binds-scoped-tokens") && e.getMessage().contains("true or false"),
                e.getMessage());
        TokenCommandsTest.Run r = TokenCommandsTest.run("check-config", config.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("deny-binds-scoped-tokens: false"), r.out());
    }
}
