package org.tributary.gateway.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.GatewayConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Readiness alone, on a real POSIX area whose stat can be held: not ready before the gateway has started, an area whose
 * storage does not answer within the probe timeout counts as unavailable (the check does not hang with it), and
 * draining wins over everything.
 */
class ReadinessTest {

    @TempDir
    Path dir;

    /** A POSIX backend whose stat waits until {@link #answer} is opened: storage that hangs. */
    static final class Hanging extends ForwardingBackend {
        final CountDownLatch answer = new CountDownLatch(1);
        final AtomicInteger asked = new AtomicInteger();

        Hanging(Path root) throws IOException {
            super(PosixBackend.open(root));
        }

        @Override
        public Optional<EntryInfo> stat(AreaPath path) throws IOException {
            asked.incrementAndGet();
            try {
                answer.await();
            } catch (InterruptedException e) {
                throw new IOException("interrupted", e);
            }
            return super.stat(path);
        }
    }

    @Test
    void startingThenAHangingStorageThenReadyThenDraining() throws Exception {
        var config = GatewayConfig.parse("storage-areas:\n  - {name: slow, access-points: [/slow], backend:"
                + " {type: posix, root: \"" + dir + "\"}}\n", "readiness-test.yaml").areas().getFirst();
        Hanging raw = new Hanging(dir);
        try (Readiness readiness = new Readiness(List.of(new StorageArea(config, raw)), Duration.ofMillis(100),
                Duration.ZERO)) {
            assertEquals(Readiness.State.STARTING, readiness.check().state());
            readiness.started();
            Readiness.Report hanging = readiness.check();
            assertEquals(Readiness.State.UNAVAILABLE, hanging.state());
            assertEquals("no answer within 100 ms", hanging.areas().get("slow"));
            assertEquals(Readiness.State.UNAVAILABLE, readiness.check().state());
            assertEquals(1, raw.asked.get(), "the hanging probe is waited for again, not started once more");
            raw.answer.countDown();
            Readiness.Report ready = readiness.check();
            assertEquals(Readiness.State.READY, ready.state(), ready.toString());
            readiness.draining();
            assertEquals(Readiness.State.DRAINING, readiness.check().state());
        } finally {
            raw.close();
        }
    }
}
