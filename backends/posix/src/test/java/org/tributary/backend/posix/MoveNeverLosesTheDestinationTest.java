package org.tributary.backend.posix;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.tributary.backend.posix.Area.p;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MOVE with replace (issue 15 item 10): the destination is never absent. A file onto a file is one rename(2); when a
 * collection is on either side the target is renamed aside, the source renamed into place, and the old target deleted
 * only then. A move that fails puts the old target back; a crash leaves what the start-up sweep settles.
 *
 * <p>The failure is a real one: the source is made immutable (chattr +i, the test runs as root on ext4; without that
 * the case is skipped), so rename(2) of it fails with EPERM after the target was set aside. A crash between the two
 * renames cannot be caused inside the test's own JVM: the backend's step hook throws an Error there (nothing in the
 * backend catches it, as nothing runs after a SIGKILL) and a fresh backend on the same root plays the restart.
 */
class MoveNeverLosesTheDestinationTest {

    private static final byte[] OLD = "old acknowledged content\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "new content\n".getBytes(StandardCharsets.UTF_8);

    /** Source kind × destination kind. */
    static Stream<Arguments> kinds() {
        return Stream.of(Arguments.of(false, false), Arguments.of(true, false), Arguments.of(false, true),
                Arguments.of(true, true));
    }

    /** /src and /dst, each a file or a collection holding a file "m"; "dst" holds OLD, "src" NEW. */
    private static void populate(Area a, boolean srcDir, boolean dstDir) throws IOException {
        a.put(srcDir ? "/d/src/m" : "/d/src", NEW);
        a.put(dstDir ? "/d/dst/m" : "/d/dst", OLD);
    }

    private static byte[] content(Area a, String path, boolean dir) throws IOException {
        return a.get(dir ? path + "/m" : path);
    }

    private static void assertNoInternalLeftovers(Area a) throws IOException {
        assertEquals(List.of(), a.rawNames("/d").stream().filter(n -> n.startsWith(".tributary-displaced")).toList());
    }

    @ParameterizedTest(name = "source collection {0}, destination collection {1}")
    @MethodSource("kinds")
    void replaceMovesTheSourceOverTheDestination(boolean srcDir, boolean dstDir) throws IOException {
        for (Area.Kind kind : Area.Kind.values()) {
            try (Area a = Area.open(kind)) {
                populate(a, srcDir, dstDir);
                a.backend.move(p("/d/src"), p("/d/dst"), true);
                assertArrayEquals(NEW, content(a, "/d/dst", srcDir), kind.toString());
                assertFalse(a.backend.stat(p("/d/src")).isPresent());
                assertEquals(srcDir, a.backend.stat(p("/d/dst")).orElseThrow().isDirectory());
                assertNoInternalLeftovers(a);
                assertEquals(0, a.backend.cleanStaleTemporaries(), "nothing for the sweep");
            }
        }
    }

    @ParameterizedTest(name = "source collection {0}, destination collection {1}")
    @MethodSource("kinds")
    void aMoveThatFailsLeavesTheDestinationAsItWas(boolean srcDir, boolean dstDir) throws Exception {
        try (Area a = Area.open(Area.Kind.REAL)) {
            populate(a, srcDir, dstDir);
            Path src = a.host("/d/src");
            assumeTrue(chattr("+i", src), "chattr +i needs root on a file system with inode flags");
            try {
                assertThrows(IOException.class, () -> a.backend.move(p("/d/src"), p("/d/dst"), true));
            } finally {
                chattr("-i", src);
            }
            assertArrayEquals(OLD, content(a, "/d/dst", dstDir));
            assertArrayEquals(NEW, content(a, "/d/src", srcDir));
            assertNoInternalLeftovers(a);
        }
    }

    @ParameterizedTest(name = "source collection {0}, destination collection {1}")
    @MethodSource("kinds")
    void aCrashBeforeTheSourceArrivesLeavesTheOldDestinationAfterRestart(boolean srcDir, boolean dstDir)
            throws IOException {
        crashAt(PosixBackend.MoveStep.DISPLACED, srcDir, dstDir, OLD, dstDir);
    }

    @ParameterizedTest(name = "source collection {0}, destination collection {1}")
    @MethodSource("kinds")
    void aCrashAfterTheSourceArrivedLeavesTheNewDestinationAfterRestart(boolean srcDir, boolean dstDir)
            throws IOException {
        crashAt(PosixBackend.MoveStep.REPLACED, srcDir, dstDir, NEW, srcDir);
    }

    private static void crashAt(PosixBackend.MoveStep step, boolean srcDir, boolean dstDir, byte[] expected,
                                boolean expectedDir) throws IOException {
        if (!srcDir && !dstDir) return;     // one rename(2): no step between, nothing to crash in
        try (Area a = Area.open(Area.Kind.REAL)) {
            populate(a, srcDir, dstDir);
            a.backend.onMoveStep(s -> {
                if (s == step) throw new SimulatedCrash();
            });
            assertThrows(SimulatedCrash.class, () -> a.backend.move(p("/d/src"), p("/d/dst"), true));
            try (var aside = Files.list(a.host("/d"))) {
                // an upload that was running inside the displaced collection when the process died
                Path displaced = aside.filter(x -> x.getFileName().toString().startsWith(".tributary-displaced"))
                        .findFirst().orElseThrow();
                if (Files.isDirectory(displaced)) Files.write(displaced.resolve(".tributary-tmp-cut-1"), OLD);
            }
            try (PosixBackend restarted = PosixBackend.open(a.root)) {
                assertTrue(restarted.cleanStaleTemporaries() > 0, "the sweep settles the displaced target");
                assertEquals(expectedDir, restarted.stat(p("/d/dst")).orElseThrow().isDirectory());
            }
            assertArrayEquals(expected, content(a, "/d/dst", expectedDir));
            assertNoInternalLeftovers(a);
            if (expectedDir) assertEquals(List.of(), a.rawNames("/d/dst").stream().filter(n -> n.startsWith(".tributary-tmp")).toList(),
                    "the sweep went through the collection it put back");
        }
    }

    /** What a SIGKILL is to the backend: nothing after it runs. */
    private static final class SimulatedCrash extends Error { }

    private static boolean chattr(String flag, Path p) {
        try {
            Process proc = new ProcessBuilder("chattr", flag, p.toString()).redirectErrorStream(true).start();
            proc.getInputStream().readAllBytes();
            return proc.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
