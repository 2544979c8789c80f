package org.tributary.backend.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tributary.backend.tape.PlacementTest.kindOf;
import static org.tributary.backend.tape.TapeArea.p;

import org.junit.jupiter.api.Test;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Locality;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.placement.Placement;
import org.tributary.backend.placement.PlacementControl;
import org.tributary.backend.placement.PlacementTarget;
import org.tributary.backend.placement.SharedCopy;
import org.tributary.backend.staging.StageProgress.State;
import org.tributary.backend.tape.catalogue.FileRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * SharedCopy on a tape area (issue 13): a hard link in the buffer and a catalogue row that reuses the tape copy. A
 * file on tape is on tape under its new name at once and is not written to tape again; the two names are independent
 * afterwards (eviction, recall, delete and placement of one leave the other as it was).
 */
class SharedCopyTest {

    private static final WriteOptions OPTIONS = WriteOptions.defaults();

    private static TapeArea area() throws Exception {
        return TapeArea.create(o -> o.withEvictOnRelease(true)).open();
    }

    private static EntryInfo share(TapeArea a, String from, String to, WriteOptions options) throws Exception {
        return a.backend.feature(SharedCopy.class).orElseThrow().share(p(from), p(to), options);
    }

    private Path host(TapeArea a, String path) {
        return a.options.buffer().resolve(path.substring(1));
    }

    private static void stageAndAwait(TapeArea a, String path) throws Exception {
        a.backend.stage("r1", List.of(p(path)), a.clock.instant().plus(Duration.ofHours(1)));
        a.awaitState("r1", path, State.ON_DISK);
    }

    @Test
    void aSharedCopyOfAFileOnTapeIsOnTapeAtOnceAndIsNotWrittenToTapeAgain() throws Exception {
        try (TapeArea a = area()) {
            byte[] content = TapeArea.bytes(50_000, 1);
            a.put("/fast/f", content);
            a.evict("/fast/f");
            FileRecord source = a.record("/fast/f");
            long cartridgeBytes = Files.size(a.cartridge(source.cartridge().orElseThrow()));

            EntryInfo e = share(a, "/fast/f", "/cheap/f", OPTIONS);

            assertEquals(Locality.TAPE, e.locality());
            assertEquals(content.length, e.size());
            assertEquals(a.backend.stat(p("/fast/f")).orElseThrow().changeStamp(), e.changeStamp());
            FileRecord copy = a.record("/cheap/f");
            assertEquals(source.cartridge(), copy.cartridge());
            assertEquals(source.position(), copy.position());
            a.put("/later", TapeArea.bytes(10, 2));
            a.awaitMigrated("/later"); // a migration round after the share
            assertEquals(cartridgeBytes + 10, Files.size(a.cartridge(source.cartridge().orElseThrow())),
                    "only the later file was written to tape");
            stageAndAwait(a, "/cheap/f");
            assertArrayEquals(content, a.read("/cheap/f"));
        }
    }

