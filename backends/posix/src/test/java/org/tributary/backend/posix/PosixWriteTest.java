package org.tributary.backend.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.posix.Area.opts;
import static org.tributary.backend.posix.Area.p;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.common.jimfs.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;

class PosixWriteTest {

    private static final byte[] HELLO = "hello, world\n".getBytes(StandardCharsets.UTF_8);

    static StorageException.Kind kindOf(Executable e) {
        StorageException se = assertThrows(StorageException.class, e::run);
        return se.kind();
    }

    @FunctionalInterface
    interface Executable { void run() throws Throwable; }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void contentIsVisibleOnlyAfterCommit(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/f", "old".getBytes(StandardCharsets.UTF_8));
            PendingWrite w = a.backend.beginWrite(p("/f"), WriteOptions.defaults());
            w.write(ByteBuffer.wrap(HELLO));
            assertEquals("old", new String(a.get("/f"), StandardCharsets.UTF_8), "old version until commit");
            assertEquals(List.of("f"), a.names("/"));
            assertTrue(a.backend.stat(p("/g")).isEmpty());

            PendingWrite fresh = a.backend.beginWrite(p("/g"), WriteOptions.defaults());
            fresh.write(ByteBuffer.wrap(HELLO));
            assertTrue(a.backend.stat(p("/g")).isEmpty(), "a new file does not exist before commit");

            PendingWrite.CommitResult r = w.commit(Map.of());
            assertTrue(r.replaced());
            assertEquals(HELLO.length, r.entry().size());
            assertArrayEquals(HELLO, a.get("/f"));
            fresh.commit(Map.of());
            assertArrayEquals(HELLO, a.get("/g"));
            assertEquals(List.of("f", "g"), a.rawNames("/"), "no temporaries left behind");
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void abortAndCloseLeaveNothing(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            PendingWrite w = a.backend.beginWrite(p("/f"), WriteOptions.defaults());
            w.write(ByteBuffer.wrap(HELLO));
            assertEquals(1, a.rawNames("/").size(), "the temporary exists while writing");
            w.abort();
            w.abort();
            w.close();
            assertEquals(List.of(), a.rawNames("/"));
            assertThrows(IllegalStateException.class, () -> w.write(ByteBuffer.wrap(HELLO)));
            assertThrows(IllegalStateException.class, () -> w.commit(Map.of()));

            try (PendingWrite w2 = a.backend.beginWrite(p("/g"), WriteOptions.defaults())) {
                w2.write(ByteBuffer.wrap(HELLO));
            }
            assertEquals(List.of(), a.rawNames("/"), "close without commit aborts");
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void abortAfterCommitKeepsTheFile(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            PendingWrite w = a.backend.beginWrite(p("/f"), WriteOptions.defaults());
            w.write(ByteBuffer.wrap(HELLO));
            w.commit(Map.of());
            w.abort();
            w.close();
            assertArrayEquals(HELLO, a.get("/f"));
            assertThrows(IllegalStateException.class, () -> w.commit(Map.of()));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void writesInManyPiecesAndCountsSize(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            byte[] all = new byte[1 << 20];
            for (int i = 0; i < all.length; i++) all[i] = (byte) (i * 31 + (i >> 8));
            try (PendingWrite w = a.backend.beginWrite(p("/big"), WriteOptions.defaults().withExpectedSize(all.length))) {
                for (int off = 0; off < all.length; off += 65_000) {
                    w.write(ByteBuffer.wrap(all, off, Math.min(65_000, all.length - off)));
                }
                assertEquals(all.length, w.size());
                w.commit(Map.of());
            }
            assertArrayEquals(all, a.get("/big"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void contentStampIsTheCommittedChangeStamp(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            try (PendingWrite w = a.backend.beginWrite(p("/f"), WriteOptions.defaults())) {
                w.write(ByteBuffer.wrap(HELLO));
                String stamp = w.contentStamp();
                PendingWrite.CommitResult r = w.commit(Map.of("tributary.checksum.adler32", "1a2b3c4d"));
                assertEquals(stamp, r.entry().changeStamp());
                assertEquals(stamp, a.backend.stat(p("/f")).orElseThrow().changeStamp());
                assertFalse(r.replaced());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void overwriteFalseRefusesAnExistingFile(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/f", HELLO);
            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> a.backend.beginWrite(p("/f"), opts(false, true))));

            // the target appears while the upload runs: the commit still refuses, and cleans up
            PendingWrite w = a.backend.beginWrite(p("/g"), opts(false, true));
            w.write(ByteBuffer.wrap("mine".getBytes(StandardCharsets.UTF_8)));
            a.put("/g", HELLO);
            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> w.commit(Map.of())));
            assertArrayEquals(HELLO, a.get("/g"));
            assertEquals(List.of("f", "g"), a.rawNames("/"));

            a.put("/new", HELLO, opts(false, true), Map.of());
            assertArrayEquals(HELLO, a.get("/new"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void createParentsOnAndOff(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            assertEquals(Kind.PARENT_MISSING, kindOf(() -> a.backend.beginWrite(p("/a/b/f"), opts(true, false))));
            assertTrue(a.backend.stat(p("/a")).isEmpty(), "nothing created when refused");

            a.put("/a/b/f", HELLO, opts(true, true), Map.of());
            assertTrue(a.backend.stat(p("/a/b")).orElseThrow().isDirectory());
            assertArrayEquals(HELLO, a.get("/a/b/f"));

            a.put("/a/b/g", HELLO, opts(true, false), Map.of());
            assertArrayEquals(HELLO, a.get("/a/b/g"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void aFileInThePathIsAConflict(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/file", HELLO);
            assertEquals(Kind.CONFLICT, kindOf(() -> a.backend.beginWrite(p("/file/x"), opts(true, true))));
            assertEquals(Kind.CONFLICT, kindOf(() -> a.backend.beginWrite(p("/file/x/y"), opts(true, true))));
            assertEquals(Kind.CONFLICT, kindOf(() -> a.backend.beginWrite(p("/file/x/y"), opts(true, false))));
            assertArrayEquals(HELLO, a.get("/file"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void writingOverADirectoryIsAConflict(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.backend.createDirectory(p("/d"));
            assertEquals(Kind.CONFLICT, kindOf(() -> a.backend.beginWrite(p("/d"), WriteOptions.defaults())));
            assertEquals(Kind.CONFLICT, kindOf(() -> a.backend.beginWrite(p("/"), WriteOptions.defaults())));

            PendingWrite w = a.backend.beginWrite(p("/e"), WriteOptions.defaults());
            w.write(ByteBuffer.wrap(HELLO));
            a.backend.createDirectory(p("/e"));
            assertEquals(Kind.CONFLICT, kindOf(() -> w.commit(Map.of())));
            assertTrue(a.backend.stat(p("/e")).orElseThrow().isDirectory());
            assertEquals(List.of("d", "e"), a.rawNames("/"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void directoryRemovedDuringUploadIsAConflict(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.backend.createDirectory(p("/d"));
            PendingWrite w = a.backend.beginWrite(p("/d/f"), opts(true, false));
            w.write(ByteBuffer.wrap(HELLO));
            a.backend.delete(p("/d")); // only the temporary is inside: that counts as empty
            assertEquals(Kind.CONFLICT, kindOf(() -> w.commit(Map.of())));
            assertTrue(a.backend.stat(p("/d")).isEmpty());
        }
    }

    /**
     * Several writers replace one file at once while a reader keeps reading it. Every read and the final state must
     * be one writer's complete version, with that writer's attributes (one of them too big for xattrs, so the
     * side-car must pair up with the right data too).
     */
    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void concurrentWritersEachCommitACompleteVersion(Area.Kind kind) throws Exception {
        int writers = 6;
        int rounds = 4;
        int size = 256 * 1024;
        try (Area a = Area.open(kind); ExecutorService pool = Executors.newFixedThreadPool(writers + 1)) {
            a.put("/shared", filled((byte) 'A', size), WriteOptions.defaults(),
                    Map.of("tributary.writer", "A", "tributary.big", "A".repeat(70_000)));
            CountDownLatch start = new CountDownLatch(1);
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger reads = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                byte fill = (byte) ('B' + t);
                String id = String.valueOf((char) fill);
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        try (PendingWrite w = a.backend.beginWrite(p("/shared"), WriteOptions.defaults())) {
                            byte[] chunk = filled(fill, size / 4);
                            for (int i = 0; i < 4; i++) w.write(ByteBuffer.wrap(chunk));
                            w.commit(Map.of("tributary.writer", id, "tributary.big", id.repeat(70_000)));
                        }
                    }
                    return null;
                }));
            }
            Future<?> reader = pool.submit(() -> {
                start.await();
                while (!done.get() || reads.get() == 0) {
                    byte[] got = a.get("/shared");
                    assertEquals(size, got.length, "a reader never sees a partial file");
                    for (byte b : got) {
                        if (b != got[0]) throw new AssertionError("mixed content from two writers");
                    }
                    reads.incrementAndGet();
                }
                return null;
            });
            start.countDown();
            for (Future<?> f : futures) f.get();
            done.set(true);
            reader.get();

            byte[] last = a.get("/shared");
            assertEquals(size, last.length);
            String id = String.valueOf((char) last[0]);
            assertTrue(id.charAt(0) >= 'B' && id.charAt(0) < 'B' + writers, "the last version is one writer's");
            Map<String, String> attrs = a.backend.attributes(p("/shared"));
            assertEquals(id, attrs.get("tributary.writer"), "attributes belong to the version that won");
            assertEquals(id.repeat(70_000), attrs.get("tributary.big"));
            List<String> raw = a.rawNames("/");
            assertTrue(raw.stream().noneMatch(InternalNames::isTemporary), "no temporaries: " + raw);
        }
    }

    /**
     * Writer A is held between its data rename and its side-car install while writer B commits the same path.
     * B must wait for A (otherwise A's side-car would land on B's data). B's commit is given a moment to run: with
     * the lock it cannot finish, and the test goes on either way; only the final pairing is asserted.
     */
    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void aCommitsDataAndSidecarStayPaired(Area.Kind kind) throws Exception {
        try (Area a = Area.open(kind); ExecutorService pool = Executors.newFixedThreadPool(2)) {
            CountDownLatch aRenamed = new CountDownLatch(1);
            CountDownLatch releaseA = new CountDownLatch(1);
            PosixPendingWrite wa = (PosixPendingWrite) a.backend.beginWrite(p("/f"), WriteOptions.defaults());
            wa.write(ByteBuffer.wrap(filled((byte) 'A', 10)));
            wa.betweenRenames(() -> {
                aRenamed.countDown();
                try {
                    releaseA.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Future<?> commitA = pool.submit(() -> wa.commit(Map.of("tributary.big", "A".repeat(70_000))));
            aRenamed.await();
            Future<?> commitB = pool.submit(() -> {
                try (PendingWrite wb = a.backend.beginWrite(p("/f"), WriteOptions.defaults())) {
                    wb.write(ByteBuffer.wrap(filled((byte) 'B', 10)));
                    return wb.commit(Map.of("tributary.big", "B".repeat(70_000)));
                }
            });
            try {
                commitB.get(300, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException expected) {
                // B waits for A's lock
            }
            releaseA.countDown();
            commitA.get();
            commitB.get();
            assertArrayEquals(filled((byte) 'B', 10), a.get("/f"));
            assertEquals("B".repeat(70_000), a.backend.attributes(p("/f")).get("tributary.big"));
        }
    }

    @Test
    void diskFullIsInsufficientStorageAndRemovesTheTemporary() throws IOException {
        Configuration small = Configuration.unix().toBuilder().setBlockSize(4096).setMaxSize(256 * 1024).build();
        try (Area a = Area.jimfs(Area.Kind.JIMFS_PLAIN, small, PosixOptions.defaults())) {
            PendingWrite w = a.backend.beginWrite(p("/huge"), WriteOptions.defaults());
            byte[] chunk = new byte[64 * 1024];
            StorageException e = assertThrows(StorageException.class, () -> {
                for (int i = 0; i < 16; i++) w.write(ByteBuffer.wrap(chunk));
            });
            assertEquals(Kind.INSUFFICIENT_STORAGE, e.kind());
            assertFalse(e.getMessage().contains("srv"), "no host path in the message: " + e.getMessage());
            assertEquals(List.of(), a.rawNames("/"));
            w.close();
            // the space is back: a smaller file fits
            a.put("/small", chunk);
            assertEquals(chunk.length, a.backend.stat(p("/small")).orElseThrow().size());
        }
    }

    @Test
    void realFileSystemDurableWriteAndNonDurableWrite() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL)) {
            a.put("/x/durable", HELLO, new WriteOptions(HELLO.length, true, true, true, Map.of()), Map.of());
            a.put("/x/fast", HELLO, new WriteOptions(HELLO.length, true, true, false, Map.of()), Map.of());
            assertArrayEquals(HELLO, Files.readAllBytes(a.host("/x/durable")));
            assertArrayEquals(HELLO, Files.readAllBytes(a.host("/x/fast")));
            EntryInfo info = a.backend.stat(p("/x/durable")).orElseThrow();
            assertTrue(info.isFile());
        }
    }

    @Test
    void longNamesGetShortTemporaries() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL)) {
            String name = "é".repeat(127); // 254 bytes: a legal name, too long to prefix
            a.put("/" + name, HELLO, WriteOptions.defaults(), Map.of("tributary.big", "x".repeat(100_000)));
            assertArrayEquals(HELLO, a.get("/" + name));
            assertEquals("x".repeat(100_000), a.backend.attributes(p("/" + name)).get("tributary.big"));
            assertEquals(List.of(name), a.names("/"));
        }
    }

    static byte[] filled(byte b, int n) {
        byte[] out = new byte[n];
        Arrays.fill(out, b);
        return out;
    }
}
