package org.tributary.gateway.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.gateway.TestGateway;
import org.tributary.gateway.security.AccessDecision;
import org.tributary.gateway.security.AccessGuard;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.security.Operation;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.GatewayConfig;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code authz explain} reports exactly the access checks the server makes (issue 11 item 3): for every verb and every
 * state of its target (absent, file, collection; for COPY and MOVE also of the destination; third-party pull and
 * push), a real gateway with a recording guard serves the request, and the checks it asked for (operation, path,
 * whether everything below was checked too) must equal, in order, what explain prints for the same storage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainAgreesWithTheServerTest {

    TestGateway gw;
    final List<Asked> asked = Collections.synchronizedList(new ArrayList<>());
    AreaRouter router;
    StorageArea area;
    String deadUrl;

    /** One check as the guard saw it: {@code below} when the subtree check followed the decision at the path. */
    record Asked(Operation op, AreaPath path, boolean below) { }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        gw = TestGateway.in(dir).area("data").guardAround(real -> new Recorder()).start();
        GatewayConfig cfg = GatewayConfig.load(gw.configFile());
        area = new StorageArea(cfg.areas().getFirst(), PosixBackend.open(gw.root()));
        router = new AreaRouter(List.of(area));
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadUrl = "http://127.0.0.1:" + s.getLocalPort() + "/remote/file";
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (area != null) area.backend().close();
        if (gw != null) gw.close();
    }

    /** Allows everything, so that every request reaches all of its checks, and records what it was asked. */
    final class Recorder implements AccessGuard {
        @Override
        public AccessDecision decide(Identity who, StorageArea a, Operation op, AreaPath path) {
            asked.add(new Asked(op, path, false));
            return AccessDecision.allow("recorded");
        }

        @Override
        public List<AreaPath> witnessesBelow(StorageArea a, AreaPath path) {
            // SubtreeAccess asks for the witnesses right after the decision at the path itself
            Asked last = asked.removeLast();
            assertEquals(path, last.path());
            asked.add(new Asked(last.op(), path, true));
            return List.of();
        }
    }

    /** Fresh storage for each case: files f and g, collections d (with d/x) and dd (with dd/y). */
    void fixture() throws IOException {
        Path root = gw.root();
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.toList()) deleteTree(p);
        }
        Files.writeString(root.resolve("f"), "f");
        Files.writeString(root.resolve("g"), "g");
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("d/x"), "x");
        Files.createDirectories(root.resolve("dd"));
        Files.writeString(root.resolve("dd/y"), "y");
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    /** A request: method, path, explain's --destination / --source, PROPFIND depth (or null), extra headers. */
    record Case(String method, String path, String destination, String source, String depth, String... headers) {
        @Override
        public String toString() {
            return method + " " + path + (destination != null ? " → " + destination : "")
                    + (source != null ? " ← " + source : "") + (depth != null ? " Depth " + depth : "");
        }
    }

    static final String PROPPATCH = """
            <?xml version="1.0" encoding="utf-8"?>
            <D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:test"><D:set><D:prop><Z:a>1</Z:a></D:prop></D:set>
            </D:propertyupdate>""";

    List<Case> cases() {
        List<Case> c = new ArrayList<>();
        for (String m : List.of("GET", "HEAD")) {
            c.add(new Case(m, "/data/f", null, null, null));
            c.add(new Case(m, "/data/d", null, null, null));
        }
        for (String depth : List.of("0", "1")) {
            c.add(new Case("PROPFIND", "/data/f", null, null, depth));
            c.add(new Case("PROPFIND", "/data/d", null, null, depth));
        }
        c.add(new Case("PUT", "/data/new", null, null, null));
        c.add(new Case("PUT", "/data/f", null, null, null));
        c.add(new Case("PUT", "/data/d/new", null, null, null));
        c.add(new Case("MKCOL", "/data/newdir", null, null, null));
        c.add(new Case("PROPPATCH", "/data/f", null, null, null));
        c.add(new Case("PROPPATCH", "/data/d", null, null, null));
        c.add(new Case("DELETE", "/data/f", null, null, null));
        c.add(new Case("DELETE", "/data/d", null, null, null));
        for (String m : List.of("COPY", "MOVE")) {
            for (String from : List.of("/data/f", "/data/d")) {
                for (String to : List.of("/data/new", "/data/g", "/data/dd")) {
                    c.add(new Case(m, from, to, null, null, "Overwrite", "T"));
                }
            }
        }
        c.add(new Case("COPY", "/data/new", null, deadUrl, null));
        c.add(new Case("COPY", "/data/f", null, deadUrl, null));
        c.add(new Case("COPY", "/data/f", deadUrl, null, null));
        return c;
    }

    @TestFactory
    List<DynamicTest> explainPrintsTheChecksTheServerMakes() {
        List<DynamicTest> out = new ArrayList<>();
        for (Case k : cases()) {
            out.add(DynamicTest.dynamicTest(k.toString(), () -> {
                fixture();
                List<Asked> explained = explained(k);
                assertFalse(explained.isEmpty(), "explain prints at least one check");
                asked.clear();
                List<String> headers = new ArrayList<>(List.of(k.headers()));
                if (k.depth() != null) headers.addAll(List.of("Depth", k.depth()));
                if (k.destination() != null) {
                    headers.addAll(List.of("Destination", k.destination().contains("://") ? k.destination()
                            : gw.base() + k.destination()));
                }
                if (k.source() != null) headers.addAll(List.of("Source", k.source()));
                String body = switch (k.method()) {
                    case "PUT" -> "new content";
                    case "PROPPATCH" -> PROPPATCH;
                    default -> null;
                };
                var r = gw.send(k.method(), k.path(), body, headers.toArray(String[]::new));
                assertEquals(explained, List.copyOf(asked), k + " answered " + r.statusCode());
            }));
        }
        return out;
    }

    /** What explain prints for the case, as the checks it names (PROPFIND: the line of the requested depth). */
    List<Asked> explained(Case k) throws Exception {
        List<Asked> out = new ArrayList<>();
        for (TokenCommands.Check c : TokenCommands.checks(router, k.method(), k.path(), k.destination(), k.source())) {
            if (k.depth() != null && !c.label().contains("(Depth " + k.depth() + ")")) continue;
            out.add(new Asked(c.op(), c.route().path(), c.below()));
        }
        return out;
    }
}
