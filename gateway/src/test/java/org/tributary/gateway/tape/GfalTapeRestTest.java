package org.tributary.gateway.tape;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.Locality;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real client: gfal2's Tape REST plugin (gfal-bringonline, gfal-archivepoll, gfal-evict, gfal-xattr user.status)
 * against the gateway, over plain HTTP on loopback. Skipped when gfal2-util is not installed (bin/install-test-deps
 * installs it). The tape area is a real tape-sim area ({@link TapeGateway}): files reach tape by migration and leave the
 * disk by a release; an unreadable cartridge is caused for real by removing its file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GfalTapeRestTest {

    @TempDir
    static Path dir;
    TapeGateway gw;

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/gfal-bringonline")),
                "gfal2-util is not installed; bin/install-test-deps installs it");
        gw = TapeGateway.start(dir);
    }

    @AfterAll
    void stop() throws Exception {
        if (gw != null) gw.close();
    }

    record Run(int exit, String output) { }

    Run gfal(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(args));
        Path out = Files.createTempFile(dir, "gfal", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("GFAL_PYTHONBIN", "/usr/bin/python3");
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in 120 s: " + Files.readString(out));
        }
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        return r;
    }

    String url(String path) { return gw.base() + path; }

    @Test
    void bringonlineOfAFileOnDisk() throws Exception {
        gw.diskFile("g1");
        Run r = gfal("gfal-bringonline", "--polling-timeout", "60", url("/tape/g1"));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains(url("/tape/g1") + " READY"), r.output());
    }

    @Test
    void bringonlineWaitsForTheRecall() throws Exception {
        AreaPath p = gw.putOnTape("g2");
        Run r = gfal("gfal-bringonline", "--pin-lifetime", "3600", "--polling-timeout", "60", url("/tape/g2"));
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains(url("/tape/g2") + " READY"), r.output());
        assertEquals(Locality.DISK_AND_TAPE, gw.locality(p), "recalled from tape");
    }

    @Test
    void archivepollAndUserStatus() throws Exception {
        gw.putOnTape("g3");
        gw.diskFile("g4");
        Run online = gfal("gfal-xattr", url("/tape/g4"), "user.status");
        assertTrue(online.output().contains("ONLINE"), online.output());
        Run nearline = gfal("gfal-xattr", url("/tape/g3"), "user.status");
        assertTrue(nearline.output().contains("NEARLINE"), nearline.output());
        // archivepoll: READY once the file is on tape (TAPE or DISK_AND_TAPE in archiveinfo)
        Run archived = gfal("gfal-archivepoll", url("/tape/g3"));
        assertTrue(archived.output().contains(url("/tape/g3") + " READY"), archived.output());
        Run diskOnly = gfal("gfal-archivepoll", url("/tape/g4"));
        assertTrue(diskOnly.output().contains(url("/tape/g4") + " QUEUED"), diskOnly.output());
    }

    @Test
    void evictReleasesThePins() throws Exception {
        gw.diskFile("g5");
        gw.stage("/tape/g5");
        Run r = gfal("gfal-evict", url("/tape/g5"));
        assertEquals(0, r.exit(), r.output());
        assertTrue(gw.pinHolders(AreaPath.parse("/g5")).isEmpty(), "gfal-evict released the pin");
    }

    @Test
    void aFailedRecallFailsBringonline() throws Exception {
        AreaPath p = gw.putOnTape("g6");
        String cartridge = gw.removeCartridgeOf(p);
        Run r = gfal("gfal-bringonline", "--polling-timeout", "60", url("/tape/g6"));
        assertTrue(r.output().contains(url("/tape/g6") + " => FAILED")
                && r.output().contains("cartridge " + cartridge + " cannot be read"), r.output());
    }
}
