package org.tributary.backend.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Which multipart uploads under the area's prefix belong to a gateway that is gone, so that they are aborted at the
 * next start and when S3 answers again after an outage, instead of a day later.
 *
 * <p>ListMultipartUploads tells neither who started an upload nor whether that process still runs, and an upload's
 * metadata cannot be read back before it completes, so each running backend (a <em>run</em>: one per area per
 * process, with a random id) keeps that knowledge in the bucket itself, under {@code <prefix>.tributary/uploads/}:
 * <ul>
 *   <li>{@code <run>/lease}: where the run lives (host identity, pid, process start) and its lease length. It is
 *       rewritten every quarter of the lease; S3's own LastModified dates it, so gateway clocks do not matter.</li>
 *   <li>{@code <run>/<upload id>}: one empty object per multipart upload the run started, written right after
 *       CreateMultipartUpload and deleted after Complete or Abort.</li>
 * </ul>
 * A run other than this one is gone, and its recorded uploads are aborted, when its lease has not been renewed for a
 * whole lease period by S3's clock, or at once when it ran on this host (same boot and PID namespace) in a process
 * that no longer exists (pid and start time), or in this very process and was closed. A run whose lease is fresh on
 * another host, or whose process is alive, is never touched: two gateways on one bucket only ever abort each other's
 * uploads after the other stopped renewing. This run's own recorded uploads that no request is writing any more
 * (their abort failed while S3 was unreachable) are aborted too. An upload nobody recorded (a crash between
 * CreateMultipartUpload and the record, or another tool) is aborted only when it is older than a day, as before.
 */
