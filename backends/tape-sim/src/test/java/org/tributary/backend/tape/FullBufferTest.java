package org.tributary.backend.tape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.tape.TapeArea.p;

import org.junit.jupiter.api.Test;
import org.tributary.backend.Locality;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageException;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.staging.StageProgress.State;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Fault: a full buffer. A write the buffer has no room for, even after evicting what may go, fails
 * INSUFFICIENT_STORAGE (507) and leaves nothing; a recall waits until space frees (here: a pin released).
 */
class FullBufferTest {

    @Test
    void aWriteThatCannotFitFailsInsufficientStorageAndLeavesNothing() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withBuffer(3000, 1.0, 1.0)
                .withMigration(Duration.ofHours(1), 0, Duration.ZERO)).open()) {
            a.put("/kept", TapeArea.bytes(2000, 1)); // not migrated: cannot be evicted
            StorageException declared = assertThrows(StorageException.class, () -> a.put("/big", TapeArea.bytes(2000, 2)));
            assertEquals(StorageException.Kind.INSUFFICIENT_STORAGE, declared.kind());
            assertTrue(declared.getMessage().contains("disk buffer is full"), declared.getMessage());

            // chunked (no declared size): refused when the bytes get there
            try (PendingWrite w = a.backend.beginWrite(p("/chunked"), WriteOptions.defaults())) {
                w.write(ByteBuffer.wrap(TapeArea.bytes(900, 3)));
                StorageException mid = assertThrows(StorageException.class, () -> w.write(ByteBuffer.wrap(TapeArea.bytes(900, 4))));
                assertEquals(StorageException.Kind.INSUFFICIENT_STORAGE, mid.kind());
            }
            try (var files = Files.list(a.options.buffer())) {
                assertEquals(List.of("kept"), files.map(f -> f.getFileName().toString()).toList());
            }
            assertEquals(2000, a.backend.space().usedBytes(), "the refused uploads hold no reservation");
            a.put("/small", TapeArea.bytes(1000, 5)); // what fits still goes in
        }
    }

    @Test
    void aRecallWaitsUntilSpaceFrees() throws Exception {
        try (TapeArea a = TapeArea.create(o -> o.withBuffer(3000, 1.0, 1.0)).open()) {
            byte[] content = TapeArea.bytes(2000, 1);
            a.put("/a", content);
            a.awaitMigrated("/a");
            a.put("/b", TapeArea.bytes(2000, 2)); // room for /b: /a leaves the disk
            assertEquals(Locality.TAPE, a.locality("/a"));
            a.awaitMigrated("/b");
            a.backend.stage("r1", List.of(p("/b")), a.clock.instant().plus(Duration.ofHours(1)));

            a.backend.stage("r2", List.of(p("/a")), a.clock.instant().plus(Duration.ofHours(1)));
            a.awaitState("r2", "/a", State.RECALLING); // a drive has it, and waits for room
            assertEquals(Locality.TAPE, a.locality("/a"));

            a.backend.release("r1", List.of(p("/b")));
            a.awaitState("r2", "/a", State.ON_DISK);
            assertArrayEquals(content, a.read("/a"));
            assertEquals(Locality.TAPE, a.locality("/b"), "evicted to make the room");
        }
    }
}
