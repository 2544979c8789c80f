package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tributary.gateway.TestGateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * MOVE with Overwrite: T onto an existing file or collection (issue 15 item 10): the destination is replaced by the
 * backend in one step (a rename, or rename aside + rename + delete for collections), never deleted first, so a move
 * that fails leaves the destination's acknowledged content. The failure is real: the source is made immutable with
 * chattr +i (root on ext4; skipped elsewhere), so the rename of it fails after every check passed.
 */
class MoveOverwriteKeepsTheDestinationTest {

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.in(dir).area("data").area("other").start();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    /** A file, or a collection holding the file "m", with the given content. */
    private static void make(String path, boolean collection, String content) {
        assertEquals(201, gw.put(collection ? path + "/m" : path, content).statusCode());
    }

    private static String read(String path, boolean collection) {
        var r = gw.get(collection ? path + "/m" : path);
        assertEquals(200, r.statusCode(), path);
        return TestGateway.text(r);
    }

    @ParameterizedTest(name = "source collection {0}, destination collection {1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void moveOverwritesTheDestination(boolean srcDir, boolean dstDir) {
        String base = "/data/ok-" + srcDir + "-" + dstDir;
        make(base + "/src", srcDir, "new");
        make(base + "/dst", dstDir, "old");
        assertEquals(204, gw.copyOrMove("MOVE", base + "/src", base + "/dst", "Overwrite", "T").statusCode());
        assertEquals("new", read(base + "/dst", srcDir));
        assertEquals(404, gw.head(base + "/src").statusCode());
        assertEquals(java.util.List.of("dst"), TestGateway.names(gw.root().resolve(base.substring(6))),
                "nothing left aside");
    }

    @ParameterizedTest(name = "source collection {0}, destination collection {1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void aMoveThatFailsLeavesTheDestination(boolean srcDir, boolean dstDir) throws Exception {
        String base = "/data/fail-" + srcDir + "-" + dstDir;
        make(base + "/src", srcDir, "new");
        make(base + "/dst", dstDir, "old");
        Path src = gw.root().resolve(base.substring(6)).resolve("src");
        assumeTrue(chattr("+i", src), "chattr +i needs root on a file system with inode flags");
        try {
            int status = gw.copyOrMove("MOVE", base + "/src", base + "/dst", "Overwrite", "T").statusCode();
            assertFalse(status / 100 == 2, "the move cannot have succeeded: " + status);
        } finally {
            chattr("-i", src);
        }
        assertEquals("old", read(base + "/dst", dstDir), "the destination's acknowledged content");
        assertEquals("new", read(base + "/src", srcDir));
    }

    @ParameterizedTest(name = "source collection {0}")
    @CsvSource({"false", "true"})
    void moveAcrossAreasOntoAFileReplacesIt(boolean srcDir) {
        make("/data/x-" + srcDir, srcDir, "new");
        make("/other/x-" + srcDir, false, "old");
        assertEquals(204, gw.copyOrMove("MOVE", "/data/x-" + srcDir, "/other/x-" + srcDir).statusCode());
        assertEquals("new", read("/other/x-" + srcDir, srcDir));
        assertEquals(404, gw.head("/data/x-" + srcDir).statusCode());
    }

    static boolean chattr(String flag, Path p) {
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
