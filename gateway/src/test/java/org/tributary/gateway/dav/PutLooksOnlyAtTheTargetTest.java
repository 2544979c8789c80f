package org.tributary.gateway.dav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.Seen;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.gateway.security.AccessDecision;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.GatewayConfig;

/**
 * A PUT looks at its target once and leaves the parents to {@code beginWrite}, which checks and creates them anyway
 * (issue 11 item 5): the backend sees one stat, not one per ancestor, and is handed what that stat found (as are
 * MKCOL's and DELETE's backend calls). Counted by a wrapper under the area's stack, with the methods served alone on a
 * loopback Jetty (no authentication: the guard allows everything).
 */
class PutLooksOnlyAtTheTargetTest {

    @TempDir
    Path dir;

    /** Records the namespace questions that reach the raw backend. */
    static final class CountingBackend extends ForwardingBackend {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        CountingBackend(StorageBackend delegate) { super(delegate); }

        @Override
        public Optional<EntryInfo> stat(AreaPath path) throws IOException {
            calls.add("stat " + path);
            return delegate.stat(path);
        }

        @Override
        public PendingWrite beginWrite(AreaPath path, WriteOptions options) throws IOException {
            calls.add("beginWrite " + path + " " + options.target());
            return delegate.beginWrite(path, options);
        }

        @Override
        public void createDirectory(AreaPath path, Seen target) throws IOException {
            calls.add("createDirectory " + path + " " + target);
            delegate.createDirectory(path, target);
        }

        @Override
        public long deleteTree(AreaPath path, Seen target) throws IOException {
            calls.add("deleteTree " + path + " " + target);
            return delegate.deleteTree(path, target);
        }
    }

    /** PutMethod, MkcolMethod or DeleteMethod alone, by the request's method, on a loopback Jetty. */
    static Server serve(StorageArea area) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                AreaPath path = AreaPath.parse(request.getHttpURI().getPath().substring("/data".length()));
                DavExchange ex = new DavExchange(request, response, new AreaRouter.Route(area, "/data", path),
                        Identity.ANONYMOUS, (who, a, op, p) -> AccessDecision.allow("test"));
                switch (request.getMethod()) {
                    case "PUT" -> PutMethod.handle(ex);
                    case "MKCOL" -> MkcolMethod.handle(ex);
                    case "DELETE" -> DeleteMethod.handle(ex);
                    default -> throw new IllegalArgumentException(request.getMethod());
                }
                callback.succeeded();
                return true;
            }
        });
        server.start();
        return server;
    }

    /** The area /data on {@code root}, its stack over {@code raw}. */
    static StorageArea area(Path root, StorageBackend raw) throws Exception {
        GatewayConfig config = GatewayConfig.parse("""
                storage-areas:
                  - name: data
                    access-points: [/data]
                    backend: {type: posix, root: %s}
                """.formatted(root), "test.yaml");
        return new StorageArea(config.areas().getFirst(), raw);
    }

    static URI uri(Server server, String path) {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/data" + path);
    }

    Path root;
    CountingBackend counting;
    StorageArea area;
    Server server;

    /** An area whose root holds the collection /d, served. */
    @BeforeEach
    void serveAnArea() throws Exception {
        root = Files.createDirectories(dir.resolve("area"));
        Files.createDirectories(root.resolve("d"));
        counting = new CountingBackend(PosixBackend.open(root));
        area = area(root, counting);
        server = serve(area);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
        area.backend().close();
    }

    @Test
    void aPutThreeLevelsBelowAnExistingCollectionStatsOnlyItsTarget() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(server, "/d/x/y/z/f"))
                    .PUT(HttpRequest.BodyPublishers.ofString("payload")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), r.body());
            assertTrue(Files.isDirectory(root.resolve("d/x/y/z")));
            assertEquals(List.of("stat /d/x/y/z/f", "beginWrite /d/x/y/z/f ABSENT"), counting.calls);
        }
    }

    /**
     * What the gateway's own look at a PUT, MKCOL or DELETE target found is handed to the backend ({@link Seen}), so
     * that a backend where a look is a request (S3) need not ask the same again.
     */
    @Test
    void theGatewayHandsWhatItsStatFoundToTheBackend() throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            var ofString = HttpResponse.BodyHandlers.ofString();
            assertEquals(201, client.send(HttpRequest.newBuilder(uri(server, "/d/f"))
                    .PUT(HttpRequest.BodyPublishers.ofString("one")).build(), ofString).statusCode());
            assertEquals(200, client.send(HttpRequest.newBuilder(uri(server, "/d/f"))
                    .PUT(HttpRequest.BodyPublishers.ofString("two")).build(), ofString).statusCode());
            assertEquals(201, client.send(HttpRequest.newBuilder(uri(server, "/d/sub"))
                    .method("MKCOL", HttpRequest.BodyPublishers.noBody()).build(), ofString).statusCode());
            assertEquals(204, client.send(HttpRequest.newBuilder(uri(server, "/d/f")).DELETE().build(), ofString)
                    .statusCode());
            assertEquals(204, client.send(HttpRequest.newBuilder(uri(server, "/d/sub")).DELETE().build(), ofString)
                    .statusCode());
            assertEquals(List.of(
                    "stat /d/f", "beginWrite /d/f ABSENT",
                    "stat /d/f", "beginWrite /d/f FILE",
                    "stat /d/sub", "stat /d", "createDirectory /d/sub ABSENT",
                    "stat /d/f", "deleteTree /d/f FILE",
                    "stat /d/sub", "deleteTree /d/sub DIRECTORY"), counting.calls);
            assertEquals(List.of("d"), List.of(root.toFile().list()));
            assertEquals(0, root.resolve("d").toFile().list().length);
        }
    }
}
