package org.tributary.backend.tape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.tape.TapeArea.p;

import org.junit.jupiter.api.Test;
import org.tributary.backend.Locality;
import org.tributary.backend.StorageException;
import org.tributary.backend.staging.StageProgress;
import org.tributary.backend.staging.StageProgress.State;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/**
 * Fault: an unreadable cartridge, made for real by removing the file that holds it. The recall fails with an error a
 * user can read, the files on that cartridge report LOST, and a read of one says so instead of asking for a stage.
 */
class UnreadableCartridgeTest {

    @Test
    void filesOnAnUnreadableCartridgeAreLostAndTheirRecallFails() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withEvictOnRelease(true)).open()) {
            a.put("/a", TapeArea.bytes(1000, 1), "g");
            a.put("/b", TapeArea.bytes(1000, 2), "g");
            a.evict("/a");
            a.evict("/b");
            String cartridge = a.record("/a").cartridge().orElseThrow();
            assertEquals(cartridge, a.record("/b").cartridge().orElseThrow());
            Files.delete(a.cartridge(cartridge));

            a.backend.stage("r1", List.of(p("/a")), a.clock.instant().plus(Duration.ofHours(1)));
            a.awaitState("r1", "/a", State.FAILED);
            StageProgress failed = a.backend.progress("r1", p("/a"));
            assertTrue(failed.error().orElseThrow().contains("lost"), failed.error().orElseThrow());
            assertEquals(Locality.LOST, a.locality("/a"));
            assertEquals(Locality.LOST, a.locality("/b"), "the whole cartridge is unreadable");
            StorageException read = assertThrows(StorageException.class, () -> a.backend.openRead(p("/b")));
            assertEquals(StorageException.Kind.OFFLINE, read.kind());
            assertTrue(read.getMessage().contains("is lost"), read.getMessage());

            a.backend.stage("r2", List.of(p("/b")), a.clock.instant().plus(Duration.ofHours(1)));
            assertEquals(State.FAILED, a.state("r2", "/b"), "known lost: failed at once, no drive asked");
        }
    }

    @Test
    void aTapeCopyThatDoesNotMatchItsChecksumIsLost() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withEvictOnRelease(true)).open()) {
            a.put("/a", TapeArea.bytes(1000, 1));
            a.evict("/a");
            var cart = a.cartridge(a.record("/a").cartridge().orElseThrow());
            byte[] b = Files.readAllBytes(cart);
            b[100] ^= 1;
            Files.write(cart, b);
            a.backend.stage("r1", List.of(p("/a")), a.clock.instant().plus(Duration.ofHours(1)));
            a.awaitState("r1", "/a", State.FAILED);
            assertTrue(a.backend.progress("r1", p("/a")).error().orElseThrow().contains("checksum"));
            assertEquals(Locality.LOST, a.locality("/a"));
            assertEquals(0, Files.size(a.options.buffer().resolve("a")), "no damaged bytes served");
        }
    }
}
