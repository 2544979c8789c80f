package org.tributary.gateway.tape;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Locality;
import org.tributary.backend.staging.StageProgress;
import org.tributary.backend.staging.Staging;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.TapeRestConfig;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.security.AccessDecision;
import org.tributary.gateway.security.AccessGuard;
import org.tributary.gateway.security.AccessPolicy;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.security.Operation;
import org.tributary.gateway.security.RequestOperations;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the Tape REST API does (SPECS §2.2), apart from HTTP and JSON ({@link TapeRestEndpoint} does those): accept,
 * report, cancel, forget and release stage requests kept in a {@link StageRequestStore}, with the files staged by the
 * {@link Staging} feature of each file's storage area, and locality from {@link EntryInfo#locality()}.
 *
 * <p>Access goes through the same table and policy as WebDAV ({@link RequestOperations} TAPE_STAGE and TAPE_POLL,
 * {@link AccessPolicy}): {@code storage.stage} for stage, cancel, delete and release; {@code storage.poll} or any
 * storage scope for poll and archiveinfo. A request naming one file the caller may not stage is refused as a whole
 * (401/403, nothing recorded), as dCache does for scope failures: a token whose scope misses part of a request is a
 * set-up error that per-file failures would hide among thousands of files. Archiveinfo answers a path the caller may
 * not ask about exactly as a missing one (SPECS §2.4), so it reveals nothing.
 */
public final class TapeRestOperations {

    private static final Logger LOG = LoggerFactory.getLogger(TapeRestOperations.class);

    /** SPECS §2.4's wording: gfal2 shows it, and it is the same for a missing file and a forbidden one. */
    static final String NOT_ACCESSIBLE = "USER ERROR: file does not exist or is not accessible to you";

    private final TapeRestConfig config;
    private final AreaRouter router;
    private final AccessGuard guard;
    private final StageRequestStore store;
    private final Clock clock;

    public TapeRestOperations(TapeRestConfig config, AreaRouter router, AccessGuard guard, StageRequestStore store,
                              Clock clock) {
        this.config = config;
        this.router = router;
        this.guard = guard;
        this.store = store;
        this.clock = clock;
    }

    /** Where the requests are kept (the service closes it when the server stops). */
    StageRequestStore store() { return store; }

    public TapeRestConfig config() { return config; }

    AreaRouter router() { return router; }

    /**
     * One file as a stage request names it.
     *
     * @param metadata the {@code targetedMetadata} meant for this site ({@code default}, then this sitename's entry)
     */
    record Wanted(BodyPath path, Optional<Duration> diskLifetime, Map<String, Object> metadata) { }

    /** A file's state in the status document (SPECS §2.3; CANCELED with one L: see {@link #CANCELED}). */
    enum FileState { SUBMITTED, STARTED, COMPLETED, FAILED, CANCELED }

    /**
     * The state name of a cancelled file. The spec writes CANCELLED; gfal2 (and so FTS and Rucio) matches CANCELED and
     * reads anything else as an unknown state. Both end the file; CANCELED makes gfal2 say "cancelled" instead of
     * "unknown status" (docs/tape-rest.md).
     */
    static final String CANCELED = "CANCELED";

    /** One file's line of the status document. */
    record FileStatus(String path, FileState state, Optional<Instant> startedAt, Optional<Instant> finishedAt,
                      Optional<String> error) { }

    /** The status document of a request (SPECS §2.3). */
    record Status(String id, Instant createdAt, Optional<Instant> completedAt, List<FileStatus> files) { }

    /** One line of archiveinfo: a locality or an error. */
    record Locate(String path, Optional<Locality> locality, Optional<String> error) { }

