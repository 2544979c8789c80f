package org.tributary.backend.s3;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.s3.S3BackendTest.p;

/**
 * MOVE with replace on S3 (issue 15 item 10): a server-side copy, then the delete of the source, and an existing target
 * of the same kind replaced without being deleted first. A copy that fails (the {@link FaultProxy} drops every
 * request writing below the target: the one mock, for a fault s3proxy cannot be asked for) has deleted nothing.
 */
class S3MoveNeverLosesTheDestinationTest {

    static S3Server server;
    static FaultProxy proxy;
    static final byte[] OLD = "old".getBytes(StandardCharsets.UTF_8);
    static final byte[] NEW = "new".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void start() throws Exception {
        server = new S3Server();
        proxy = new FaultProxy(server.endpoint);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        server.close();
    }

    private static S3Backend viaProxy() throws Exception {
        S3Options o = S3Server.options(proxy.endpoint(), S3BackendTest.freshPrefix())
                .withPartSize(S3Options.MIN_PART_SIZE, 2);
        return S3Backend.open(o, S3Backend.client(o, List.of(S3BackendTest.counting(new ConcurrentHashMap<String, AtomicInteger>()))));
    }

    /** A file, or a collection holding "m" (and, for the old one, "only-old" that the new tree has not). */
    private static void make(S3Backend b, String path, boolean dir, byte[] content, boolean old) throws IOException {
        if (!dir) {
            S3BackendTest.put(b, path, content);
            return;
        }
        S3BackendTest.put(b, path + "/m", content);
        if (old) S3BackendTest.put(b, path + "/only-old", content);
    }

    @ParameterizedTest(name = "source collection {0}, destination collection {1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void replaceMovesOverAnyTarget(boolean srcDir, boolean dstDir) throws Exception {
        try (S3Backend b = viaProxy()) {
            make(b, "/src", srcDir, NEW, false);
            make(b, "/dst", dstDir, OLD, true);
            S3BackendTest.put(b, "/dstx", OLD);   // a sibling whose name starts like the target's
            b.move(p("/src"), p("/dst"), true);
            assertEquals(srcDir, b.stat(p("/dst")).orElseThrow().isDirectory());
            assertArrayEquals(NEW, S3BackendTest.read(b, srcDir ? "/dst/m" : "/dst", 0, 3));
            if (srcDir) assertEquals(Set.of("m"), S3BackendTest.names(b, "/dst"), "what the new tree has not is gone");
            assertTrue(b.stat(p("/src")).isEmpty());
            assertArrayEquals(OLD, S3BackendTest.read(b, "/dstx", 0, 3));
        }
    }

    /** A file over a file, a collection over a collection (a change of kind deletes first on S3: see S3Backend). */
    @ParameterizedTest(name = "source collection {0}, destination collection {1}")
    @CsvSource({"false,false", "true,true"})
    void aCopyThatFailsHasDeletedNothing(boolean srcDir, boolean dstDir) throws Exception {
        try (S3Backend b = viaProxy()) {
            make(b, "/src", srcDir, NEW, false);
            make(b, "/dst", dstDir, OLD, true);
            proxy.drop = line -> line.startsWith("PUT ") && line.contains("/dst");
            try {
                assertThrows(IOException.class, () -> b.move(p("/src"), p("/dst"), true));
            } finally {
                proxy.drop = line -> false;
            }
            assertArrayEquals(OLD, S3BackendTest.read(b, dstDir ? "/dst/m" : "/dst", 0, 3));
            if (dstDir) assertArrayEquals(OLD, S3BackendTest.read(b, "/dst/only-old", 0, 3));
            assertArrayEquals(NEW, S3BackendTest.read(b, srcDir ? "/src/m" : "/src", 0, 3));
        }
    }
}