    @Test
    void aPairSharedBeforeItsMigrationIsWrittenToTapeOnce() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withMigration(Duration.ofHours(1), 0, Duration.ZERO)).open()) {
            byte[] content = TapeArea.bytes(30_000, 9);
            a.put("/a", content);
            share(a, "/a", "/b", OPTIONS);
            share(a, "/b", "/c", OPTIONS);
            a.clock.advance(Duration.ofHours(2));
            for (String f : List.of("/a", "/b", "/c")) a.awaitMigrated(f);
            FileRecord first = a.record("/a");
            for (String f : List.of("/b", "/c")) {
                assertEquals(first.cartridge(), a.record(f).cartridge());
                assertEquals(first.position(), a.record(f).position());
            }
            assertEquals(content.length, Files.size(a.cartridge(first.cartridge().orElseThrow())), "written once");
        }
    }

    @Test
    void evictingOneNameLeavesTheOtherItsBytes() throws Exception {
        try (TapeArea a = area()) {
            byte[] content = TapeArea.bytes(20_000, 3);
            a.put("/a", content);
            a.awaitMigrated("/a");
            share(a, "/a", "/b", OPTIONS);
            assertEquals(Locality.DISK_AND_TAPE, a.locality("/b"));

            a.evict("/a");
            assertEquals(Locality.TAPE, a.locality("/a"));
            assertEquals(0, Files.size(host(a, "/a")), "/a's name is a stub now");
            assertEquals(Locality.DISK_AND_TAPE, a.locality("/b"));
            assertArrayEquals(content, a.read("/b"));
        }
    }

    @Test
    void theBufferCountsASharedFileOnce() throws Exception {
        try (TapeArea a = area()) {
            a.put("/a", TapeArea.bytes(2000, 3));
            a.awaitMigrated("/a");
            share(a, "/a", "/b", OPTIONS);
            share(a, "/b", "/c", OPTIONS);
            assertEquals(2000, a.backend.space().usedBytes(), "three names, one buffer file");
            a.evict("/a");
            assertEquals(2000, a.backend.space().usedBytes(), "evicting one name frees nothing: the others hold it");
            a.backend.delete(p("/b"));
            a.backend.delete(p("/c"));
            assertEquals(0, a.backend.space().usedBytes());
            a.put("/c", TapeArea.bytes(500, 4));
            assertEquals(500, a.backend.space().usedBytes(), "a new version is a file of its own");
        }
    }

    @Test
    void recallingOneNameLeavesTheOtherAStub() throws Exception {
        try (TapeArea a = area()) {
            byte[] content = TapeArea.bytes(20_000, 4);
            a.put("/a", content);
            a.evict("/a");
            share(a, "/a", "/b", OPTIONS); // two names of one empty stub

            stageAndAwait(a, "/a");
            assertArrayEquals(content, a.read("/a"));
            assertEquals(Locality.TAPE, a.locality("/b"));
            assertEquals(0, Files.size(host(a, "/b")));
            stageAndAwait(a, "/b");
            assertArrayEquals(content, a.read("/b"));
        }
    }

    @Test
    void deletingTheSourceLeavesTheTargetReadable() throws Exception {
        try (TapeArea a = area()) {
            byte[] content = TapeArea.bytes(30_000, 5);
            a.put("/a", content);
            a.evict("/a");
            share(a, "/a", "/b", OPTIONS);
            a.backend.delete(p("/a"));
            stageAndAwait(a, "/b");
            assertArrayEquals(content, a.read("/b"));
        }
    }

    @Test
    void storedAttributesComeAlongWithXattrsAndWithSideCars() throws Exception {
        for (boolean xattrs : new boolean[] {true, false}) {
            try (TapeArea a = TapeArea.create(o -> o)) {
                a.bufferOptions = a.bufferOptions.withXattrs(xattrs);
                a.open();
                Map<String, String> attributes = Map.of("tributary.checksum.adler32", "0badcafe", "big", "x".repeat(9000));
                TapeArea.put(a.backend, "/a", TapeArea.bytes(100, 6), attributes);
                a.put("/b", TapeArea.bytes(10, 7));
                a.backend.updateAttributes(p("/b"), Map.of("old", "1"), java.util.Set.of());

                share(a, "/a", "/b", OPTIONS);

                assertEquals(attributes, a.backend.attributes(p("/b")), "xattrs " + xattrs);
                assertEquals(attributes, a.backend.attributes(p("/a")), "xattrs " + xattrs);
            }
        }
    }

    @Test
    void placementsOfTheTwoNamesAreIndependent() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withMigration(Duration.ofHours(1), 0, Duration.ZERO)).open()) {
            PlacementControl placement = a.backend.feature(PlacementControl.class).orElseThrow();
            a.put("/fast/f", TapeArea.bytes(4000, 8));
            placement.place(p("/fast/f"), PlacementTarget.of(Placement.DISK));
            share(a, "/fast/f", "/cheap/f", OPTIONS);
            placement.place(p("/cheap/f"), PlacementTarget.of(Placement.TAPE));
            a.awaitEvicted("/cheap/f");
            assertEquals(PlacementTarget.of(Placement.DISK), placement.target(p("/fast/f")));
            assertEquals(Locality.DISK_AND_TAPE, a.locality("/fast/f"),
                    "still on disk; the tape copy its twin's migration wrote is its too (harmless for DISK)");
            assertArrayEquals(TapeArea.bytes(4000, 8), a.read("/fast/f"));
            assertEquals(4000, a.backend.space().usedBytes(), "the DISK name has the buffer file to itself now");
        }
    }

    @Test
    void aReplacedTargetKeepsItsPlacement() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withMigration(Duration.ofHours(1), 0, Duration.ZERO)).open()) {
            PlacementControl placement = a.backend.feature(PlacementControl.class).orElseThrow();
            a.put("/a", TapeArea.bytes(100, 1));
            a.put("/b", TapeArea.bytes(200, 2));
            placement.place(p("/b"), PlacementTarget.of(Placement.DISK));
            share(a, "/a", "/b", OPTIONS);
            assertArrayEquals(TapeArea.bytes(100, 1), a.read("/b"));
            assertEquals(PlacementTarget.of(Placement.DISK), placement.target(p("/b")), "a new write of the path");
        }
    }

    @Test
    void optionsAndBadRequests() throws Exception {
        try (TapeArea a = area()) {
            a.put("/a", TapeArea.bytes(100, 1));
            a.put("/b", TapeArea.bytes(100, 2));
            a.backend.createDirectory(p("/dir"));
            WriteOptions noOverwrite = new WriteOptions(-1, false, true, true, Map.of());
            WriteOptions noParents = new WriteOptions(-1, true, false, true, Map.of());

            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> share(a, "/a", "/b", noOverwrite)));
            assertEquals(Kind.PARENT_MISSING, kindOf(() -> share(a, "/a", "/x/y/c", noParents)));
            assertEquals(Kind.NOT_FOUND, kindOf(() -> share(a, "/nothing", "/c", OPTIONS)));
            assertEquals(Kind.CONFLICT, kindOf(() -> share(a, "/dir", "/c", OPTIONS)));
            assertEquals(Kind.CONFLICT, kindOf(() -> share(a, "/a", "/dir", OPTIONS)));
            assertEquals(Kind.CONFLICT, kindOf(() -> share(a, "/a", "/a", OPTIONS)));
            assertEquals(Kind.CONFLICT, kindOf(() -> share(a, "/a", "/b/c", OPTIONS)));
            assertArrayEquals(TapeArea.bytes(100, 2), a.read("/b"), "nothing refused changed anything");

            share(a, "/a", "/x/y/c", OPTIONS);
            assertArrayEquals(TapeArea.bytes(100, 1), a.read("/x/y/c"));
            share(a, "/a", "/new", noOverwrite);
            assertArrayEquals(TapeArea.bytes(100, 1), a.read("/new"));
        }
    }
}
