package org.tributary.backend.tape.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.tape.catalogue.Catalogue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Lock order: a commit (or the end of a recall) holds its path's stripe and then takes the space lock to settle its
 * reservation; eviction holds the space lock and needs the stripe of the file it evicts. Eviction must therefore skip
 * a file whose stripe is busy rather than wait for it, or the two deadlock (a rewrite of a migrated file, committed
 * while the buffer is above high-water, was enough).
 */
class EvictionNeverWaitsForAStripeTest {

    @Test
    void aFileWhoseStripeIsHeldIsSkippedAndEvictedOnceItIsFree(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("buffer"));
        Files.write(root.resolve("x"), new byte[1000]);
        try (Catalogue catalogue = Catalogue.open(dir.resolve("catalogue.db"))) {
            Instant now = Instant.now();
            catalogue.written("/x", 1000, now, "s1", "", now);
            assertTrue(catalogue.migrated("/x", "s1", "T00001", 0, "00000001"));
            PathStripes stripes = new PathStripes();
            BufferSpace space = new BufferSpace(catalogue, root, 1000, 0.5, 0.1, Clock.systemUTC(), stripes,
                    new BufferFiles(true));

            int evicted;
            try (PathStripes.Held commit = stripes.lock("/x")) { // a commit of /x, between its rename and its settle
                evicted = CompletableFuture.supplyAsync(() -> {
                    try {
                        return space.evictAboveHighWater();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).get(30, TimeUnit.SECONDS); // a bound: a waiting eviction would hold the space lock for ever
                space.unreserve(0); // what the commit does next: takes the space lock
            }
            assertEquals(0, evicted, "skipped while its stripe was held");
            assertEquals(1000, Files.size(root.resolve("x")));

            assertEquals(1, space.evictAboveHighWater(), "evicted once the stripe is free");
            assertEquals(0, Files.size(root.resolve("x")));
        }
    }
}
