package org.tributary.backend.checksum;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.ForwardingPendingWrite;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.WriteOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Computes the area's checksums while an upload streams through and stores them with the file at commit, bound to
 * the content version ({@link #STAMP_KEY}); verifies checksums the client declared before anything becomes visible.
 * Files that arrive behind the gateway's back get theirs computed on first request and cached the same way, so a
 * stale value is never served after the file changes. A file that is not on disk ({@link EntryInfo#locality()} not
 * online: on tape) is never read for that: the read would be a recall.
 */
public final class ChecksummingBackend extends ForwardingBackend {

    /** Attribute holding the change stamp the stored checksums were computed for. */
    public static final String STAMP_KEY = "tributary.checksum.stamp";

    private final Set<ChecksumAlgorithm> stored;

    public ChecksummingBackend(StorageBackend delegate, List<ChecksumAlgorithm> algorithms) {
        super(delegate);
        this.stored = algorithms.isEmpty() ? EnumSet.noneOf(ChecksumAlgorithm.class) : EnumSet.copyOf(algorithms);
    }

    public Set<ChecksumAlgorithm> storedAlgorithms() { return Set.copyOf(stored); }

    @Override
    public PendingWrite beginWrite(AreaPath path, WriteOptions options) throws IOException {
        Map<ChecksumAlgorithm, String> expected = new EnumMap<>(ChecksumAlgorithm.class);
        for (var e : options.expectedDigests().entrySet()) {
            ChecksumAlgorithm alg = ChecksumAlgorithm.fromName(e.getKey()).orElseThrow(
                    () -> new StorageException(StorageException.Kind.UNSUPPORTED, "unsupported digest algorithm " + e.getKey()));
            expected.put(alg, e.getValue());
        }
        EnumSet<ChecksumAlgorithm> algs = EnumSet.noneOf(ChecksumAlgorithm.class);
        algs.addAll(stored);
        algs.addAll(expected.keySet());
        return new DigestingWrite(delegate.beginWrite(path, options), algs, expected);
    }

    /**
     * The checksum of a file in canonical form, from the stored value when it belongs to the current content,
     * otherwise computed now (one read for all of the area's algorithms plus the one asked) and cached.
     *
     * @return empty when the entry is a directory, or when there is no current stored value and the file is not on
     *         disk (computing one would recall it from tape; the caller answers without the checksum)
     */
    public Optional<String> checksum(AreaPath path, ChecksumAlgorithm algorithm) throws IOException {
        return checksum(delegate.stat(path).orElseThrow(() -> StorageException.notFound(path)), algorithm);
    }

    /** As {@link #checksum(AreaPath, ChecksumAlgorithm)}, for an entry the caller has just looked at. */
    public Optional<String> checksum(EntryInfo info, ChecksumAlgorithm algorithm) throws IOException {
        AreaPath path = info.path();
        if (!info.isFile()) return Optional.empty();
        // Two keys, not the whole map: this runs on every HEAD + Want-Digest (SPECS §1.2, after each TPC).
        Map<String, String> attrs = delegate.attributes(path, Set.of(STAMP_KEY, algorithm.attributeKey()));
        boolean current = info.changeStamp().equals(attrs.get(STAMP_KEY));
        if (current && attrs.containsKey(algorithm.attributeKey())) {
            return Optional.of(attrs.get(algorithm.attributeKey()));
        }
        if (!info.locality().online()) return Optional.empty();
        EnumSet<ChecksumAlgorithm> algs = EnumSet.of(algorithm);
        algs.addAll(stored);
        Map<ChecksumAlgorithm, String> computed = computeByReading(path, algs);
        // Cache only if the file did not change while it was read; otherwise the value describes no version at all.
        Optional<EntryInfo> after = delegate.stat(path);
        if (after.isPresent() && after.get().changeStamp().equals(info.changeStamp())) {
            Map<String, String> set = new HashMap<>();
            computed.forEach((a, v) -> set.put(a.attributeKey(), v));
            set.put(STAMP_KEY, info.changeStamp());
            Set<String> remove = new HashSet<>();
            if (!current) {
                for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
                    if (!computed.containsKey(a)) remove.add(a.attributeKey());
                }
            }
            delegate.updateAttributes(path, set, remove);
        }
        return Optional.of(computed.get(algorithm));
    }

    private Map<ChecksumAlgorithm, String> computeByReading(AreaPath path, Set<ChecksumAlgorithm> algs) throws IOException {
        Map<ChecksumAlgorithm, StreamingDigest> digests = new EnumMap<>(ChecksumAlgorithm.class);
        for (ChecksumAlgorithm a : algs) digests.put(a, a.newDigest());
        try (ReadHandle h = delegate.openRead(path); InputStream in = h.stream(0, h.info().size())) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (StreamingDigest d : digests.values()) d.update(ByteBuffer.wrap(buf, 0, n));
            }
        }
        Map<ChecksumAlgorithm, String> out = new EnumMap<>(ChecksumAlgorithm.class);
        digests.forEach((a, d) -> out.put(a, d.finish()));
        return out;
    }

    /** An upload whose bytes feed the digests on their way to the backend. */
    private final class DigestingWrite extends ForwardingPendingWrite {
        private final Map<ChecksumAlgorithm, StreamingDigest> digests = new EnumMap<>(ChecksumAlgorithm.class);
        private final Map<ChecksumAlgorithm, String> expected;
        private Map<ChecksumAlgorithm, String> values;

        DigestingWrite(PendingWrite delegate, Set<ChecksumAlgorithm> algs, Map<ChecksumAlgorithm, String> expected) {
            super(delegate);
            for (ChecksumAlgorithm a : algs) digests.put(a, a.newDigest());
            this.expected = expected;
        }

        @Override
        public void write(ByteBuffer src) throws IOException {
            for (StreamingDigest d : digests.values()) d.update(src.duplicate());
            delegate.write(src);
        }

        @Override
        public CommitResult commit(Map<String, String> attributes) throws IOException {
            Map<ChecksumAlgorithm, String> v = finish();
            for (var e : expected.entrySet()) {
                String actual = v.get(e.getKey());
                if (!e.getKey().matches(actual, e.getValue())) {
                    delegate.abort();
                    throw new StorageException(StorageException.Kind.CHECKSUM_MISMATCH,
                            e.getKey().wireName() + " mismatch: declared " + e.getValue() + ", received data has " + actual);
                }
            }
            Map<String, String> all = new HashMap<>(attributes);
            for (var e : v.entrySet()) {
                if (stored.contains(e.getKey())) all.put(e.getKey().attributeKey(), e.getValue());
            }
            all.put(STAMP_KEY, delegate.contentStamp());
            return delegate.commit(all);
        }

        /** The computed values; also available to the gateway after commit (e.g. to answer with a Digest header). */
        Map<ChecksumAlgorithm, String> finish() {
            if (values == null) {
                values = new EnumMap<>(ChecksumAlgorithm.class);
                digests.forEach((a, d) -> values.put(a, d.finish()));
            }
            return values;
        }
    }
}
