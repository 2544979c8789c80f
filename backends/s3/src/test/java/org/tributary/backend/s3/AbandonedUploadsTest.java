package org.tributary.backend.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.backend.s3.S3BackendTest.p;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.WriteOptions;

/**
 * Multipart uploads left behind by a gateway that is gone (crashed, killed, or whose abort failed while S3 was
 * unreachable) are aborted at the next start and when S3 is reachable again, not a day later; an upload of another
 * gateway on the same bucket that is still running is never touched. Everything runs against the real s3proxy; a
 * crash is a backend closed while an upload is half sent (no commit, no abort), the outage is {@link FaultProxy}.
 */
class AbandonedUploadsTest {

    static final long PART = S3Options.MIN_PART_SIZE;
    static S3Server server;
    static FaultProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        server = new S3Server();
        proxy = new FaultProxy(server.endpoint);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        server.close();
    }

    /** A backend as a gateway process elsewhere opens it: its own host identity and lease. */
    static S3Backend backend(S3Options o, String host, Duration lease) throws Exception {
        o = o.withPartSize(PART, 2);
        return S3Backend.open(o, S3Backend.client(o), new OwnedUploads.Settings(host, lease));
    }

    /** Starts an upload and sends its first part, so S3 holds a multipart upload for it. */
    static PendingWrite halfSent(S3Backend b, String path) throws Exception {
        PendingWrite w = b.beginWrite(p(path), WriteOptions.defaults());
        w.write(ByteBuffer.wrap(S3BackendTest.random((int) (PART + PART / 2), path.hashCode())));
        return w;
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 60 s: " + what);
            Thread.sleep(100);
        }
    }

    static List<String> pending(S3Backend b) {
        try {
            return b.pendingUploads();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void uploadsOfACrashedGatewayAreAbortedAtStartWhileALiveGatewaysUploadSurvives() throws Exception {
        String prefix = S3BackendTest.freshPrefix();
        try (S3Backend live = server.backend(prefix)) {
            PendingWrite running = halfSent(live, "/live");
            S3Backend crashed = server.backend(prefix);
            halfSent(crashed, "/crashed/a");
            halfSent(crashed, "/crashed/b");
            crashed.close(); // the process is gone: no commit, no abort
            assertEquals(3, live.pendingUploads().size());

            try (S3Backend restarted = server.backend(prefix)) {
                assertEquals(2, restarted.cleanStaleTemporaries(), "what the gateway calls at start");
                assertEquals(List.of(prefix + "live"), restarted.pendingUploads());
                assertEquals(0, restarted.cleanStaleTemporaries());
            }
            // the live gateway finishes its upload as if nothing happened
            running.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            running.commit(Map.of());
            assertEquals(PART + PART / 2 + 3, live.stat(p("/live")).orElseThrow().size());
            assertEquals(List.of(), live.pendingUploads());
        }
    }

    @Test
    void aGatewayElsewhereKeepsItsUploadsWhileItRenewsItsLeaseAndLosesThemWhenItStops() throws Exception {
        String prefix = S3BackendTest.freshPrefix();
        Duration lease = Duration.ofSeconds(2);
        S3Backend far = backend(server.options(prefix), "another-host", lease);
        try (S3Backend here = backend(server.options(prefix), "this-host", lease)) {
            PendingWrite running = halfSent(far, "/far");
            assertEquals(0, here.cleanStaleTemporaries(), "its lease is fresh: it may be running");
            // several lease periods later it is still renewing: its upload stays
            long sweeps = here.owned.sweeps();
            await("three sweeps of this gateway", () -> here.owned.sweeps() >= sweeps + 3);
            assertEquals(List.of(prefix + "far"), here.pendingUploads());
            running.write(ByteBuffer.wrap(new byte[] {4}));
            running.commit(Map.of());
            assertEquals(List.of(), here.pendingUploads());

            halfSent(far, "/far-crashed");
            far.close(); // stops renewing without a word
            await("the upload of the stopped gateway is aborted", () -> pending(here).isEmpty());
            assertTrue(here.stat(p("/far-crashed")).isEmpty());
            assertArrayEquals(new byte[] {4}, S3BackendTest.read(here, "/far", PART + PART / 2, 1));
        } finally {
            far.close();
        }
    }

    @Test
    void uploadsWhoseAbortFailedDuringAnOutageAreAbortedWhenS3IsBack() throws Exception {
        String prefix = S3BackendTest.freshPrefix();
        S3Options viaProxy = S3Server.options(proxy.endpoint(), prefix).withMaxAttempts(2);
        try (S3Backend b = backend(viaProxy, OwnedUploads.Settings.DEFAULT.host(), Duration.ofSeconds(2));
             S3Backend direct = server.backend(prefix)) {
            PendingWrite w = halfSent(b, "/cut");
            proxy.drop = line -> true; // S3 unreachable
            w.abort(); // fails: the multipart upload stays in S3
            assertEquals(List.of(prefix + "cut"), direct.pendingUploads());
            long failures = b.owned.failures();
            await("the outage is noticed", () -> b.owned.failures() > failures);
            proxy.drop = line -> false;
            await("the upload is aborted once S3 answers again", () -> pending(direct).isEmpty());
            assertTrue(direct.stat(p("/cut")).isEmpty());
        } finally {
            proxy.drop = line -> false;
        }
    }
}
