package org.tributary.backend.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageBackend;

/**
 * The rules of the {@link StorageBackend} SPI (its javadoc and that of PendingWrite, ReadHandle, Listing, EntryInfo,
 * StorageException, WriteOptions), each one a test named after the rule, run against a real backend.
 *
 * <p><b>Running it against a new backend</b> (tape-sim, a cloud store): depend on the test jar of
 * {@code tributary-backend-api} ({@code <type>test-jar</type>}, scope test) and extend this class once in the
 * backend's tests. Provide:
 * <ul>
 *   <li>{@link #openEmptyArea()}: a new backend on a fresh, empty area, opened as the gateway opens it. Called before
 *       every test; {@link #closeArea} after it (close the backend, remove the area).</li>
 *   <li>{@link #rawEntries}: everything the backend holds for the area in the storage itself, internal entries
 *       included (temporaries, side-cars, pending multipart uploads, staging records), one string each, in any stable
 *       form. The suite only compares snapshots of it, to prove that an aborted upload, a refused one or a deleted tree
 *       leaves nothing behind. Bookkeeping that exists whatever the entries (a lease of the running process) may be
 *       left out.</li>
 *   <li>{@link #leaveACrashedUpload}: what a process that died in the middle of an upload leaves behind, made the way
 *       such a process makes it, so that {@link StorageBackend#cleanStaleTemporaries()} has something to sweep.
 *       Return false when the backend keeps nothing during an upload; the sweep rule is then skipped.</li>
 *   <li>{@link #writeBehindTheBackend}: how another program changes a file in the store, if any can; and
 *       {@link #storageLocation} when the area lives somewhere no error message may name (a host directory).</li>
 *   <li>{@link #takeOffline} for a nearline backend (tape): how a file leaves the disk.</li>
 *   <li>{@link #isLayerAttribute} and {@link #verifiesDeclaredDigests()} when what is tested is a stack of layers
 *       over the backend rather than the raw backend (the suite holds for both).</li>
 *   <li>{@link #uploadSizeThatReachesStorage()} when an upload is only buffered in memory below some size (S3: one
 *       part), so the rules about in-flight uploads see bytes that really are in the store.</li>
 * </ul>
 * A rule a backend does not keep yet is named in {@link #knownDeviations()} with the reason, which disables that one
 * test for that backend; the rules themselves are not weakened per backend.
 *
 * <p>Each family of rules is one nested class ({@link WriteRules}, {@link ReadRules}, {@link NamespaceRules},
 * {@link MoveRules}, {@link ListingRules}, {@link AttributeRules}, {@link CleanupRules}), so a report reads like the
 * SPI; the rules of a feature ({@link SharedCopyRules}) skip themselves where the backend does not offer it. Every test
 * gets a backend of its own.
 */
public abstract class StorageBackendContract {

    /** A new backend on a fresh, empty area. */
    protected abstract StorageBackend openEmptyArea() throws Exception;

    /** Closes a backend of {@link #openEmptyArea()} and removes its area. */
    protected void closeArea(StorageBackend backend) throws Exception {
        backend.close();
    }

    /** Everything stored for the area, internal entries included (see the class comment). */
    protected abstract Set<String> rawEntries(StorageBackend backend) throws Exception;

    /**
     * Leaves what an upload of {@code partial} to {@code path} leaves when its process dies before commit or abort.
     * @return false when the backend keeps nothing for an upload in progress
     */
    protected abstract boolean leaveACrashedUpload(StorageBackend backend, AreaPath path, byte[] partial)
            throws Exception;

    /** Bytes an upload must have written before some of them are in the store (not just buffered in memory). */
    protected int uploadSizeThatReachesStorage() {
        return 64 * 1024;
    }

    /**
     * Where the area is stored (a host directory), which no StorageException message may name; empty when there is
     * nothing of the kind to hide.
     */
    protected Optional<String> storageLocation(StorageBackend backend) {
        return Optional.empty();
    }

    /**
     * Changes {@code path} to {@code content} the way another program would, behind the backend's back (a file
     * written on the host, an object PUT by another S3 client), creating its parents; false when nothing but the
     * backend can write to the store (the rules about such changes are then skipped).
     */
    protected abstract boolean writeBehindTheBackend(StorageBackend backend, AreaPath path, byte[] content)
            throws Exception;

    /**
     * Takes a committed file off disk (to tape), as the backend's own migration would; false for a backend whose files
     * are always on disk (the rules about offline files are then skipped).
     */
    protected boolean takeOffline(StorageBackend backend, AreaPath path) throws Exception {
        return false;
    }

    /**
     * Whether {@code key} is an attribute a layer of the backend under test stores by itself (the checksum layer's
     * checksums and stamp), which the rules about attributes leave aside. False for a raw backend.
     */
    protected boolean isLayerAttribute(String key) {
        return false;
    }

    /**
     * Whether the backend under test checks {@link org.tributary.backend.WriteOptions#expectedDigests()}: a stack with
     * the checksum layer does, a raw backend leaves it to that layer (the rules about declared digests are skipped).
     */
    protected boolean verifiesDeclaredDigests() {
        return false;
    }

    /**
     * Rules this backend is excused from, by test method name, with the reason (shown as the test's disabled reason).
     * Each entry is a known deviation from the SPI's javadoc that the project has accepted or not yet fixed.
     */
    protected Map<String, String> knownDeviations() {
        return Map.of();
    }

    /** A deviation names a rule that exists: a misspelt name would excuse nothing and say nothing. */
    @Test
    void everyKnownDeviationNamesARule() {
        Set<String> rules = new HashSet<>();
        for (Class<?> family : List.of(WriteRules.class, ReadRules.class, NamespaceRules.class, MoveRules.class,
                ListingRules.class, AttributeRules.class, CleanupRules.class, SharedCopyRules.class)) {
            for (Method m : family.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(ParameterizedTest.class)) {
                    rules.add(m.getName());
                }
            }
        }
        Set<String> unknown = new HashSet<>(knownDeviations().keySet());
        unknown.removeAll(rules);
        assertEquals(Set.of(), unknown, "deviations naming no rule");
    }

    @Nested
    public class Writes extends WriteRules {
        public Writes() { super(StorageBackendContract.this); }
    }

    @Nested
    public class Reads extends ReadRules {
        public Reads() { super(StorageBackendContract.this); }
    }

    @Nested
    public class Namespace extends NamespaceRules {
        public Namespace() { super(StorageBackendContract.this); }
    }

    @Nested
    public class Moves extends MoveRules {
        public Moves() { super(StorageBackendContract.this); }
    }

    @Nested
    public class Listings extends ListingRules {
        public Listings() { super(StorageBackendContract.this); }
    }

    @Nested
    public class Attributes extends AttributeRules {
        public Attributes() { super(StorageBackendContract.this); }
    }

    @Nested
    public class Cleanup extends CleanupRules {
        public Cleanup() { super(StorageBackendContract.this); }
    }

    @Nested
    public class SharedCopies extends SharedCopyRules {
        public SharedCopies() { super(StorageBackendContract.this); }
    }
}
