package org.tributary.gateway.tpc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.placement.SharedCopy;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.server.GatewayServer;
import org.tributary.qos.AreaClasses;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.gateway.tpc.TpcPeers.lastLine;
import static org.tributary.gateway.tpc.TpcPeers.send;

/**
 * An in-place copy over a backend that can share data ({@link SharedCopy}; here a POSIX area given hard links by the
 * test, so this holds whatever the posix backend itself offers): the new name shares the source's data, unless the
 * source carries a class override, which a hard link would hand to the copy: then the bytes are copied locally.
 */
class InPlaceSharingTest {

    @TempDir
    static Path dir;
    static GatewayServer gw;
    static Path root;
    static final AtomicInteger shares = new AtomicInteger();

    /** A posix area with hard links as its SharedCopy. */
    static final class HardLinked extends ForwardingBackend implements SharedCopy {
        HardLinked(StorageBackend posix) { super(posix); }

        @Override
        public EntryInfo share(AreaPath from, AreaPath to, WriteOptions options) throws IOException {
            Path target = root.resolve(to.toString().substring(1));
            if (!options.overwrite() && Files.exists(target)) throw new StorageException(StorageException.Kind.ALREADY_EXISTS, "exists: " + to);
            if (options.createParents()) Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(".share-" + to.name());
            Files.createLink(temp, root.resolve(from.toString().substring(1)));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            shares.incrementAndGet();
            return stat(to).orElseThrow();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(dir.resolve("data")).toRealPath();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String yaml = """
                server: {bind: 127.0.0.1, http: {port: %d}, access-log: off}
                tpc: {marker-interval: 200ms}
                storage-areas:
                  - name: data
                    access-points: [/data]
                    anonymous: read-write
                    backend: {type: posix, root: "%s"}
                    qos: {classes: [{name: FAST, placement: disk, access-point: /data/fast},
                                    {name: CHEAP-ANALYSIS, placement: disk, access-point: /cheap}]}
                """.formatted(port, root);
        gw = new GatewayServer(GatewayConfig.parse(yaml, "in-place-sharing-test.yaml"), UnaryOperator.identity(),
                (area, key) -> new HardLinked(GatewayServer.openBackend(area, key))).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) gw.close();
    }

    static String url(String path) { return "http://127.0.0.1:" + gw.httpPort() + path; }

    static Object inode(String relative) throws IOException {
        return Files.getAttribute(root.resolve(relative), "unix:ino");
    }

    @Test
    void theCopySharesTheSourcesData() throws Exception {
        assertEquals(201, TpcPeers.put(url("/data/fast/a"), "shared bytes".getBytes()).statusCode());
        int before = shares.get();
        HttpResponse<String> r = send("COPY", url("/cheap/a"), "Source", url("/data/fast/a"));
        assertEquals("success: Created", lastLine(r.body()), r.body());
        assertEquals(before + 1, shares.get());
        assertEquals(inode("fast/a"), inode("CHEAP-ANALYSIS/a"));
        assertTrue(r.body().contains("Stripe Bytes Transferred: 12"), r.body());
        assertEquals(0, gw.tpcCounter().transfersStarted());
    }

    @Test
    void aSourceWithAClassOverrideIsCopiedNotShared() throws Exception {
        assertEquals(201, TpcPeers.put(url("/data/fast/b"), "own class".getBytes()).statusCode());
        StorageBackend shared = gw.areas().getFirst().shared();
        AreaPath b = AreaPath.parse("/fast/b");
        shared.updateAttributes(b, Map.of(AreaClasses.OVERRIDE_KEY, "CHEAP-ANALYSIS"), Set.of());
        int before = shares.get();
        HttpResponse<String> r = send("COPY", url("/cheap/b"), "Source", url("/data/fast/b"));
        assertEquals("success: Created", lastLine(r.body()), r.body());
        assertEquals(before, shares.get(), "not shared");
        assertNotEquals(inode("fast/b"), inode("CHEAP-ANALYSIS/b"));
        assertEquals("own class", Files.readString(root.resolve("CHEAP-ANALYSIS/b")));
        assertEquals(Map.of(), shared.attributes(AreaPath.parse("/CHEAP-ANALYSIS/b"), Set.of(AreaClasses.OVERRIDE_KEY)),
                "the copy is in its directory's class");
        assertEquals("CHEAP-ANALYSIS", shared.attributes(b, Set.of(AreaClasses.OVERRIDE_KEY))
                .get(AreaClasses.OVERRIDE_KEY), "the source keeps its own");
        assertEquals(0, gw.tpcCounter().transfersStarted());
    }
}
