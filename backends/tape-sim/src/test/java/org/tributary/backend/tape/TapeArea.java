package org.tributary.backend.tape;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Locality;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.posix.PosixOptions;
import org.tributary.backend.staging.ArchiveMetadata;
import org.tributary.backend.staging.StageProgress;
import org.tributary.backend.tape.library.DriveFaults;
import org.tributary.backend.tape.library.TapeTime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * A simulated tape area in a fresh temporary directory, for tests: buffer and library side by side, the clock sped up
 * 100,000 times (a mount takes a quarter of a millisecond), migration as soon as a file is written. Reopening keeps
 * the directories (the restart tests).
 */
final class TapeArea implements AutoCloseable {

    /** How long a test waits for the library to reach a state before it fails (a bound, never a measurement). */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    final Path dir;
    TapeSimOptions options;
    /** The buffer's posix options (a test turns xattrs off to use side-cars). */
    PosixOptions bufferOptions = PosixOptions.defaults();
    TapeSimBackend backend;

    private TapeArea(Path dir, TapeSimOptions options) {
        this.dir = dir;
        this.options = options;
    }

    static TapeSimOptions defaults(Path dir) {
        return TapeSimOptions.of(dir.resolve("buffer"), dir.resolve("library"), 100_000)
                .withMigration(Duration.ZERO, 0, Duration.ZERO);
    }

    static TapeArea create(java.util.function.UnaryOperator<TapeSimOptions> tune) throws IOException {
        Path dir = Files.createTempDirectory("tape-sim-test");
        Files.createDirectories(dir.resolve("buffer"));
        Files.createDirectories(dir.resolve("library"));
        return new TapeArea(dir, tune.apply(defaults(dir)));
    }

    TapeArea open() throws IOException {
        return open(gate, DriveFaults.NONE);
    }

    /** The time of {@link #open()}: scaled, and held still while a test has it shut (no drive step ends). */
    final Gate gate = new Gate();

    final class Gate implements TapeTime {
        private volatile java.util.concurrent.CountDownLatch shut;

        void shut() { shut = new java.util.concurrent.CountDownLatch(1); }

        void open() {
            var l = shut;
            shut = null;
            if (l != null) l.countDown();
        }

        @Override
        public void pass(Duration simulated) throws InterruptedException {
            var l = shut;
            if (l != null) l.await();
            TapeTime.scaled(options.timeScale()).pass(simulated);
        }
    }

    TapeArea open(TapeTime time, DriveFaults faults) throws IOException {
        backend = TapeSimBackend.open(options, bufferOptions, time, clock, faults);
        return this;
    }

    /** The library's clock: the real time plus whatever a test has advanced it by (the policies' ages, pins). */
    final AdvancingClock clock = new AdvancingClock();

    static final class AdvancingClock extends Clock {
        private volatile Duration ahead = Duration.ZERO;

        void advance(Duration d) { ahead = ahead.plus(d); }

        @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return Instant.now().plus(ahead); }
    }

    /** A second connection to the catalogue, to see where the library put a file. */
    org.tributary.backend.tape.catalogue.FileRecord record(String path) throws IOException {
        try (var c = org.tributary.backend.tape.catalogue.Catalogue.open(options.library().resolve("catalogue.db"))) {
            return c.file(path).orElseThrow();
        }
    }

    static AreaPath p(String s) { return AreaPath.parse(s); }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + seed);
        return b;
    }

    PendingWrite.CommitResult put(String path, byte[] content) throws IOException {
        return put(backend, path, content, Map.of());
    }

    PendingWrite.CommitResult put(String path, byte[] content, String collocation) throws IOException {
        return put(backend, path, content, Map.of(ArchiveMetadata.ATTRIBUTE, "{\"collocation\": \"" + collocation + "\"}"));
    }

    static PendingWrite.CommitResult put(StorageBackend b, String path, byte[] content, Map<String, String> attributes)
            throws IOException {
        try (PendingWrite w = b.beginWrite(p(path), WriteOptions.defaults().withExpectedSize(content.length))) {
            w.write(ByteBuffer.wrap(content));
            return w.commit(attributes);
        }
    }

    byte[] read(String path) throws IOException {
        try (ReadHandle h = backend.openRead(p(path)); InputStream in = h.stream(0, h.info().size())) {
            return in.readAllBytes();
        }
    }

    Locality locality(String path) throws IOException {
        return backend.stat(p(path)).map(EntryInfo::locality).orElseThrow();
    }

    StageProgress.State state(String requester, String path) throws IOException {
        return backend.progress(requester, p(path)).state();
    }

    /** Waits for the file to reach tape. */
    void awaitMigrated(String path) throws Exception {
        await(() -> locality(path) == Locality.DISK_AND_TAPE, path + " on tape");
    }

    /** Takes a migrated file off disk: a stage and a release by a requester of its own with evict-on-release. */
    void evict(String path) throws Exception {
        awaitMigrated(path);
        backend.stage("evictor", List.of(p(path)), clock.instant());
        TapeSimBackend b = backend;
        boolean was = options.evictOnRelease();
        if (!was) throw new IllegalStateException("evict() needs evict-on-release");
        b.release("evictor", List.of(p(path)));
    }

    /** Waits for the file to be on tape only. */
    void awaitEvicted(String path) throws Exception {
        await(() -> locality(path) == Locality.TAPE, path + " on tape only");
    }

    void awaitState(String requester, String path, StageProgress.State s) throws Exception {
        await(() -> state(requester, path) == s, path + " " + s + " for " + requester);
    }

    static void await(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what + "; drives:\n" + drives());
            Thread.sleep(5);
        }
    }

    /** The stacks of the library's threads, for a test that timed out. */
    static String drives() {
        StringBuilder b = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            b.append("thread ").append(t.getName()).append('\n');
            if (!t.getName().startsWith("tape-drive")) return;
            b.append(t.getName()).append(' ').append(t.getState()).append('\n');
            for (StackTraceElement e : stack) b.append("    at ").append(e).append('\n');
        });
        return b.toString();
    }

    Path cartridge(String id) {
        return options.library().resolve("cartridges").resolve(id);
    }

    void closeBackend() throws IOException {
        if (backend != null) backend.close();
        backend = null;
    }

    @Override
    public void close() throws IOException {
        closeBackend();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path x : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }
}
