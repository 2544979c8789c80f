package org.tributary.gateway.health;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Reachability;
import org.tributary.backend.StorageBackend;
import org.tributary.gateway.area.StorageArea;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Whether this gateway should be sent requests now (decision 0036): not while it is starting, not once it is draining
 * (a stop signal came: running requests finish, new ones belong elsewhere), and not while the storage behind one of
 * its areas does not answer. Each area's storage is asked with one cheap probe (its {@link Reachability} feature, an
 * S3 HeadBucket; otherwise a stat of the area's root), all areas at once, each bounded by a timeout, and each result
 * stands for a while (a Caffeine cache with expire-after-write): however often a load balancer asks, the storage sees
 * at most one probe per area per {@code probe-cache}, and storage that hangs holds one probe, not one per period.
 */
public final class Readiness implements AutoCloseable {

    /** What one look found: the state, and each area's storage ("ok" or why not). */
    public record Report(State state, Map<String, String> areas) {
        public boolean ready() { return state == State.READY; }
    }

    public enum State {
        STARTING("starting"), READY("ready"), DRAINING("draining"), UNAVAILABLE("storage unavailable");

        private final String text;

        State(String text) { this.text = text; }

        public String text() { return text; }
    }

    static final String OK = "ok";

    private final List<StorageArea> areas;
    private final Duration timeout;
    private final AsyncCache<String, String> results;
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, CompletableFuture<String>> inFlight = new ConcurrentHashMap<>();
    private volatile boolean started;
    private volatile boolean draining;

    /**
     * @param areas   the storage areas; class views are left out (their storage is their area's)
     * @param timeout how long one probe may take before the area counts as unreachable
     * @param cache   how long one probe's result stands
     */
    public Readiness(List<StorageArea> areas, Duration timeout, Duration cache) {
        this.areas = areas.stream().filter(a -> !a.isClassView()).toList();
        this.timeout = timeout;
        this.results = Caffeine.newBuilder().expireAfterWrite(cache).buildAsync();
    }

    /** The gateway is listening and every part of it has started. */
    public void started() { started = true; }

    /** A stop began: from now on not ready, whatever the storage says. */
    public void draining() { draining = true; }

    public Report check() {
        if (draining) return new Report(State.DRAINING, Map.of());
        if (!started) return new Report(State.STARTING, Map.of());
        Map<String, CompletableFuture<String>> asked = new LinkedHashMap<>();
        for (StorageArea a : areas) {
            asked.put(a.name(), results.get(a.name(), (name, executor) -> running(a).copy()
                    .completeOnTimeout("no answer within " + timeout.toMillis() + " ms", timeout.toMillis(),
                            TimeUnit.MILLISECONDS)));
        }
        Map<String, String> found = new LinkedHashMap<>();
        boolean allOk = true;
        for (var e : asked.entrySet()) {
            String r = e.getValue().join();
            found.put(e.getKey(), r);
            allOk &= r.equals(OK);
        }
        return new Report(allOk ? State.READY : State.UNAVAILABLE, found);
    }

    /**
     * The area's probe still running (storage that hangs keeps one probe waiting, not one more per period), or a new
     * one.
     */
    private CompletableFuture<String> running(StorageArea a) {
        return inFlight.compute(a.name(), (name, f) -> f != null && !f.isDone() ? f
                : CompletableFuture.supplyAsync(() -> probe(a.backend()), probes));
    }

    /** "ok", or the reason in one line (no stack trace: it is for the admin reading the probe's answer). */
    private static String probe(StorageBackend backend) {
        try {
            Optional<Reachability> r = backend.feature(Reachability.class);
            if (r.isPresent()) {
                r.get().probe();
            } else {
                Optional<EntryInfo> root = backend.stat(AreaPath.ROOT);
                if (root.isEmpty() || !root.get().isDirectory()) return "the root of the area is not a directory";
            }
            return OK;
        } catch (Exception e) {
            String m = e.getMessage();
            return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replaceAll("[\\p{Cntrl}]+", " ");
        }
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