    /**
     * Accepts a stage request: every file the caller may stage (else 401/403 for the whole request, nothing kept),
     * stored, then handed to the areas' {@link Staging}. Files in no area or in an area without tape are accepted and
     * reported FAILED at poll time (SPECS §2.3: per-file errors, not a refused request).
     *
     * @return the new request's id
     */
    public String stage(Identity who, List<Wanted> wanted) throws IOException {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        List<StageRequest.File> files = new ArrayList<>(wanted.size());
        Set<String> seen = new HashSet<>();
        for (Wanted w : wanted) {
            if (!seen.add(w.path().key())) continue; // one entry per file: a path is unique in a status document
            Duration pin = w.diskLifetime().orElse(config.defaultPinLifetime());
            if (pin.compareTo(config.maxPinLifetime()) > 0) pin = config.maxPinLifetime();
            Instant pinUntil = now.plus(pin);
            Optional<AreaRouter.Route> route = w.path().route();
            if (route.isEmpty()) {
                files.add(new StageRequest.File(w.path().echo(), Optional.empty(), null, pinUntil,
                        Optional.of("the path is in no storage area of this server"), Optional.empty()));
                continue;
            }
            StorageArea area = route.get().area();
            authorize(who, route.get(), RequestOperations.Verb.TAPE_STAGE);
            Optional<String> error = area.backend().feature(Staging.class).isPresent() ? Optional.empty()
                    : Optional.of(noTape(area));
            files.add(new StageRequest.File(w.path().echo(), Optional.of(area.name()), route.get().path(), pinUntil,
                    error, Optional.empty()));
        }
        StageRequest request = new StageRequest(id, now, now.plus(config.requestLifetime()), files);
        store.add(request);
        // The Staging SPI takes no metadata yet (Rucio's activity could feed the scheduler's fairness): logged only.
        wanted.stream().map(Wanted::metadata).filter(m -> !m.isEmpty()).findFirst()
                .ifPresent(m -> LOG.debug("tape-rest: request {} of {} files, metadata for this site: {}", id,
                        files.size(), m));
        stageInBackends(request);
        return id;
    }

    /** Hands a request's files to their areas' staging, grouped by area and pin (harmless when repeated). */
    private void stageInBackends(StageRequest request) throws IOException {
        Map<String, Map<Instant, List<AreaPath>>> groups = new LinkedHashMap<>();
        for (StageRequest.File f : request.files()) {
            if (!f.staged()) continue;
            groups.computeIfAbsent(f.area().get(), a -> new LinkedHashMap<>())
                    .computeIfAbsent(f.pinUntil(), p -> new ArrayList<>()).add(f.areaPath());
        }
        for (var byArea : groups.entrySet()) {
            Optional<Staging> staging = staging(byArea.getKey());
            if (staging.isEmpty()) continue; // reported at poll time
            for (var byPin : byArea.getValue().entrySet()) staging.get().stage(request.id(), byPin.getValue(), byPin.getKey());
        }
    }

    /** The status document; 404 for an unknown or expired id. */
    public Status poll(Identity who, String id) throws IOException {
        StageRequest r = find(id);
        List<FileStatus> out = new ArrayList<>(r.files().size());
        Instant completed = r.createdAt();
        boolean allDone = true;
        for (StageRequest.File f : r.files()) {
            authorizeFile(who, f, RequestOperations.Verb.TAPE_POLL);
            FileStatus s = status(r, f);
            out.add(s);
            if (s.finishedAt().isEmpty()) allDone = false;
            else if (s.finishedAt().get().isAfter(completed)) completed = s.finishedAt().get();
        }
        return new Status(r.id(), r.createdAt(), allDone ? Optional.of(completed) : Optional.empty(), out);
    }

    private FileStatus status(StageRequest r, StageRequest.File f) throws IOException {
        if (f.error().isPresent()) {
            return new FileStatus(f.path(), FileState.FAILED, Optional.of(r.createdAt()), Optional.of(r.createdAt()),
                    f.error());
        }
        Optional<Staging> staging = f.area().flatMap(this::staging);
        if (f.cancelledAt().isPresent()) {
            // a file that had already finished when the client cancelled it keeps its outcome
            Optional<StageProgress> before = staging.isEmpty() ? Optional.empty()
                    : Optional.of(staging.get().progress(r.id(), f.areaPath()))
                    .filter(p -> p.state() == StageProgress.State.ON_DISK || p.state() == StageProgress.State.FAILED)
                    .filter(p -> p.finished().isPresent() && !p.finished().get().isAfter(f.cancelledAt().get()));
            if (before.isEmpty()) {
                return new FileStatus(f.path(), FileState.CANCELED, Optional.empty(), f.cancelledAt(), Optional.empty());
            }
        }
        if (staging.isEmpty()) {
            String why = f.area().flatMap(this::area).map(TapeRestOperations::noTape)
                    .orElse("storage area '" + f.area().orElse("?") + "' is no longer served here");
            return new FileStatus(f.path(), FileState.FAILED, Optional.of(r.createdAt()), Optional.of(r.createdAt()),
                    Optional.of(why));
        }
        StageProgress p = staging.get().progress(r.id(), f.areaPath());
        return switch (p.state()) {
            case QUEUED -> new FileStatus(f.path(), FileState.SUBMITTED, Optional.empty(), Optional.empty(),
                    Optional.empty());
            case RECALLING -> new FileStatus(f.path(), FileState.STARTED, p.started().or(() -> Optional.of(r.createdAt())),
                    Optional.empty(), Optional.empty());
            case ON_DISK -> new FileStatus(f.path(), FileState.COMPLETED, p.started().or(() -> Optional.of(r.createdAt())),
                    p.finished().or(() -> Optional.of(clock.instant())), Optional.empty());
            case FAILED -> new FileStatus(f.path(), FileState.FAILED, p.started().or(() -> Optional.of(r.createdAt())),
                    p.finished().or(() -> Optional.of(clock.instant())), p.error());
            case CANCELLED -> new FileStatus(f.path(), FileState.CANCELED, p.started(),
                    p.finished().or(() -> Optional.of(clock.instant())), Optional.empty());
        };
    }

