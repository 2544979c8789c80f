package org.tributary.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.http.RequestTarget;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The raw request path to an area and a confined path inside it, as the handler does it before anything touches
 * storage: strict percent- and UTF-8 decoding into segments ({@link RequestTarget}), the longest access point
 * among three areas ({@link AreaRouter}), and the lexical confinement of the rest ({@code AreaPath}: no dot
 * segments, NUL, backslash or reserved names). The POSIX backend's symlink check (one lstat per level) is I/O and
 * not measured here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RequestPathBenchmark {

    /** The request paths, by the parameter's value. */
    static final Map<String, String> RAW = Map.of(
            "plain", "/data/atlas/rucio/mc23_13p6TeV/4f/a2/EVNT.38124717._000123.pool.root.1",
            "encoded", "/data/user%20files/caf%C3%A9/r%C3%A9sum%C3%A9%20%E2%80%94%20final/EVNT%2B123.root");

    /** plain: a Rucio replica path, ASCII only; encoded: percent-encoded spaces and UTF-8. */
    @Param({"plain", "encoded"})
    public String path;

    private String raw;

    @Setup(Level.Trial)
    public void pickPath(GatewayFixture gateway) {
        raw = RAW.get(path);
        if (decodeAndRoute(gateway).isEmpty()) throw new IllegalStateException(raw + " routes to no area");
    }

    @Benchmark
    public Optional<AreaRouter.Route> decodeAndRoute(GatewayFixture gateway) {
        List<String> segments = RequestTarget.decodeSegments(raw);
        return gateway.router().route(segments);
    }
}
