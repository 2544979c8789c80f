package org.tributary.backend.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.posix.Area.p;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Listing;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;

class ListingTest {

    private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void listingHidesInternalFiles(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/d/file", HELLO, WriteOptions.defaults(), Map.of("tributary.big", "b".repeat(100_000)));
            a.backend.createDirectory(p("/d/sub"));
            a.backend.updateAttributes(p("/d/sub"), Map.of("tributary.k", "v".repeat(100_000)), Map.<String, String>of().keySet());
            try (PendingWrite w = a.backend.beginWrite(p("/d/in-flight"), WriteOptions.defaults())) {
                w.write(ByteBuffer.wrap(HELLO));
                Files.write(a.host("/d").resolve(".tributary-anything"), HELLO);
                assertTrue(a.rawNames("/d").size() > 3, a.rawNames("/d").toString());
                try (Listing l = a.backend.list(p("/d"))) {
                    int n = 0;
                    for (EntryInfo e : l) {
                        assertFalse(e.path().name().startsWith(".tributary"), e.toString());
                        assertEquals(p("/d").child(e.path().name()), e.path());
                        if (e.path().name().equals("file")) {
                            assertTrue(e.isFile());
                            assertEquals(HELLO.length, e.size());
                            assertEquals(a.backend.stat(p("/d/file")).orElseThrow(), e);
                        } else {
                            assertTrue(e.isDirectory());
                        }
                        n++;
                    }
                    assertEquals(2, n);
                }
                assertEquals(List.of(), a.names("/d/sub"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void listingErrors(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/f", HELLO);
            assertEquals(Kind.NOT_FOUND, assertThrows(StorageException.class, () -> a.backend.list(p("/nope"))).kind());
            assertEquals(Kind.CONFLICT, assertThrows(StorageException.class, () -> a.backend.list(p("/f"))).kind());
            try (Listing l = a.backend.list(p("/"))) {
                l.iterator();
                assertThrows(IllegalStateException.class, l::iterator, "one pass only");
            }
        }
    }

    @Test
    void namesNoAreaPathCanCarryAreSkipped() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL)) {
            Files.write(a.host("/").resolve("back\\slash"), HELLO);
            Files.write(a.host("/").resolve("tab\there"), HELLO);
            Files.write(a.host("/").resolve("fine"), HELLO);
            assertEquals(List.of("fine"), a.names("/"));
        }
    }

    /** 20,000 entries: every one comes back exactly once, counted as they stream by, nothing collected. */
    @Test
    void aLargeDirectoryIteratesCompletely() throws IOException {
        int n = 20_000;
        try (Area a = Area.open(Area.Kind.REAL)) {
            Path dir = a.host("/").resolve("big");
            Files.createDirectory(dir);
            for (int i = 0; i < n; i++) Files.createFile(dir.resolve(String.format("f%05d", i)));
            Files.createFile(dir.resolve(".tributary-tmp-f00000-1"));
            BitSet seen = new BitSet(n);
            int count = 0;
            try (Listing l = a.backend.list(p("/big"))) {
                for (EntryInfo e : l) {
                    int i = Integer.parseInt(e.path().name().substring(1));
                    assertFalse(seen.get(i), "twice: " + e.path());
                    seen.set(i);
                    count++;
                }
            }
            assertEquals(n, count);
            assertEquals(n, seen.cardinality());
        }
    }

    /**
     * Proves the listing is lazy: entries deleted after the first one was returned are never reported, because
     * each child is looked at only when the iteration reaches it. A listing that read everything up front would
     * still return all of them.
     */
    @Test
    void entriesAreStatedOnlyWhenReached() throws IOException {
        int n = 2_000;
        try (Area a = Area.open(Area.Kind.REAL)) {
            Path dir = a.host("/").resolve("lazy");
            Files.createDirectory(dir);
            for (int i = 0; i < n; i++) Files.write(dir.resolve("f" + i), HELLO);
            try (Listing l = a.backend.list(p("/lazy"))) {
                Iterator<EntryInfo> it = l.iterator();
                EntryInfo first = it.next();
                try (var s = Files.list(dir)) {
                    for (Path x : s.toList()) {
                        if (!x.getFileName().toString().equals(first.path().name())) Files.delete(x);
                    }
                }
                int rest = 0;
                while (it.hasNext()) {
                    it.next();
                    rest++;
                }
                assertTrue(rest <= 1, "entries deleted before they were reached must not be listed, got " + rest);
            }
        }
    }
}
