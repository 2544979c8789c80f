package org.tributary.qos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.SpaceUsage;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.backend.stack.PrefixedBackend;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A class view's usage: the class directory's bytes, the area's free space; measured in the background. */
class ClassUsageBackendTest {

    @TempDir
    Path root;

    static long awaitUsed(StorageBackend b, long want) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long u;
        while ((u = b.space().usedBytes()) != want) {
            if (System.nanoTime() > deadline) throw new AssertionError("used still " + u + ", want " + want);
            Thread.sleep(20);
        }
        return u;
    }

    static void write(StorageBackend b, String path, int bytes) throws IOException {
        PendingWrite w = b.beginWrite(AreaPath.parse(path), WriteOptions.defaults());
        w.write(ByteBuffer.wrap(new byte[bytes]));
        w.commit(Map.of());
    }

    @Test
    void countsTheClassDirectoryOnlyAndFollowsChangesThroughTheView() throws Exception {
        Files.createDirectories(root.resolve("fast"));
        Files.write(root.resolve("fast/a"), new byte[100]);
        Files.write(root.resolve("elsewhere"), new byte[5000]);
        try (PosixBackend area = PosixBackend.open(root)) {
            ClassUsageBackend fast = new ClassUsageBackend(new PrefixedBackend(area, AreaPath.parse("/fast")),
                    Duration.ofDays(1));
            SpaceUsage first = fast.space(); // never measured: the first question starts it and may not wait for it
            assertTrue(first.usedBytes() == -1 || first.usedBytes() == 100, "" + first);
            assertEquals(area.space().availableBytes() >= 0, first.availableBytes() >= 0, "the area's free space");
            awaitUsed(fast, 100);
            write(fast, "/b", 50);
            awaitUsed(fast, 150); // a write through the view: measured again though the refresh period is a day
            fast.delete(AreaPath.parse("/a"));
            awaitUsed(fast, 50);
        }
    }

    @Test
    void whatArrivesBehindTheViewShowsWhenTheRefreshPeriodHasPassed() throws Exception {
        Files.createDirectories(root.resolve("cheap"));
        try (PosixBackend area = PosixBackend.open(root)) {
            ClassUsageBackend cheap = new ClassUsageBackend(new PrefixedBackend(area, AreaPath.parse("/cheap")),
                    Duration.ofMillis(200));
            cheap.measure();
            awaitUsed(cheap, 0);
            Files.write(root.resolve("cheap/behind"), new byte[70]); // not through the view
            awaitUsed(cheap, 70);
        }
    }
}
