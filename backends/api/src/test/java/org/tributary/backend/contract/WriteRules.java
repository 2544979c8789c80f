package org.tributary.backend.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.PendingWrite.CommitResult;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;

/**
 * StorageBackend.beginWrite, PendingWrite and WriteOptions: a write is invisible until commit, commit publishes bytes
 * and attributes together, abort (and close without commit) leaves nothing, the options are obeyed.
 */
abstract class WriteRules extends ContractRules {

    WriteRules(StorageBackendContract contract) {
        super(contract);
    }

    @Test
    void aWriteIsInvisibleUntilCommit() throws Exception {
        mkdir("/d");
        try (PendingWrite w = begin("/d/f", WriteOptions.defaults())) {
            write(w, storedUpload(1));
            assertFalse(exists("/d/f"), "stat before commit");
            assertEquals(Set.of(), names("/d"), "listing before commit");
            assertEquals(Kind.NOT_FOUND, kindOf(() -> backend.openRead(p("/d/f"))), "read before commit");
        }
    }

    @Test
    void beginReportsWhetherTheTargetExistedAndWhichParentsItCreated() throws Exception {
        mkdir("/d");
        put("/d/old", bytes("x"));
        WriteOptions withParents = new WriteOptions(-1, true, true, false, Map.of());
        try (PendingWrite w = begin("/d/new", withParents)) {
            assertEquals(new PendingWrite.Begun(false, List.of()), w.begun());
        }
        try (PendingWrite w = begin("/d/old", withParents)) {
            assertEquals(new PendingWrite.Begun(true, List.of()), w.begun());
        }
        try (PendingWrite w = begin("/d/a/b/f", withParents)) {
            assertEquals(new PendingWrite.Begun(false, List.of(p("/d/a"), p("/d/a/b"))), w.begun());
        }
    }

    @Test
    void aCommittedWriteIsVisibleUnderItsFinalName() throws Exception {
        byte[] content = storedUpload(2);
        CommitResult r = put("/d/f", content);
        assertEquals(p("/d/f"), r.entry().path());
        assertTrue(r.entry().isFile());
        assertEquals(content.length, r.entry().size());
        assertFalse(r.replaced(), "nothing was there before");
        EntryInfo seen = stat("/d/f");
        assertTrue(seen.isFile());
        assertEquals(content.length, seen.size());
        assertArrayEquals(content, read("/d/f"));
        assertEquals(Set.of("f"), names("/d"));
    }

    @Test
    void theAttributesGivenToCommitAreVisibleWithTheContent() throws Exception {
        put("/f", bytes("x"), Map.of("a", "1", "b", "zwei"));
        assertEquals(Map.of("a", "1", "b", "zwei"), attributes("/f"));
    }

    @Test
    void aReplacedFileShowsItsOldContentUntilTheCommit() throws Exception {
        put("/f", bytes("old"));
        byte[] next = storedUpload(3);
        try (PendingWrite w = begin("/f", WriteOptions.defaults())) {
            write(w, next);
            assertArrayEquals(bytes("old"), read("/f"), "before commit");
            assertEquals(3, stat("/f").size());
            CommitResult r = w.commit(Map.of());
            assertTrue(r.replaced(), "the commit says it replaced a file");
        }
        assertArrayEquals(next, read("/f"));
    }

    @Test
    void aReplacingCommitCarriesOnlyTheAttributesGivenToIt() throws Exception {
        put("/f", bytes("old"), Map.of("a", "old", "b", "old"));
        put("/f", bytes("new"), Map.of("a", "new"));
        assertEquals(Map.of("a", "new"), attributes("/f"));
        put("/f", bytes("newer"), Map.of());
        assertEquals(Map.of(), attributes("/f"), "a version committed without attributes has none");
    }

    @Test
    void abortLeavesNothing() throws Exception {
        mkdir("/d");
        Set<String> before = raw();
        PendingWrite w = begin("/d/f", WriteOptions.defaults());
        write(w, storedUpload(4));
        w.abort();
        assertFalse(exists("/d/f"));
        assertEquals(Set.of(), names("/d"));
        assertEquals(before, raw(), "no temporary, no pending upload, no side-car");
    }

