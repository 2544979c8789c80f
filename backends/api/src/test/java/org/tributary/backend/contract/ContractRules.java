package org.tributary.backend.contract;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.opentest4j.AssertionFailedError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.function.Executable;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Listing;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.PendingWrite.CommitResult;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;

/**
 * What every family of rules shares: a fresh backend per test from the {@link StorageBackendContract}, and the few
 * calls into the SPI the rules are written with (one place each, so a change of a signature is one change here).
 */
@ExtendWith(ContractRules.KnownDeviation.class)
abstract class ContractRules {

    final StorageBackendContract contract;
    StorageBackend backend;

    ContractRules(StorageBackendContract contract) {
        this.contract = contract;
    }

    @BeforeEach
    void openArea() throws Exception {
        backend = contract.openEmptyArea();
    }

    @AfterEach
    void closeArea() throws Exception {
        if (backend != null) contract.closeArea(backend);
    }

    // ---- the SPI calls

    /** The one call of beginWrite in the suite. */
    PendingWrite begin(String path, WriteOptions options) throws IOException {
        return backend.beginWrite(p(path), options);
    }

    CommitResult put(String path, byte[] content) throws IOException {
        return put(path, content, WriteOptions.defaults(), Map.of());
    }

    CommitResult put(String path, byte[] content, Map<String, String> attributes) throws IOException {
        return put(path, content, WriteOptions.defaults(), attributes);
    }

    CommitResult put(String path, byte[] content, WriteOptions options, Map<String, String> attributes)
            throws IOException {
        try (PendingWrite w = begin(path, options.withExpectedSize(content.length))) {
            write(w, content);
            return w.commit(attributes);
        }
    }

    /** Writes in uneven pieces, so that buffer and part boundaries fall inside writes. */
    static void write(PendingWrite w, byte[] content) throws IOException {
        for (int off = 0; off < content.length; ) {
            int n = Math.min(content.length - off, 100_003);
            w.write(ByteBuffer.wrap(content, off, n));
            off += n;
        }
    }

    byte[] read(String path) throws IOException {
        try (ReadHandle h = backend.openRead(p(path))) {
            return read(h, 0, h.info().size());
        }
    }

    static byte[] read(ReadHandle h, long offset, long length) throws IOException {
        try (InputStream in = h.stream(offset, length)) {
            return in.readAllBytes();
        }
    }

    /** The attributes of an entry, without those a layer under test keeps for itself (checksums). */
    Map<String, String> attributes(String path) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(backend.attributes(p(path)));
        all.keySet().removeIf(contract::isLayerAttribute);
        return all;
    }

    boolean exists(String path) throws IOException {
        return backend.stat(p(path)).isPresent();
    }

    EntryInfo stat(String path) throws IOException {
        return backend.stat(p(path)).orElseThrow(() -> new AssertionError("no entry at " + path));
    }

    void mkdir(String path) throws IOException {
        backend.createDirectory(p(path));
    }

    /** The names a listing shows, collections with a trailing '/'. */
    Set<String> names(String directory) throws IOException {
        Set<String> out = new HashSet<>();
        try (Listing l = backend.list(p(directory))) {
            for (EntryInfo e : l) out.add(e.path().name() + (e.isDirectory() ? "/" : ""));
        }
        return out;
    }

    Set<String> raw() throws Exception {
        return Set.copyOf(contract.rawEntries(backend));
    }

    // ---- values

    static AreaPath p(String path) {
        return AreaPath.parse(path);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Durable, no declared size or digests. */
    static WriteOptions options(boolean overwrite, boolean createParents) {
        return new WriteOptions(-1, overwrite, createParents, true, Map.of());
    }

    byte[] storedUpload(long seed) {
        return random(contract.uploadSizeThatReachesStorage(), seed);
    }

    /**
     * The kind of the StorageException {@code call} throws, after checking what StorageException promises of every
     * message: "a one-line reason safe to show to the client (no paths of the host file system, no stack traces)".
     */
    Kind kindOf(Executable call) {
        try {
            call.execute();
        } catch (StorageException e) {
            return checked(e).kind();
        } catch (RuntimeException | Error e) {
            throw e;    // an assertion, or a rule skipped on the way (TestAbortedException)
        } catch (Throwable t) {
            throw new AssertionFailedError("expected a StorageException, got " + t, t);
        }
        throw new AssertionFailedError("expected a StorageException, nothing was thrown");
    }

    StorageException checked(StorageException e) {
        String m = e.getMessage();
        assertTrue(m != null && !m.isBlank(), "a reason is given: " + e);
        assertFalse(m.contains("\n") || m.contains("\r"), "one line: " + m);
        contract.storageLocation(backend).ifPresent(where ->
                assertFalse(m.contains(where), "the message names where the area is stored: " + m));
        return e;
    }

    /** Disables the rules a backend names in {@link StorageBackendContract#knownDeviations()}. */
    static final class KnownDeviation implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isEmpty()
                    || !(context.getTestInstance().orElse(null) instanceof ContractRules rules)) {
                return ConditionEvaluationResult.enabled("not a rule");
            }
            String why = rules.contract.knownDeviations().get(context.getRequiredTestMethod().getName());
            return why == null ? ConditionEvaluationResult.enabled("kept by this backend")
                    : ConditionEvaluationResult.disabled("known deviation of this backend: " + why);
        }
    }
}
