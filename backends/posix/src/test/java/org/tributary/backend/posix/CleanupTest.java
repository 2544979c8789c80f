package org.tributary.backend.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.posix.Area.p;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tributary.backend.WriteOptions;

class CleanupTest {

    private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void startUpSweepRemovesTemporariesEverywhere(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/keep", HELLO);
            a.put("/d/e/keep", HELLO, WriteOptions.defaults(), Map.of("tributary.big", "x".repeat(100_000)));
            Path root = a.host("/");
            Files.write(root.resolve(".tributary-tmp-crashed-1234"), HELLO);
            Files.write(a.host("/d/e").resolve(".tributary-tmp-keep-99"), HELLO);
            Files.write(a.host("/d").resolve(".tributary-tmp-meta-5"), HELLO);
            assertEquals(3, a.backend.cleanStaleTemporaries());
            assertEquals(List.of("d", "keep"), a.rawNames("/"));
            assertEquals(List.of(".tributary-meta-keep", "keep"), a.rawNames("/d/e"), "live side-cars stay");
            assertEquals(0, a.backend.cleanStaleTemporaries());
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void orphanedSidecarsAreRemoved(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/f", HELLO, WriteOptions.defaults(), Map.of("tributary.big", "x".repeat(100_000)));
            a.put("/g", HELLO, WriteOptions.defaults(), Map.of("tributary.big", "y".repeat(100_000)));
            a.backend.createDirectory(p("/dir"));
            Files.delete(a.host("/f"));                       // deleted behind the gateway's back
            Files.write(a.host("/").resolve(".tributary-meta-dir"), HELLO); // a file side-car beside a directory
            Files.write(a.host("/").resolve(".tributary-metah-0123"), HELLO); // hashed, corrupt
            assertEquals(3, a.backend.cleanStaleTemporaries());
            assertEquals(List.of(".tributary-meta-g", "dir", "g"), a.rawNames("/"));

            // a new file named f does not inherit the old f's attributes
            Files.write(a.host("/f"), HELLO);
            assertEquals(Map.of(), a.backend.attributes(p("/f")));
        }
    }

    @Test
    void aMinimumAgeSparesRecentTemporaries() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL, PosixOptions.defaults().withStaleTemporaryAge(Duration.ofHours(1)))) {
            Path root = a.host("/");
            Path old = Files.write(root.resolve(".tributary-tmp-old-1"), HELLO);
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
            Path recent = Files.write(root.resolve(".tributary-tmp-recent-2"), HELLO);
            assertEquals(1, a.backend.cleanStaleTemporaries());
            assertTrue(Files.exists(recent));
            assertEquals(List.of(".tributary-tmp-recent-2"), a.rawNames("/"));
        }
    }

    @Test
    void theSweepDoesNotFollowLinksOutOfTheRoot() throws IOException {
        Path outside = Files.createTempDirectory("tributary-outside");
        try (Area a = Area.open(Area.Kind.REAL)) {
            Path foreign = Files.write(outside.resolve(".tributary-tmp-not-ours-1"), HELLO);
            Files.createSymbolicLink(a.host("/").resolve("link"), outside);
            assertEquals(0, a.backend.cleanStaleTemporaries());
            assertTrue(Files.exists(foreign));
        } finally {
            Area.deleteTree(outside);
        }
    }

    @Test
    void openingCreatesTheRootAndLeavesNoProbeBehind() throws IOException {
        try (Area a = Area.open(Area.Kind.REAL)) {
            assertTrue(Files.isDirectory(a.root));
            assertEquals(List.of(), a.rawNames("/"));
        }
    }
}
