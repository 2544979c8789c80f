package org.tributary.gateway.tape;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.tributary.bench.jmh.GatewayFixture;
import org.tributary.gateway.config.TapeRestConfig;
import org.tributary.gateway.security.AccessDecision;
import org.tributary.gateway.security.Identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Tape REST API's own cost for FTS-sized requests (issue 12: accept a stage request of 2,000 files, poll a
 * 2,000-file request, archiveinfo of 2,000 paths), through {@link TapeRestOperations} with the SQLite store on the
 * local disk: decoding and routing every body path, the access check per file, the store's transaction. The areas are
 * the fixture's POSIX areas, which have no tape, so the backend's staging is not in the figure (the files fail at
 * poll time with "no tape", which costs no backend call); archiveinfo stats each path (missing files: one stat each).
 * JSON parsing and writing are not included. In the gateway's package because the operations' inputs are
 * package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TapeRestBenchmark {

    static final int FILES = 2000;

    private Path dir;
    private JdbcStageRequestStore store;
    private TapeRestOperations operations;
    private List<String> paths;
    private String polled;

    @Setup(Level.Trial)
    public void open(GatewayFixture gateway) throws IOException {
        dir = Files.createTempDirectory("tributary-jmh-tape-");
        TapeRestConfig config = new TapeRestConfig(true, "BENCH", "", TapeRestConfig.DEFAULT_PATH,
                TapeRestConfig.DEFAULT_PIN_LIFETIME, TapeRestConfig.DEFAULT_MAX_PIN_LIFETIME,
                TapeRestConfig.DEFAULT_REQUEST_LIFETIME, TapeRestConfig.DEFAULT_MAX_FILES,
                TapeRestConfig.Store.sqlite(dir));
        store = JdbcStageRequestStore.open(config.store());
        operations = new TapeRestOperations(config, gateway.router(),
                (who, area, op, path) -> AccessDecision.allow("benchmark"), store, Clock.systemUTC());
        paths = new ArrayList<>(FILES);
        for (int i = 0; i < FILES; i++) paths.add("/data/atlas/rucio/mc23_13p6TeV/4f/a2/EVNT.38124717._" + i + ".pool.root.1");
        polled = stage2000();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** POST stage with 2,000 files, after the body is parsed: paths decoded and routed, checked, stored. */
    @Benchmark
    public String stage2000() throws IOException {
        List<TapeRestOperations.Wanted> wanted = new ArrayList<>(FILES);
        for (String p : paths) {
            wanted.add(new TapeRestOperations.Wanted(BodyPath.resolve(operations.router(), p), Optional.empty(),
                    java.util.Map.of()));
        }
        return operations.stage(Identity.ANONYMOUS, wanted);
    }

    /** GET stage/{id} of a 2,000-file request, before the JSON is written. */
    @Benchmark
    public TapeRestOperations.Status poll2000() throws IOException {
        return operations.poll(Identity.ANONYMOUS, polled);
    }

    /** POST archiveinfo with 2,000 paths, after the body is parsed. */
    @Benchmark
    public List<TapeRestOperations.Locate> archiveInfo2000() throws IOException {
        List<BodyPath> asked = new ArrayList<>(FILES);
        for (String p : paths) asked.add(BodyPath.resolve(operations.router(), p));
        return operations.archiveInfo(Identity.ANONYMOUS, asked);
    }

}