final class OwnedUploads implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(OwnedUploads.class.getName());
    static final String DIR = S3Backend.INTERNAL + "uploads/";
    private static final String LEASE = "lease";
    /** Unrecorded uploads older than this are taken for leftovers of a crash. */
    static final Duration UNRECORDED_STALE = Duration.ofHours(24);
    /** Runs of this process that have not been closed: a closed one counts as a crashed process. */
    private static final Set<String> LIVE_RUNS = ConcurrentHashMap.newKeySet();

    /**
     * @param host  what identifies this host and PID namespace (null: unknown, then only leases decide)
     * @param lease how long a run's uploads are safe without a renewal of its lease
     */
    record Settings(String host, Duration lease) {
        static final Settings DEFAULT = new Settings(thisHost(), Duration.ofMinutes(2));
    }

    /** Where a run lives, as written in its lease. */
    private record Whereabouts(String host, long pid, long started, long leaseMillis) { }

    private final S3Backend backend;
    private final String root;
    private final String run = UUID.randomUUID().toString();
    private final Settings settings;
    private final Whereabouts self;
    /** Upload ids a request of this run is still writing (or committing). */
    private final Set<String> active = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final AtomicLong sweeps = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private boolean failing;
    private long beats;

    OwnedUploads(S3Backend backend, Settings settings) {
        this.backend = backend;
        this.root = backend.prefix + DIR;
        this.settings = settings;
        ProcessHandle me = ProcessHandle.current();
        this.self = new Whereabouts(settings.host(), me.pid(),
                me.info().startInstant().map(Instant::toEpochMilli).orElse(-1L), settings.lease().toMillis());
        LIVE_RUNS.add(run);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("s3-upload-lease " + backend.bucket + "/" + backend.prefix).unstarted(r));
        long every = Math.max(1, settings.lease().toMillis() / 4);
        timer.scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS); // the lease at once
    }

    /** The host's boot id and this process's PID namespace: equal for two processes that can see each other's pids. */
    static String thisHost() {
        try {
            String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
            String pidNs = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            return boot + " " + pidNs;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    long sweeps() { return sweeps.get(); }

    long failures() { return failures.get(); }

    /** Called right after CreateMultipartUpload. A failed record only leaves the upload to the day-old rule. */
    void started(String uploadId) {
        active.add(uploadId);
        try {
            backend.s3.putObject(r -> r.bucket(backend.bucket).key(record(uploadId)), RequestBody.empty());
        } catch (SdkException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not record upload {0}: {1}", uploadId, e.getMessage());
        }
    }

    /** Called after CompleteMultipartUpload or a successful AbortMultipartUpload. */
    void ended(String uploadId) {
        active.remove(uploadId);
        try {
            backend.s3.deleteObject(r -> r.bucket(backend.bucket).key(record(uploadId)));
        } catch (SdkException e) {
            // the next sweep finds a record without its upload and deletes it
        }
    }

    /** Called when AbortMultipartUpload failed: the record stays, so the next sweep aborts the upload. */
    void abandoned(String uploadId) {
        active.remove(uploadId);
    }

    private String record(String uploadId) {
        // upload ids are opaque: encoded so that no character of one can add a key level
        return root + run + "/" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(uploadId.getBytes(StandardCharsets.UTF_8));
    }

    private static String uploadIdOf(String recordName) {
        try {
            return new String(Base64.getUrlDecoder().decode(recordName), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Renews the lease; every fourth time, and on the first success after failures (S3 is back), sweeps. */
    private synchronized void beat() {
        try {
            if (failing || ++beats % 4 == 0) {
                int n = sweep(false);
                if (failing) LOG.log(System.Logger.Level.INFO, "{0}: S3 answers again", backend);
                if (n > 0) LOG.log(System.Logger.Level.INFO, "{0}: aborted {1} abandoned multipart uploads", backend, n);
            } else {
                renew();
            }
            failing = false;
        } catch (IOException | RuntimeException e) {
            // RuntimeException too: SdkException, UncheckedIOException, and a task that throws is never run again
            failures.incrementAndGet();
            if (!failing) {
                LOG.log(System.Logger.Level.WARNING, "{0}: cannot renew the upload lease ({1}); abandoned uploads are"
                        + " aborted when S3 answers again", backend, e.getMessage());
            }
            failing = true;
        }
    }

    private void renew() {
        Properties p = new Properties();
        p.setProperty("host", String.valueOf(self.host()));
        p.setProperty("pid", Long.toString(self.pid()));
        p.setProperty("started", Long.toString(self.started()));
        p.setProperty("lease-millis", Long.toString(self.leaseMillis()));
        StringWriter w = new StringWriter();
        try {
            p.store(w, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        backend.s3.putObject(r -> r.bucket(backend.bucket).key(root + run + "/" + LEASE).contentType("text/plain"),
                RequestBody.fromString(w.toString(), StandardCharsets.UTF_8));
    }

    /** What the bucket says about one run. */
    private static final class RunState {
        Instant leaseAt;
        Instant newest = Instant.EPOCH;
        final Map<String, String> records = new HashMap<>(); // upload id -> record key
    }

    /**
     * Aborts the multipart uploads of runs that are gone and this run's uploads no request writes any more, then
     * removes their records; at start-up also unrecorded uploads older than a day. Returns how many were aborted.
     */
    synchronized int sweep(boolean startUp) throws IOException {
        try {
            try {
                renew();
            } catch (SdkException e) {
                if (!startUp) throw e;
                // e.g. credentials that may not write: uploads of others are still judged, by their leases
                LOG.log(System.Logger.Level.WARNING, "{0}: cannot write the upload lease: {1}", backend, e.getMessage());
            }
            Map<String, RunState> runs = runs();
            RunState mine = runs.get(run);
            Instant now = mine != null && mine.leaseAt != null ? mine.leaseAt : Instant.now();
            Set<String> gone = new HashSet<>();
            Map<String, String> owner = new HashMap<>();
            boolean orphans = false;
            for (var e : runs.entrySet()) {
                e.getValue().records.keySet().forEach(id -> owner.put(id, e.getKey()));
                if (e.getKey().equals(run)) {
                    orphans |= !active.containsAll(e.getValue().records.keySet());
                } else if (isGone(e.getKey(), e.getValue(), now)) {
                    gone.add(e.getKey());
                }
            }
            int n = 0;
            if (startUp || orphans || !gone.isEmpty()) {
                Instant dayAgo = now.minus(UNRECORDED_STALE);
                Set<String> pending = new HashSet<>();
                for (MultipartUpload u : backend.multipartUploads()) {
                    String id = u.uploadId();
                    String by = owner.get(id);
                    boolean abandoned = by == null ? u.initiated() != null && u.initiated().isBefore(dayAgo)
                            : by.equals(run) ? !active.contains(id) : gone.contains(by);
                    if (abandoned) {
                        backend.abortUpload(u.key(), id);
                        n++;
                    } else {
                        pending.add(id);
                    }
                }
                // records of ended runs, and this run's records whose upload is no longer pending or active
                for (var e : runs.entrySet()) {
                    boolean ended = gone.contains(e.getKey());
                    for (var r : e.getValue().records.entrySet()) {
                        boolean keep = e.getKey().equals(run) ? active.contains(r.getKey()) || pending.contains(r.getKey())
                                : !ended;
                        if (!keep) delete(r.getValue());
                    }
                    if (ended && e.getValue().leaseAt != null) delete(root + e.getKey() + "/" + LEASE);
                }
            }
            sweeps.incrementAndGet();
            return n;
        } catch (SdkException e) {
            throw S3Errors.map(e, "sweep of abandoned uploads in", null);
        }
    }

    private Map<String, RunState> runs() {
        Map<String, RunState> runs = new HashMap<>();
        for (ListObjectsV2Response page : backend.s3.listObjectsV2Paginator(b -> b.bucket(backend.bucket).prefix(root))) {
            for (S3Object o : page.contents()) {
                String rel = o.key().substring(root.length());
                int slash = rel.indexOf('/');
                if (slash <= 0) continue;
                RunState s = runs.computeIfAbsent(rel.substring(0, slash), k -> new RunState());
                String name = rel.substring(slash + 1);
                if (name.equals(LEASE)) {
                    s.leaseAt = o.lastModified();
                } else {
                    String id = uploadIdOf(name);
                    if (id != null) s.records.put(id, o.key());
                    if (o.lastModified() != null && o.lastModified().isAfter(s.newest)) s.newest = o.lastModified();
                }
            }
        }
        return runs;
    }

    /** See the class comment: a run is gone when its lease lapsed, or its process on this host no longer exists. */
    private boolean isGone(String other, RunState s, Instant now) {
        Whereabouts w = s.leaseAt == null ? null : whereabouts(other);
        long leaseMillis = w == null || w.leaseMillis() <= 0 ? self.leaseMillis() : w.leaseMillis();
        Instant last = s.leaseAt != null ? s.leaseAt : s.newest;
        if (Duration.between(last, now).toMillis() > leaseMillis) return true;
        if (w == null || self.host() == null || !self.host().equals(w.host()) || w.started() < 0) return false;
        if (w.pid() == self.pid() && w.started() == self.started()) return !LIVE_RUNS.contains(other);
        return ProcessHandle.of(w.pid()).flatMap(h -> h.info().startInstant())
                .map(i -> i.toEpochMilli() != w.started()).orElse(true);
    }

    private Whereabouts whereabouts(String other) {
        try (InputStream in = backend.s3.getObject(r -> r.bucket(backend.bucket).key(root + other + "/" + LEASE))) {
            Properties p = new Properties();
            p.load(new StringReader(new String(in.readNBytes(4096), StandardCharsets.UTF_8)));
            return new Whereabouts(p.getProperty("host"), Long.parseLong(p.getProperty("pid", "-1")),
                    Long.parseLong(p.getProperty("started", "-1")), Long.parseLong(p.getProperty("lease-millis", "0")));
        } catch (SdkException | IOException | NumberFormatException e) {
            return null; // unreadable: only the lease's date decides
        }
    }

    private void delete(String key) {
        backend.s3.deleteObject(r -> r.bucket(backend.bucket).key(key));
    }

    /** Stops renewing. Uploads still recorded are left for the next sweep of any run, as after a crash. */
    @Override
    public void close() {
        LIVE_RUNS.remove(run);
        timer.shutdownNow();
        if (active.isEmpty()) {
            try {
                delete(root + run + "/" + LEASE);
            } catch (SdkException e) {
                // a lease without records is removed by the next sweep of another run
            }
        }
    }
}
