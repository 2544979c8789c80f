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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.gateway.access.AccessDecision;
import org.tributary.gateway.access.Identity;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.GatewayConfig;

/**
 * A PUT looks at its target once and leaves the parents to {@code beginWrite}, which checks and creates them anyway
 * (issue 11 item 5): the backend sees one stat, not one per ancestor. Counted by a wrapper under the area's stack,
 * with PutMethod served alone on a loopback Jetty (no authentication: the guard allows everything).
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
            calls.add("beginWrite " + path);
            return delegate.beginWrite(path, options);
        }
    }

    @Test
    void aPutThreeLevelsBelowAnExistingCollectionStatsOnlyItsTarget() throws Exception {
        Path root = Files.createDirectories(dir.resolve("area"));
        Files.createDirectories(root.resolve("d"));
        GatewayConfig config = GatewayConfig.parse("""
                storage-areas:
                  - name: data
                    access-points: [/data]
                    backend: {type: posix, root: %s}
                """.formatted(root), "test.yaml");
        CountingBackend counting = new CountingBackend(PosixBackend.open(root));
        StorageArea area = new StorageArea(config.areas().getFirst(), counting);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                AreaPath path = AreaPath.parse(request.getHttpURI().getPath().substring("/data".length()));
                PutMethod.handle(new DavExchange(request, response, new AreaRouter.Route(area, "/data", path),
                        Identity.ANONYMOUS, (who, a, op, p) -> AccessDecision.allow("test")));
                callback.succeeded();
                return true;
            }
        });
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/data/d/x/y/z/f");
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri)
                    .PUT(HttpRequest.BodyPublishers.ofString("payload")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), r.body());
            assertTrue(Files.isDirectory(root.resolve("d/x/y/z")));
            assertEquals(List.of("stat /d/x/y/z/f", "beginWrite /d/x/y/z/f"), counting.calls);
        } finally {
            server.stop();
            area.backend().close();
        }
    }
}