    @Test
    void closeWithoutCommitAborts() throws Exception {
        Set<String> before = raw();
        try (PendingWrite w = begin("/f", WriteOptions.defaults())) {
            write(w, storedUpload(5));
        }
        assertFalse(exists("/f"));
        assertEquals(before, raw());
    }

    @Test
    void anAbortedReplacementKeepsTheOldContentAndAttributes() throws Exception {
        put("/f", bytes("old"), Map.of("a", "1"));
        Set<String> before = raw();
        try (PendingWrite w = begin("/f", WriteOptions.defaults())) {
            write(w, storedUpload(6));
        }
        assertArrayEquals(bytes("old"), read("/f"));
        assertEquals(Map.of("a", "1"), attributes("/f"));
        assertEquals(before, raw());
    }

    @Test
    void abortIsIdempotentAndKeepsACommittedFile() throws Exception {
        PendingWrite w = begin("/f", WriteOptions.defaults());
        write(w, bytes("kept"));
        w.commit(Map.of());
        w.abort();
        w.abort();
        w.close();
        assertArrayEquals(bytes("kept"), read("/f"));

        PendingWrite aborted = begin("/g", WriteOptions.defaults());
        aborted.abort();
        aborted.abort();
        aborted.close();
        assertFalse(exists("/g"));
    }

    @Test
    void sizeCountsTheBytesWrittenAndPathIsTheTarget() throws Exception {
        byte[] content = storedUpload(7);
        try (PendingWrite w = begin("/f", WriteOptions.defaults())) {
            assertEquals(p("/f"), w.path());
            assertEquals(0, w.size());
            write(w, content);
            assertEquals(content.length, w.size());
        }
    }

    @Test
    void theContentStampIsTheChangeStampOfTheCommittedEntry() throws Exception {
        try (PendingWrite w = begin("/f", WriteOptions.defaults())) {
            write(w, storedUpload(8));
            String predicted = w.contentStamp();
            CommitResult r = w.commit(Map.of());
            assertEquals(predicted, r.entry().changeStamp(), "what commit returns");
            assertEquals(predicted, stat("/f").changeStamp(), "what stat shows");
        }
    }

    @Test
    void theChangeStampChangesWithTheContent() throws Exception {
        String first = put("/f", bytes("one")).entry().changeStamp();
        String second = put("/f", bytes("second")).entry().changeStamp();
        assertNotEquals(first, second);
        assertEquals(second, stat("/f").changeStamp());
    }

    @Test
    void missingParentsAreCreatedWhenAsked() throws Exception {
        put("/a/b/c/f", bytes("x"), options(true, true), Map.of());
        assertTrue(stat("/a").isDirectory());
        assertTrue(stat("/a/b/c").isDirectory());
        assertArrayEquals(bytes("x"), read("/a/b/c/f"));
    }

    @Test
    void aMissingParentIsParentMissingWhenNotAskedToCreateIt() throws Exception {
        Set<String> before = raw();
        assertEquals(Kind.PARENT_MISSING, writeFailure("/a/b/f", options(true, false)));
        assertFalse(exists("/a"), "no parent was created");
        assertEquals(before, raw());
    }

    @Test
    void writingOntoACollectionIsAConflict() throws Exception {
        mkdir("/d");
        put("/e/f", bytes("x"));
        assertEquals(Kind.CONFLICT, writeFailure("/d", WriteOptions.defaults()));
        assertEquals(Kind.CONFLICT, writeFailure("/e", WriteOptions.defaults()), "a collection made by its parents");
        assertEquals(Kind.CONFLICT, kindOf(() -> begin("/", WriteOptions.defaults())), "the root");
        assertTrue(stat("/d").isDirectory());
        assertArrayEquals(bytes("x"), read("/e/f"));
    }

    /**
     * A file where a parent should be: CONFLICT ("a file where a directory is needed"), or PARENT_MISSING when the
     * backend cannot tell it from a missing parent; never a parent made over the file.
     */
    @Test
    void aFileWhereAParentShouldBeFailsTheWriteAndIsKept() throws Exception {
        put("/f", bytes("x"));
        Set<String> before = raw();
        for (String below : List.of("/f/g", "/f/g/h")) {
            for (boolean createParents : new boolean[] {true, false}) {
                Kind kind = writeFailure(below, options(true, createParents));
                assertTrue(kind == Kind.CONFLICT || kind == Kind.PARENT_MISSING, below + ": " + kind);
            }
        }
        assertArrayEquals(bytes("x"), read("/f"));
        assertEquals(before, raw());
    }

