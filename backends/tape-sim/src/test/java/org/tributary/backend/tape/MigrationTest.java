package org.tributary.backend.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.tape.TapeArea.p;

import org.junit.jupiter.api.Test;
import org.tributary.backend.Locality;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.checksum.ChecksummingBackend;
import org.tributary.backend.tape.catalogue.Catalogue;
import org.tributary.backend.tape.library.MigrationPolicy;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The migration policy: age, batch size per collocation group, collocation on cartridges, cartridge capacity, and the
 * checksum verified on the way to tape.
 */
class MigrationTest {

    @Test
    void filesWithTheSameCollocationKeyShareCartridgesAndOthersDoNot() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o).open()) {
            a.put("/lofar/obs1/a", TapeArea.bytes(1000, 1), "lofar-obs1");
            a.put("/lofar/obs2/b", TapeArea.bytes(1000, 2), "lofar-obs2");
            a.put("/lofar/obs1/c", TapeArea.bytes(1000, 3), "lofar-obs1");
            a.put("/plain", TapeArea.bytes(1000, 4));
            for (String f : List.of("/lofar/obs1/a", "/lofar/obs2/b", "/lofar/obs1/c", "/plain")) a.awaitMigrated(f);
            String obs1 = a.record("/lofar/obs1/a").cartridge().orElseThrow();
            assertEquals(obs1, a.record("/lofar/obs1/c").cartridge().orElseThrow());
            String obs2 = a.record("/lofar/obs2/b").cartridge().orElseThrow();
            String plain = a.record("/plain").cartridge().orElseThrow();
            assertEquals(3, Set.of(obs1, obs2, plain).size(), "one group per cartridge");
            assertEquals(2000, Files.size(a.cartridge(obs1)), "the real bytes, back to back");
        }
    }

    @Test
    void aFullCartridgeIsFollowedByANewOneOfTheSameGroup() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withCartridgeCapacity(2500)).open()) {
            for (int i = 0; i < 3; i++) a.put("/f" + i, TapeArea.bytes(1000, i), "g");
            for (int i = 0; i < 3; i++) a.awaitMigrated("/f" + i);
            long cartridges = java.util.stream.IntStream.range(0, 3).mapToObj(i -> {
                try {
                    return a.record("/f" + i).cartridge().orElseThrow();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).distinct().count();
            assertEquals(2, cartridges);
        }
    }

    @Test
    void aFileWhoseBytesDoNotMatchTheChecksumStoredAtUploadStaysOnDisk() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withMigration(Duration.ofHours(1), 0, Duration.ZERO)).open()) {
            ChecksummingBackend stack = new ChecksummingBackend(a.backend, List.of(ChecksumAlgorithm.ADLER32));
            TapeArea.put(stack, "/damaged", TapeArea.bytes(5000, 1), Map.of());
            TapeArea.put(stack, "/sound", TapeArea.bytes(5000, 2), Map.of());
            // the disk flips bits under the file: same size, same modification time, other bytes
            var host = a.options.buffer().resolve("damaged");
            var mtime = Files.getLastModifiedTime(host);
            byte[] b = Files.readAllBytes(host);
            b[10] ^= 0x55;
            Files.write(host, b);
            Files.setLastModifiedTime(host, mtime);

            a.clock.advance(Duration.ofHours(2)); // both are old enough now
            a.awaitMigrated("/sound");
            assertEquals(Locality.DISK, a.locality("/damaged"), "not written to tape with bytes that do not verify");
            assertTrue(a.record("/damaged").cartridge().isEmpty());
            assertEquals(stack.checksum(p("/sound"), ChecksumAlgorithm.ADLER32).orElseThrow(),
                    a.record("/sound").adler32(), "the checksum verified on the way is the one stored at upload");
        }
    }

    @Test
    void aGroupWaitsForItsBatchSizeOrItsMaximumDelay() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o); Catalogue c = Catalogue.open(a.options.library().resolve("c.db"))) {
            MigrationPolicy policy = new MigrationPolicy(c, new MigrationPolicy.Rules(Duration.ofMinutes(10), 3000, Duration.ofHours(1), 1 << 20));
            Instant t0 = Instant.parse("2026-12-03T12:00:00Z");
            c.written("/a1", 1000, t0, "s1", "A", t0);
            c.written("/a2", 1000, t0, "s2", "A", t0);
            c.written("/b1", 1000, t0, "s3", "B", t0.plusSeconds(60));
            assertFalse(policy.next(t0.plusSeconds(300), Set.of(), Set.of()).isPresent(), "younger than migrate-after");
            assertFalse(policy.next(t0.plusSeconds(900), Set.of(), Set.of()).isPresent(), "2000 < 3000 bytes");
            c.written("/a3", 1000, t0, "s4", "A", t0.plusSeconds(30));
            var batch = policy.next(t0.plusSeconds(900), Set.of(), Set.of()).orElseThrow();
            assertEquals(List.of("/a1", "/a2", "/a3"), batch.files().stream().map(f -> f.path()).toList());
            assertFalse(policy.next(t0.plusSeconds(900), Set.of("/a1", "/a2", "/a3"), Set.of()).isPresent());
            var late = policy.next(t0.plusSeconds(60 + 600 + 3600), Set.of("/a1", "/a2", "/a3"), Set.of()).orElseThrow();
            assertEquals(List.of("/b1"), late.files().stream().map(f -> f.path()).toList(), "overdue: written alone");
            assertNotEquals(batch.cartridge(), late.cartridge());
            assertTrue(Arrays.asList("T00001", "T00002").contains(late.cartridge()));
        }
    }
}
