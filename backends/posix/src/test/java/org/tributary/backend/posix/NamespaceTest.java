package org.tributary.backend.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.posix.Area.p;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Locality;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.SpaceUsage;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;

/** stat, openRead, createDirectory, delete, move, space, capabilities. */
class NamespaceTest {

    private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);

    private static Kind kindOf(PosixWriteTest.Executable e) {
        return assertThrows(StorageException.class, e::run).kind();
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void statOfFilesDirectoriesAndTheRoot(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            EntryInfo root = a.backend.stat(p("/")).orElseThrow();
            assertTrue(root.isDirectory());
            assertEquals(Locality.DISK, root.locality());
            a.put("/d/f", HELLO);
            EntryInfo f = a.backend.stat(p("/d/f")).orElseThrow();
            assertTrue(f.isFile());
            assertEquals(HELLO.length, f.size());
            assertEquals(p("/d/f"), f.path());
            assertEquals(Locality.DISK, f.locality());
            assertTrue(f.changeStamp().startsWith(HELLO.length + "-"), f.changeStamp());
            EntryInfo d = a.backend.stat(p("/d")).orElseThrow();
            assertTrue(d.isDirectory());
            assertEquals(0, d.size());
            assertTrue(a.backend.stat(p("/missing")).isEmpty());
            assertTrue(a.backend.stat(p("/d/f/below-a-file")).isEmpty());
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void changeStampFollowsContentChangesBehindTheGatewaysBack(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/f", HELLO);
            String before = a.backend.stat(p("/f")).orElseThrow().changeStamp();
            Files.write(a.host("/f"), "more".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
            assertNotEquals(before, a.backend.stat(p("/f")).orElseThrow().changeStamp());
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void rangesAreReadWithoutSharingAPosition(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            byte[] data = new byte[100_000];
            for (int i = 0; i < data.length; i++) data[i] = (byte) (i % 251);
            a.put("/f", data);
            try (ReadHandle h = a.backend.openRead(p("/f"))) {
                assertEquals(data.length, h.info().size());
                InputStream first = h.stream(10, 1000);
                InputStream second = h.stream(50_000, 20);
                assertEquals(data[10], (byte) first.read());
                assertArrayEquals(Arrays.copyOfRange(data, 50_000, 50_020), second.readAllBytes());
                assertArrayEquals(Arrays.copyOfRange(data, 11, 1010), first.readAllBytes());
                assertEquals(-1, first.read());
                assertArrayEquals(Arrays.copyOfRange(data, 99_990, 100_000), h.stream(99_990, 500).readAllBytes(),
                        "a range past the end stops at the end");
                assertEquals(0, h.stream(200_000, 10).readAllBytes().length);
                assertEquals(0, h.stream(0, 0).readAllBytes().length);
                InputStream skipping = h.stream(0, 100);
                assertEquals(40, skipping.skip(40));
                assertEquals(data[40], (byte) skipping.read());
                skipping.close();
                assertThrows(IOException.class, skipping::read);
                assertThrows(IllegalArgumentException.class, () -> h.stream(-1, 5));

                FileChannel ch = h.fileChannel().orElseThrow();
                ByteBuffer buf = ByteBuffer.allocate(5);
                ch.read(buf, 7);
                assertArrayEquals(Arrays.copyOfRange(data, 7, 12), buf.array());
                assertTrue(ch.isOpen(), "closing streams does not close the channel");
                h.close();
                assertFalse(ch.isOpen(), "the handle owns the channel");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void openReadRefusesDirectoriesAndMissingFiles(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.backend.createDirectory(p("/d"));
            assertEquals(Kind.CONFLICT, kindOf(() -> a.backend.openRead(p("/d"))));
            assertEquals(Kind.CONFLICT, kindOf(() -> a.backend.openRead(p("/"))));
            StorageException e = assertThrows(StorageException.class, () -> a.backend.openRead(p("/d/nope")));
            assertEquals(Kind.NOT_FOUND, e.kind());
            assertEquals("no such file or collection: /d/nope", e.getMessage());
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void aHandleKeepsReadingTheVersionItOpened(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/f", HELLO);
            try (ReadHandle h = a.backend.openRead(p("/f"))) {
                a.put("/f", "replaced with something longer".getBytes(StandardCharsets.UTF_8));
                assertArrayEquals(HELLO, h.stream(0, 1000).readAllBytes());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void createDirectoryCases(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.backend.createDirectory(p("/d"));
            assertTrue(a.backend.stat(p("/d")).orElseThrow().isDirectory());
            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> a.backend.createDirectory(p("/d"))));
            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> a.backend.createDirectory(p("/"))));
            assertEquals(Kind.PARENT_MISSING, kindOf(() -> a.backend.createDirectory(p("/x/y"))));
            a.put("/f", HELLO);
            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> a.backend.createDirectory(p("/f"))));
            assertEquals(Kind.CONFLICT, kindOf(() -> a.backend.createDirectory(p("/f/sub"))));
            assertEquals(Kind.CONFLICT, kindOf(() -> a.backend.createDirectory(p("/f/sub/deeper"))));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void deleteCases(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/d/f", HELLO);
            assertEquals(Kind.CONFLICT, kindOf(() -> a.backend.delete(p("/d"))));
            assertEquals(Kind.NOT_FOUND, kindOf(() -> a.backend.delete(p("/d/nope"))));
            assertEquals(Kind.FORBIDDEN, kindOf(() -> a.backend.delete(p("/"))));
            a.backend.delete(p("/d/f"));
            assertTrue(a.backend.stat(p("/d/f")).isEmpty());
            // only internal files left (a stale temporary, a side-car): empty for the client
            Files.write(a.host("/d").resolve(".tributary-tmp-x-1"), HELLO);
            Files.write(a.host("/d").resolve(".tributary-meta"), HELLO);
            a.backend.delete(p("/d"));
            assertTrue(a.backend.stat(p("/d")).isEmpty());
            assertEquals(List.of(), a.rawNames("/"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void moveFilesAndTrees(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/src/one", HELLO);
            a.put("/src/sub/two", HELLO);
            a.backend.move(p("/src"), p("/dst"), false);
            assertTrue(a.backend.stat(p("/src")).isEmpty());
            assertArrayEquals(HELLO, a.get("/dst/sub/two"));

            a.put("/other", "other".getBytes(StandardCharsets.UTF_8));
            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> a.backend.move(p("/dst/one"), p("/other"), false)));
            a.backend.move(p("/dst/one"), p("/other"), true);
            assertArrayEquals(HELLO, a.get("/other"));
            assertTrue(a.backend.stat(p("/dst/one")).isEmpty());

            a.backend.createDirectory(p("/empty"));
            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> a.backend.move(p("/dst"), p("/empty"), false)));
            assertTrue(a.backend.stat(p("/empty")).orElseThrow().isDirectory(), "a refused move changes nothing");
            // with replace, a collection is replaced too (MoveNeverLosesTheDestinationTest: never absent meanwhile)
            a.backend.move(p("/other"), p("/empty"), true);
            assertTrue(a.backend.stat(p("/empty")).orElseThrow().isFile());
            a.backend.move(p("/empty"), p("/other"), false);

            // a tree over a file, with replace: the file goes
            a.backend.move(p("/dst"), p("/other"), true);
            assertArrayEquals(HELLO, a.get("/other/sub/two"));

            assertEquals(Kind.NOT_FOUND, kindOf(() -> a.backend.move(p("/nope"), p("/x"), false)));
            assertEquals(Kind.PARENT_MISSING, kindOf(() -> a.backend.move(p("/other"), p("/no/where"), false)));
            assertEquals(Kind.CONFLICT, kindOf(() -> a.backend.move(p("/other"), p("/other/sub/inside"), false)));
            assertEquals(Kind.CONFLICT, kindOf(() -> a.backend.move(p("/other"), p("/other"), true)));
            assertEquals(Kind.FORBIDDEN, kindOf(() -> a.backend.move(p("/"), p("/x"), false)));
            assertEquals(Kind.CONFLICT, kindOf(() -> a.backend.move(p("/other"), p("/"), true)));
            a.put("/file", HELLO);
            assertEquals(Kind.CONFLICT, kindOf(() -> a.backend.move(p("/other"), p("/file/x"), false)));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void spaceIsReported(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            SpaceUsage s = a.backend.space();
            assertTrue(s.usedBytes() >= 0, s.toString());
            assertTrue(s.availableBytes() > 0, s.toString());
        }
    }

    @Test
    void messagesNameAreaPathsNotHostPaths() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL)) {
            String hostRoot = a.backend.root().toString();
            a.put("/d/f", HELLO);
            List<PosixWriteTest.Executable> failing = List.of(
                    () -> a.backend.delete(p("/d")),
                    () -> a.backend.openRead(p("/d")),
                    () -> a.backend.createDirectory(p("/d")),
                    () -> a.backend.createDirectory(p("/q/r")),
                    () -> a.backend.move(p("/d/f"), p("/zz/f"), false),
                    () -> a.backend.list(p("/d/f")),
                    () -> a.backend.beginWrite(p("/d/f/x"), WriteOptions.defaults()),
                    () -> a.backend.beginWrite(p("/d/f"), new WriteOptions(-1, false, true, true, Map.of())));
            for (PosixWriteTest.Executable e : failing) {
                StorageException se = assertThrows(StorageException.class, e::run);
                assertFalse(se.getMessage().contains(hostRoot), se.getMessage());
                assertFalse(se.getMessage().contains("\n"), se.getMessage());
            }
        }
    }
}
