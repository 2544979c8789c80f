package org.tributary.backend.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PosixBackend#measureUsage} counts each regular file once: symbolic links are entries and are never
 * followed (to a directory inside the area, outside it, to a file, to an ancestor), and the gateway's own entries
 * (upload temporaries, side-cars) are not data.
 */
class UsageMeasurementTest {

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a walk that follows the loop never ends
    void linksAreNotFollowedAndInternalEntriesAreNotCounted() throws Exception {
        try (Area a = Area.open(Area.Kind.REAL)) {
            Path outside = Files.createDirectories(a.root.getParent().resolve("outside"));
            Files.write(outside.resolve("huge"), new byte[5000]);
            a.put("/big/f", new byte[300]);
            a.backend.updateAttributes(Area.p("/big/f"), Map.of("user.k", "v"), java.util.Set.of());
            a.put("/g", new byte[20]);
            Path big = a.root.resolve("big");
            Files.createSymbolicLink(a.root.resolve("link-in"), big);
            Files.createSymbolicLink(a.root.resolve("link-out"), outside);
            Files.createSymbolicLink(a.root.resolve("file-link"), big.resolve("f"));
            Files.createSymbolicLink(big.resolve("loop"), a.root);
            Files.write(big.resolve(InternalNames.temporary("f")), new byte[7000]);
            assertEquals(320, a.backend.measureUsage(Area.p("/")));
            assertEquals(300, a.backend.measureUsage(Area.p("/big")));
            assertEquals(0, a.backend.measureUsage(Area.p("/link-in")), "a link is an entry, never descended");
        }
    }
}