    /** WriteOptions.overwrite false: "commit fails ALREADY_EXISTS" (a backend may refuse at beginWrite already). */
    @Test
    void withoutOverwriteAnExistingFileIsAlreadyExistsAndKept() throws Exception {
        put("/f", bytes("old"), Map.of("a", "1"));
        Set<String> before = raw();
        assertEquals(Kind.ALREADY_EXISTS, writeFailure("/f", options(false, true)));
        assertArrayEquals(bytes("old"), read("/f"));
        assertEquals(Map.of("a", "1"), attributes("/f"));
        assertEquals(before, raw(), "the refused upload left nothing");
    }

    @Test
    void withoutOverwriteAFileCommittedMeanwhileWins() throws Exception {
        try (PendingWrite late = begin("/f", options(false, true))) {
            write(late, bytes("late"));
            put("/f", bytes("first"));
            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> late.commit(Map.of())));
        }
        assertArrayEquals(bytes("first"), read("/f"));
    }

    /** "Methods are blocking and thread-safe"; commit is atomic: a reader sees one whole version. */
    @Test
    void concurrentWritersEachPublishAWholeVersion() throws Exception {
        int writers = 4;
        List<byte[]> versions = new ArrayList<>();
        for (int i = 0; i < writers; i++) versions.add(random(20_000 + i, 100 + i));
        CountDownLatch allWritten = new CountDownLatch(writers);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CommitResult>> results = new ArrayList<>();
            for (byte[] v : versions) {
                results.add(pool.submit(() -> {
                    try (PendingWrite w = begin("/f", WriteOptions.defaults())) {
                        write(w, v);
                        allWritten.countDown();
                        allWritten.await();
                        return w.commit(Map.of());
                    }
                }));
            }
            for (Future<CommitResult> r : results) r.get();
        }
        byte[] last = read("/f");
        assertTrue(versions.stream().anyMatch(v -> java.util.Arrays.equals(v, last)),
                "the file is one writer's whole version, " + last.length + " bytes");
        assertEquals(Set.of("f"), names("/"));
    }

    /** WriteOptions.expectedDigests: "commit fails CHECKSUM_MISMATCH if one differs"; nothing becomes visible. */
    @Test
    void aDeclaredDigestThatDiffersFailsTheCommitAndLeavesNothing() throws Exception {
        assumeTrue(contract.verifiesDeclaredDigests(), "declared digests are checked by the checksum layer");
        put("/f", bytes("old"));
        Set<String> before = raw();
        WriteOptions wrong = new WriteOptions(-1, true, true, true, Map.of("adler32", adler32("not the content")));
        assertEquals(Kind.CHECKSUM_MISMATCH, writeFailure("/f", wrong));
        assertEquals(Kind.CHECKSUM_MISMATCH, writeFailure("/g", wrong));
        assertArrayEquals(bytes("old"), read("/f"));
        assertFalse(exists("/g"));
        assertEquals(before, raw());
    }

    @Test
    void aDeclaredDigestThatMatchesIsAccepted() throws Exception {
        assumeTrue(contract.verifiesDeclaredDigests(), "declared digests are checked by the checksum layer");
        WriteOptions right = new WriteOptions(-1, true, true, true, Map.of("adler32", adler32("refused")));
        put("/f", bytes("refused"), right, Map.of());
        assertArrayEquals(bytes("refused"), read("/f"));
    }

    static String adler32(String content) {
        java.util.zip.Adler32 a = new java.util.zip.Adler32();
        a.update(bytes(content));
        return String.format("%08x", a.getValue());
    }

    /** The kind a write fails with, at beginWrite or at commit, after its upload was aborted. */
    Kind writeFailure(String path, WriteOptions options) throws Exception {
        try (PendingWrite w = begin(path, options)) {
            write(w, bytes("refused"));
            w.commit(Map.of());
        } catch (StorageException e) {
            return checked(e).kind();
        }
        return fail("the write to " + path + " succeeded");
    }
}
