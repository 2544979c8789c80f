package org.tributary.gateway.dashboard;

import org.tributary.backend.staging.LibraryStatus;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.report.StorageReport;
import org.tributary.gateway.tpc.TpcMethod;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The status document the page polls, read from the gateway's own objects (not from the metrics registry, which a
 * gateway may run without): byte totals (the page makes rates of them), the running third-party copies, the recent
 * errors, the areas' and classes' usage as the storage resource report states it, and the drives and
 * recall queue of each tape area.
 *
 * <p>Usage is asked of the backends at most once per {@link #USAGE_FOR} (an S3 area's usage is a listing), however
 * many pages poll.
 */
public final class DashboardStatus {

    static final Duration USAGE_FOR = Duration.ofSeconds(10);

    private final RecentRequests requests;
    private final Supplier<List<TpcMethod.RunningTransfer>> transfers;
    private final LongSupplier tpcBytes;
    private final StorageReport report;
    private final List<StorageArea> areas;
    private final Clock clock;
    private List<Object> usage;
    private Instant usageAt;

    /**
     * @param transfers the running copies ({@link TpcMethod#running})
     * @param tpcBytes  the bytes third-party copies moved over the network since start
     * @param report    the storage resource report, for each area's and class's usage
     * @param areas     the storage areas, for the drives and queues of those on tape ({@link LibraryStatus})
     */
    public DashboardStatus(RecentRequests requests, Supplier<List<TpcMethod.RunningTransfer>> transfers,
                           LongSupplier tpcBytes, StorageReport report, List<StorageArea> areas, Clock clock) {
        this.requests = requests;
        this.transfers = transfers;
        this.tpcBytes = tpcBytes;
        this.report = report;
        this.areas = areas;
        this.clock = clock;
    }

    /** The document, as plain maps and lists for a JSON writer (the page reads it by key; order is no matter). */
    public Map<String, Object> document() {
        Instant now = clock.instant();
        List<Object> running = new ArrayList<>();
        for (TpcMethod.RunningTransfer t : transfers.get()) {
            running.add(Map.of("kind", t.kind(), "area", t.area(), "path", t.path(), "remote", t.remote(),
                    "seconds", Duration.between(t.started(), now).toSeconds(), "bytes", t.bytes(), "size", t.size()));
        }
        List<Object> errors = new ArrayList<>();
        for (RecentRequests.Failure f : requests.failures()) {
            errors.add(Map.of("time", f.time().toString(), "method", f.method(), "path", f.path(),
                    "status", f.status(), "identity", f.identity(), "note", f.note()));
        }
        return Map.of("time", now.toEpochMilli(), "bytesIn", requests.bytesIn(), "bytesOut", requests.bytesOut(),
                "tpcBytes", tpcBytes.getAsLong(), "transfers", running, "errors", errors, "areas", usage(now),
                "tape", tape());
    }

    /** Each tape area's drives and queues, asked now: a look under the library's lock, no I/O. */
    private List<Object> tape() {
        List<Object> out = new ArrayList<>();
        for (StorageArea a : areas) {
            if (a.isClassView()) continue; // a class view shares its area's library
            a.backend().feature(LibraryStatus.class).map(LibraryStatus::libraryStatus).ifPresent(s -> out.add(Map.of(
                    "area", a.name(), "drives", s.drives(), "drivesInService", s.drivesInService(),
                    "drivesBusy", s.drivesBusy(), "recallsQueued", s.recallsQueued(),
                    "recallsRunning", s.recallsRunning(), "migrationsRunning", s.migrationsRunning())));
        }
        return out;
    }

    private synchronized List<Object> usage(Instant now) {
        if (usage == null || !now.isBefore(usageAt.plus(USAGE_FOR))) {
            List<Object> out = new ArrayList<>();
            Object service = report.document("localhost").get("storageservice");
            if (service instanceof Map<?, ?> s && s.get("storageshares") instanceof List<?> shares) {
                for (Object share : shares) {
                    if (!(share instanceof Map<?, ?> sh)) continue;
                    out.add(Map.of("name", String.valueOf(sh.get("name")),
                            "used", sh.containsKey("usedsize") ? sh.get("usedsize") : -1,
                            "total", sh.containsKey("totalsize") ? sh.get("totalsize") : -1));
                }
            }
            usage = out;
            usageAt = now;
        }
        return usage;
    }
}
