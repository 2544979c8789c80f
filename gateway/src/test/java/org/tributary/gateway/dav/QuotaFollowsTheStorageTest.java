package org.tributary.gateway.dav;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongPredicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.Multistatus;
import org.tributary.gateway.TestGateway;

/**
 * Quota usage (RFC 4331 quota-used-bytes, and the 507 decision) follows what is in the storage, not only what this
 * process wrote: a second gateway on the same root sees the first one's files, and files deleted behind the gateways'
 * backs are taken off. Measuring walks the area without following symbolic links, so a link to a directory inside
 * or outside the area adds nothing. The areas measure again every second ({@code quota-rescan: 1s}); the tests wait
 * for the value, at most {@link #WAIT}.
 */
class QuotaFollowsTheStorageTest {

    static final int KIB = 1024;
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String[] AREA = {"quota: 1MiB", "quota-rescan: 1s"};

    @TempDir
    Path dir;

    static long used(TestGateway gw) {
        Multistatus.Resp r = gw.propfind207("/data/", "0", "").responses().getFirst();
        return Long.parseLong(r.dav("quota-used-bytes").orElseThrow());
    }

    static void awaitUsed(TestGateway gw, String what, LongPredicate ok) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long u;
        while (!ok.test(u = used(gw))) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + ": quota-used-bytes still " + u);
            Thread.sleep(50);
        }
    }

    /** A PUT that declares its length, so the quota decides before any byte is sent. */
    static int put(TestGateway gw, String path, int bytes) {
        HttpRequest req = gw.request(path).expectContinue(true)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[bytes])).build();
        return gw.send(req).statusCode();
    }

    @Test
    void twoGatewaysOnOneRootAgreeAndSeeFilesDeletedBehindTheirBacks() throws Exception {
        try (TestGateway a = TestGateway.in(dir).area("data", AREA).start();
             TestGateway b = TestGateway.in(dir).area("data", AREA).start()) {
            assertEquals(a.root(), b.root());
            assertEquals(201, put(a, "/data/first", 600 * KIB));
            awaitUsed(b, "the other gateway's file", u -> u == 600 * KIB);
            assertEquals(507, put(b, "/data/second", 600 * KIB), "600 KiB + 600 KiB is more than 1 MiB");

            Files.delete(a.root().resolve("first")); // behind both gateways' backs
            awaitUsed(a, "a file deleted behind the back", u -> u == 0);
            awaitUsed(b, "a file deleted behind the back", u -> u == 0);
            assertEquals(201, put(b, "/data/second", 600 * KIB));
            awaitUsed(a, "the other gateway's file", u -> u == 600 * KIB);
            assertEquals(507, put(a, "/data/third", 600 * KIB));
        }
    }

    @Test
    void symbolicLinksAreEntriesAndAreNeverFollowed() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.write(outside.resolve("huge"), new byte[2048 * KIB]);
        try (TestGateway gw = TestGateway.in(dir).area("data", AREA).start()) {
            Path root = gw.root();
            Path big = Files.createDirectories(root.resolve("big"));
            Files.write(big.resolve("f"), new byte[300 * KIB]);
            Files.createSymbolicLink(root.resolve("link-in"), big);
            Files.createSymbolicLink(root.resolve("link-out"), outside);
            Files.createSymbolicLink(root.resolve("file-link"), big.resolve("f"));
            Files.createSymbolicLink(big.resolve("loop"), root);
            awaitUsed(gw, "300 KiB counted once", u -> u == 300 * KIB);
            assertEquals(507, put(gw, "/data/too-much", 800 * KIB), "300 + 800 KiB is more than 1 MiB");
            assertEquals(201, put(gw, "/data/fits", 700 * KIB), "300 + 700 KiB fits in 1 MiB");
        }
    }

    @Test
    void deletingACollectionFreesWhatItHeldAtOnce() throws Exception {
        try (TestGateway gw = TestGateway.in(dir).area("data", "quota: 1MiB", "quota-rescan: 1h").start()) {
            assertEquals(201, put(gw, "/data/c/d/a", 400 * KIB));
            assertEquals(201, put(gw, "/data/c/b", 200 * KIB));
            awaitUsed(gw, "two uploads", u -> u == 600 * KIB);
            assertEquals(204, gw.delete("/data/c").statusCode());
            assertEquals(0, used(gw), "no measurement needed: the delete took off what the tree held");
            assertEquals(201, put(gw, "/data/e", 900 * KIB));
        }
    }

    /** MOVE onto an existing name replaces it in the backend (issue 15 item 10): what the target held is freed. */
    @Test
    void aReplacingMoveFreesWhatTheTargetHeld() throws Exception {
        try (TestGateway gw = TestGateway.in(dir).area("data", "quota: 1MiB", "quota-rescan: 1h").start()) {
            assertEquals(201, put(gw, "/data/old", 500 * KIB));
            assertEquals(201, put(gw, "/data/new", 100 * KIB));
            assertEquals(201, put(gw, "/data/tree/a", 300 * KIB));
            assertEquals(201, put(gw, "/data/other/b", 50 * KIB));
            awaitUsed(gw, "four uploads", u -> u == 950 * KIB);
            String base = gw.base();
            assertEquals(204, gw.send("MOVE", "/data/new", "", "Destination", base + "/data/old", "Overwrite", "T")
                    .statusCode());
            assertEquals(450 * KIB, used(gw), "the replaced file's 500 KiB are freed without a measurement");
            assertEquals(204, gw.send("MOVE", "/data/other", "", "Destination", base + "/data/tree", "Overwrite", "T")
                    .statusCode());
            assertEquals(150 * KIB, used(gw), "the replaced collection's 300 KiB are freed without a measurement");
            Files.createSymbolicLink(gw.root().resolve("link"), gw.root().resolve("old"));
            assertEquals(204, gw.delete("/data/link").statusCode());
            assertEquals(150 * KIB, used(gw), "deleting a link frees nothing: the file it named is still there");
        }
    }
}
