package org.tributary.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.qos.AreaClasses;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `tributary qos explain PATH`: the class, its reason, whether it holds, and the next change with its date. */
class QosExplainTest {

    @TempDir
    Path dir;

    Path config(String backend) throws Exception {
        Path c = dir.resolve("qos.yaml");
        Files.writeString(c, """
                server: {bind: 127.0.0.1, http: {port: 8080}}
                tape-rest: {enabled: false}
                storage-areas:
                  - name: km3net
                    access-points: [/km3net]
                    backend: %s
                    qos:
                      classes:
                        - {name: FAST, placement: disk, access-point: /km3net/fast}
                        - {name: SAFE, placement: disk, access-point: /km3net/safe}
                      rules:
                        - {path: /fast, then: [{after: 24h, class: SAFE}]}
                """.formatted(backend));
        return c;
    }

    Path posix() throws Exception {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("fast"));
        Files.createDirectories(root.resolve("safe"));
        return config("{type: posix, root: \"" + root + "\"}");
    }

    @Test
    void aFileInAClassDirectoryWithARuleStep() throws Exception {
        Path c = posix();
        Path f = dir.resolve("root/fast/run1");
        Files.writeString(f, "x");
        Instant modified = Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Files.setLastModifiedTime(f, FileTime.from(modified));
        TokenCommandsTest.Run r = TokenCommandsTest.run("qos", "explain", "--config", c.toString(), "/km3net/fast/run1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("path: /km3net/fast/run1 → class view 'km3net.fast' of storage area 'km3net',"
                + " /fast/run1 in its storage"), r.out());
        assertTrue(r.out().contains("class: FAST (placement disk)\n  because: it is in /fast, the directory of class"
                + " FAST\nplacement holds: yes"), r.out());
        assertTrue(r.out().contains("time rule: /fast: after 24h SAFE (counted from the modification time)"), r.out());
        assertTrue(r.out().contains("next change: SAFE at " + modified.plus(Duration.ofHours(24)) + " (modified "
                + modified + " + 24h)"), r.out());
    }

    @Test
    void aChangeAskedForShowsAsSuch() throws Exception {
        Path c = posix();
        Files.writeString(dir.resolve("root/fast/run2"), "x");
        try (PosixBackend b = PosixBackend.open(dir.resolve("root"))) {
            b.updateAttributes(AreaPath.parse("/fast/run2"), Map.of(AreaClasses.OVERRIDE_KEY, "SAFE"), Set.of());
        }
        TokenCommandsTest.Run r = TokenCommandsTest.run("qos", "explain", "--config", c.toString(), "/km3net/run2");
        assertTrue(r.out().contains("nothing is at /run2 yet"), r.out()); // the plain view: /run2 is not /fast/run2
        r = TokenCommandsTest.run("qos", "explain", "--config", c.toString(), "/km3net/fast/run2");
        assertTrue(r.out().contains("class: SAFE (placement disk)\n  because: a change asked for this file (a CDMI"
                + " request or an in-place copy)"), r.out());
    }

    @Test
    void aTapeLibraryIsExplainedFromTheConfigurationAlone() throws Exception {
        Path c = config("{type: tape-sim, buffer: \"" + dir.resolve("buffer") + "\", library: \""
                + dir.resolve("library") + "\", buffer-capacity: 1GiB}");
        TokenCommandsTest.Run r = TokenCommandsTest.run("qos", "explain", "--config", c.toString(), "/km3net/f");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("note: the tape-sim storage of area 'km3net' is not opened here (its library"
                + " admits one process, the running gateway); from the configuration alone"), r.out());
        assertTrue(r.out().contains("because: it is outside every class directory, and FAST is the area's default"
                + " class"), r.out());
        assertTrue(r.out().contains("time rule: none covers /f"), r.out());
    }

    @Test
    void aPathOutsideEveryAreaIsSaidSo() throws Exception {
        TokenCommandsTest.Run r = TokenCommandsTest.run("qos", "explain", "--config", posix().toString(), "/elsewhere/f");
        assertEquals(1, r.status());
        assertEquals("/elsewhere/f is not in any storage area\n", r.out());
    }
}