    /**
     * Cancels some files of a request: all or nothing, so a path that is not in the request is a 400 and nothing is
     * cancelled (SPECS §2.2).
     */
    public void cancel(Identity who, String id, List<BodyPath> paths) throws IOException {
        StageRequest r = find(id);
        List<StageRequest.File> files = filesOf(r, paths);
        for (StageRequest.File f : files) authorizeFile(who, f, RequestOperations.Verb.TAPE_STAGE);
        Instant now = clock.instant();
        store.cancel(id, files.stream().map(StageRequest.File::path).toList(), now);
        forEachArea(files, (staging, list) -> staging.cancel(id, list));
    }

    /** Cancels every file of the request (best effort) and forgets it: the id is then unknown (404). */
    public void delete(Identity who, String id) throws IOException {
        StageRequest r = find(id);
        for (StageRequest.File f : r.files()) authorizeFile(who, f, RequestOperations.Verb.TAPE_STAGE);
        try {
            forEachArea(r.files(), (staging, list) -> staging.cancel(id, list));
        } catch (IOException e) {
            LOG.warn("tape-rest: deleting request {}: cancelling its recalls failed: {}", id, e.getMessage());
        }
        if (!store.remove(id)) throw notFound(id);
    }

    /**
     * Releases the pins of a request on these files. For an id this server does not know, the pins on the paths are
     * released whoever holds them: gfal2's {@code gfal-evict} sends the placeholder id {@code gfal2-placeholder-id}
     * (SPECS §2.2, CTA accepts any id); paths in no area or in one without tape are then skipped.
     */
    public void release(Identity who, String id, List<BodyPath> paths) throws IOException {
        Optional<StageRequest> known = store.find(id, clock.instant());
        if (known.isPresent()) {
            List<StageRequest.File> files = filesOf(known.get(), paths);
            for (StageRequest.File f : files) authorizeFile(who, f, RequestOperations.Verb.TAPE_STAGE);
            forEachArea(files, (staging, list) -> staging.release(id, list));
            return;
        }
        Map<String, List<AreaPath>> byArea = new LinkedHashMap<>();
        for (BodyPath p : paths) {
            if (p.route().isEmpty()) continue;
            authorize(who, p.route().get(), RequestOperations.Verb.TAPE_STAGE);
            byArea.computeIfAbsent(p.route().get().area().name(), a -> new ArrayList<>()).add(p.route().get().path());
        }
        for (var e : byArea.entrySet()) {
            Optional<Staging> staging = staging(e.getKey());
            if (staging.isPresent()) staging.get().release(null, e.getValue());
        }
    }

    /** Where each file is (SPECS §2.4); never fails for one file: that file gets an error instead. */
    public List<Locate> archiveInfo(Identity who, List<BodyPath> paths) throws IOException {
        List<Locate> out = new ArrayList<>(paths.size());
        for (BodyPath p : paths) out.add(locate(who, p));
        return out;
    }

    private Locate locate(Identity who, BodyPath p) throws IOException {
        Optional<Locate> missing = Optional.of(new Locate(p.echo(), Optional.empty(), Optional.of(NOT_ACCESSIBLE)));
        if (p.route().isEmpty()) return missing.get();
        AreaRouter.Route route = p.route().get();
        if (!decide(who, route, Operation.POLL).allowed()) return missing.get();
        Optional<EntryInfo> e = route.area().backend().stat(route.path());
        if (e.isEmpty()) return missing.get();
        if (e.get().isDirectory()) {
            return new Locate(p.echo(), Optional.empty(), Optional.of("USER ERROR: the path is a directory"));
        }
        return new Locate(p.echo(), Optional.of(e.get().locality()), Optional.empty());
    }

