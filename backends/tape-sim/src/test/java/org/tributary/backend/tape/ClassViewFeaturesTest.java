package org.tributary.backend.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tributary.backend.tape.TapeArea.p;

import org.junit.jupiter.api.Test;
import org.tributary.backend.Locality;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.placement.Placement;
import org.tributary.backend.placement.PlacementControl;
import org.tributary.backend.placement.PlacementTarget;
import org.tributary.backend.placement.SharedCopy;
import org.tributary.backend.stack.PrefixedBackend;
import org.tributary.backend.staging.StageProgress.State;
import org.tributary.backend.staging.Staging;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The tape area's features through class views (issue 13: a class is a {@link PrefixedBackend} of its directory):
 * Staging, PlacementControl and SharedCopy address the files of the view's directory, and a shared copy between two
 * class directories of one area is the in-place transition (no byte written to tape again).
 */
class ClassViewFeaturesTest {

    @Test
    void stagingAndPlacementThroughAViewAddressTheClassDirectory() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withMigration(Duration.ofHours(1), 0, Duration.ZERO)).open()) {
            a.backend.createDirectory(p("/safe"));
            StorageBackend safe = new PrefixedBackend(a.backend, p("/safe"));
            byte[] content = TapeArea.bytes(3000, 1);
            a.put("/f", TapeArea.bytes(10, 2)); // the same name outside the class: must not be the one addressed
            TapeArea.put(safe, "/f", content, Map.of());

            safe.feature(PlacementControl.class).orElseThrow().place(p("/f"), PlacementTarget.of(Placement.TAPE));
            a.awaitEvicted("/safe/f");
            assertEquals(Locality.TAPE, safe.stat(p("/f")).orElseThrow().locality());
            assertEquals(Locality.DISK, a.locality("/f"));
            assertEquals(PlacementTarget.of(Placement.TAPE),
                    safe.feature(PlacementControl.class).orElseThrow().target(p("/f")));

            Staging staging = safe.feature(Staging.class).orElseThrow();
            staging.stage("r1", List.of(p("/f")), a.clock.instant().plus(Duration.ofHours(1)));
            TapeArea.await(() -> staging.progress("r1", p("/f")).state() == State.ON_DISK, "/safe/f staged");
            assertEquals(State.ON_DISK, a.state("r1", "/safe/f"));
            try (var h = safe.openRead(p("/f")); var in = h.stream(0, content.length)) {
                assertArrayEquals(content, in.readAllBytes());
            }
        }
    }

    @Test
    void aSharedCopyFromOneClassToAnotherIsAnInPlaceTransition() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withEvictOnRelease(true)).open()) {
            a.backend.createDirectory(p("/fast"));
            a.backend.createDirectory(p("/cheap"));
            byte[] content = TapeArea.bytes(40_000, 3);
            a.put("/fast/run1/f", content);
            a.evict("/fast/run1/f");
            long cartridgeBytes = Files.size(a.cartridge(a.record("/fast/run1/f").cartridge().orElseThrow()));

            // the transition as the qos layer does it: shared copy on the area's shared stack, then the class placement
            SharedCopy shared = a.backend.feature(SharedCopy.class).orElseThrow();
            shared.share(p("/fast/run1/f"), p("/cheap/run1/f"), WriteOptions.defaults());
            StorageBackend cheap = new PrefixedBackend(a.backend, p("/cheap"));
            cheap.feature(PlacementControl.class).orElseThrow().place(p("/run1/f"), PlacementTarget.of(Placement.TAPE));

            assertEquals(true, Placement.TAPE.heldBy(cheap.stat(p("/run1/f")).orElseThrow().locality()),
                    "held at once: the tape copy is reused");
            a.backend.delete(p("/fast/run1/f")); // Rucio deletes the source replica
            assertEquals(cartridgeBytes, Files.size(a.cartridge(a.record("/cheap/run1/f").cartridge().orElseThrow())));
            a.backend.stage("r1", List.of(p("/cheap/run1/f")), a.clock.instant().plus(Duration.ofHours(1)));
            a.awaitState("r1", "/cheap/run1/f", State.ON_DISK);
            assertArrayEquals(content, a.read("/cheap/run1/f"));
        }
    }

    @Test
    void aSharedCopyThroughAViewStaysInsideIt() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o).open()) {
            a.backend.createDirectory(p("/fast"));
            StorageBackend fast = new PrefixedBackend(a.backend, p("/fast"));
            TapeArea.put(fast, "/a", TapeArea.bytes(100, 4), Map.of());
            var e = fast.feature(SharedCopy.class).orElseThrow().share(p("/a"), p("/b"), WriteOptions.defaults());
            assertEquals(p("/b"), e.path());
            assertArrayEquals(TapeArea.bytes(100, 4), a.read("/fast/b"));
        }
    }
}
