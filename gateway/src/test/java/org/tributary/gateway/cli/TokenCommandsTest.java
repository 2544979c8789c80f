package org.tributary.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `tributary dev-token` and `tributary authz explain` on a loopback configuration with a dev issuer. */
class TokenCommandsTest {

    @TempDir
    Path dir;

    record Run(int status, String out, String err) { }

    static synchronized Run run(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int s = Main.run(args);
            return new Run(s, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    Path config(String bind) throws Exception {
        Files.createDirectories(dir.resolve("root/cms/embargoed"));
        Files.writeString(dir.resolve("root/cms/f"), "x");
        Path c = dir.resolve("c-" + bind + ".yaml");
        Files.writeString(c, """
                server: {bind: "%s", http: {port: 8080}}
                token-issuers:
                  - {name: dev, issuer: "https://dev.tributary.invalid", dev: true, jwks-file: "%s"}
                storage-areas:
                  - name: data
                    access-points: [/data]
                    backend: {type: posix, root: "%s"}
                    policies:
                      - {allow: [read], path: /cms/embargoed, who: group /escape/cms}
                      - {deny: all, path: /cms/embargoed, who: anyone}
                      - {allow: [read, list], path: /, who: group /escape}
                """.formatted(bind, dir.resolve("dev/jwks.json"), dir.resolve("root")));
        return c;
    }

    @Test
    void devTokenThenExplain() throws Exception {
        Path c = config("127.0.0.1");
        Run t = run("dev-token", "--config", c.toString(), "--group", "/escape");
        assertEquals(0, t.status(), t.err());
        Path tok = dir.resolve("tok");
        Files.writeString(tok, t.out());

        Run r = run("authz", "explain", "--config", c.toString(), "--token-file", tok.toString(), "GET", "/data/cms/f");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("ALLOW: rule policies[2] of area 'data'"), r.out());

        r = run("authz", "explain", "--config", c.toString(), "--token-file", tok.toString(), "GET", "/data/cms/embargoed/x");
        assertEquals(1, r.status());
        assertTrue(r.out().contains("DENY (403): denied by rule policies[1]"), r.out());

        r = run("authz", "explain", "--config", c.toString(), "--token-file", tok.toString(), "PUT", "/data/cms/f");
        assertEquals(1, r.status());
        assertTrue(r.out().contains("(exists: overwrite): MODIFY"), r.out());

        Run s = run("dev-token", "--config", c.toString(), "--scope", "storage.create:/cms/new", "--es256");
        Files.writeString(tok, s.out());
        r = run("authz", "explain", "--config", c.toString(), "--token-file", tok.toString(), "MKCOL", "/data/cms");
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("parent of the path of scope storage.create:/cms/new"), r.out());

        Files.writeString(tok, "not-a-token");
        r = run("authz", "explain", "--config", c.toString(), "--token-file", tok.toString(), "GET", "/data/cms/f");
        assertEquals(1, r.status());
        assertTrue(r.out().contains("DENY (401): invalid bearer token"), r.out());

        r = run("authz", "explain", "--config", c.toString(), "--anonymous", "GET", "/data/cms/f");
        assertEquals(1, r.status());
        assertTrue(r.out().contains("DENY (401)"), r.out());
    }

    @Test
    void explainKnowsTheTapeRestOperations() throws Exception {
        Path c = config("127.0.0.1");
        Path tok = dir.resolve("tok-stage");
        Files.writeString(tok, run("dev-token", "--config", c.toString(), "--scope", "storage.stage:/cms").out());
        Run r = run("authz", "explain", "--config", c.toString(), "--token-file", tok.toString(), "STAGE", "/data/cms/f");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("(Tape REST stage, cancel, release): STAGE"), r.out());
        r = run("authz", "explain", "--config", c.toString(), "--token-file", tok.toString(), "POLL", "/data/cms/f");
        assertEquals(0, r.status(), r.out() + r.err());
        r = run("authz", "explain", "--config", c.toString(), "--token-file", tok.toString(), "GET", "/data/cms/f");
        assertEquals(1, r.status(), "storage.stage does not grant read: " + r.out());
        assertTrue(r.out().contains("does not grant read"), r.out());
    }

    @Test
    void devIssuerOnlyOnLoopback() throws Exception {
        Run t = run("dev-token", "--config", config("0.0.0.0").toString());
        assertEquals(2, t.status());
        assertTrue(t.err().contains("only allowed while the server listens on loopback only"), t.err());
    }
}