    /**
     * Re-stages every unexpired request (at start: the backend persists its own queue too, and staging again is
     * harmless), so a request accepted before a crash is served after it. Returns how many requests it handed on.
     */
    public int resume() throws IOException {
        int[] n = {0};
        store.forEachUnexpired(clock.instant(), r -> {
            try {
                stageInBackends(r);
                n[0]++;
            } catch (IOException e) {
                LOG.warn("tape-rest: re-staging request {} failed: {}", r.id(), e.getMessage());
            }
        });
        return n[0];
    }

    /** Forgets expired requests; their pins run out on their own. */
    public int expire() throws IOException {
        return store.removeExpired(clock.instant());
    }

    private StageRequest find(String id) throws IOException {
        return store.find(id, clock.instant()).orElseThrow(() -> notFound(id));
    }

    private static HttpError notFound(String id) {
        return HttpError.notFound("no stage request with id '" + id + "' (unknown, deleted or expired)");
    }

    /** The request's files for these paths; 400 naming the first path that is not in the request. */
    private static List<StageRequest.File> filesOf(StageRequest r, List<BodyPath> paths) {
        Map<String, StageRequest.File> byKey = new LinkedHashMap<>();
        for (StageRequest.File f : r.files()) byKey.put(keyOf(f), f);
        List<StageRequest.File> out = new ArrayList<>(paths.size());
        Set<String> seen = new HashSet<>();
        for (BodyPath p : paths) {
            StageRequest.File f = byKey.get(p.key());
            if (f == null) {
                throw HttpError.badRequest("path '" + p.echo() + "' is not part of stage request " + r.id()
                        + "; nothing was done");
            }
            if (seen.add(p.key())) out.add(f);
        }
        return out;
    }

    /** The decoded key of a stored file (its echo decodes the same way it did when it was accepted). */
    private static String keyOf(StageRequest.File f) {
        try {
            return BodyPath.key(f.path());
        } catch (HttpError e) {
            return f.path();
        }
    }

    private interface PerArea {
        void run(Staging staging, List<AreaPath> files) throws IOException;
    }

    private void forEachArea(Collection<StageRequest.File> files, PerArea action) throws IOException {
        Map<String, List<AreaPath>> byArea = new LinkedHashMap<>();
        for (StageRequest.File f : files) {
            if (f.area().isPresent() && f.error().isEmpty()) {
                byArea.computeIfAbsent(f.area().get(), a -> new ArrayList<>()).add(f.areaPath());
            }
        }
        for (var e : byArea.entrySet()) {
            Optional<Staging> staging = staging(e.getKey());
            if (staging.isPresent()) action.run(staging.get(), e.getValue());
        }
    }

    private void authorizeFile(Identity who, StageRequest.File f, RequestOperations.Verb verb) {
        if (f.area().isEmpty()) return; // in no area: nothing to protect, nothing done
        Optional<StorageArea> area = area(f.area().get());
        if (area.isEmpty()) return;
        authorize(who, new AreaRouter.Route(area.get(), area.get().config().accessPoints().getFirst(), f.areaPath()),
                verb);
    }

    private void authorize(Identity who, AreaRouter.Route route, RequestOperations.Verb verb) {
        for (RequestOperations.Check c : RequestOperations.checks(verb, RequestOperations.Target.FILE)) {
            AccessDecision d = decide(who, route, c.op());
            if (!d.allowed()) {
                throw AccessPolicy.refusal(who, route.area(), c.op(),
                        AccessDecision.deny(route.urlPath(route.path()) + ": " + d.reason()));
            }
        }
    }

    private AccessDecision decide(Identity who, AreaRouter.Route route, Operation op) {
        return guard.decide(who, route.area(), op, route.path());
    }

    private Optional<StorageArea> area(String name) {
        return router.areas().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    private Optional<Staging> staging(String areaName) {
        return area(areaName).flatMap(a -> a.backend().feature(Staging.class));
    }

    private static String noTape(StorageArea area) {
        return "storage area '" + area.name() + "' has no tape: its files are never staged";
    }
}
