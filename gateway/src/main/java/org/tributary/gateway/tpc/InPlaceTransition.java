package org.tributary.gateway.tpc;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.placement.PlacementControl;
import org.tributary.backend.placement.SharedCopy;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.dav.DavExchange;
import org.tributary.gateway.http.ErrorResponses;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.security.AccessGuard;
import org.tributary.gateway.security.AccessPolicy;
import org.tributary.gateway.security.Authenticator;
import org.tributary.gateway.security.RequestOperations;
import org.tributary.qos.AreaClasses;
import org.tributary.qos.ClassChanges;
import org.tributary.tpc.PerfMarkers;
import org.tributary.tpc.RunningCopy;
import org.tributary.tpc.TpcException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A third-party copy whose other end is this gateway, on the same storage (issue 13 item 2, docs/decisions/0031):
 * what Rucio asks to satisfy a rule on another QoS class of the site. The client sees a normal copy (202, perf
 * markers, one final line), but no byte crosses the network:
 * <ol>
 *   <li>the other end is authorised as it would authorise the request a pull or push sends it ({@link OtherEndRequest}:
 *       the forwarded {@code TransferHeaderAuthorization}, or anonymous), with the gateway's own authenticator and
 *       access checks; a refusal is the line a remote's refusal gives: {@code Remote side failed with status code
 *       403; error message: "..."};</li>
 *   <li>the new name shares the stored data ({@link SharedCopy} on the area's shared stack: a hard link, S3
 *       CopyObject, a tape-sim catalogue row); when the backend cannot, or when the source carries a class override
 *       (a POSIX hard link would hand that attribute to both names), the bytes are copied inside the gateway through
 *       both areas' stacks, checksums computed and verified as for any write, behind a hidden temporary;</li>
 *   <li>the destination's class placement is set ({@link PlacementControl}: a share bypasses the class view's own
 *       layer), and {@code success} waits until it holds (for a tape class: until the tape copy exists).</li>
 * </ol>
 * The file is never visible under its final name before it is whole; a copy stopped while waiting for its placement
 * leaves the whole file with its placement recorded (the backend goes on towards it), as a retry would make it.
 */
final class InPlaceTransition implements RunningCopy {

    enum Direction { PULL, PUSH }

    /**
     * @param overwrite whether an existing destination may be replaced (the COPY's Overwrite)
     * @param verify    RequireChecksumVerification: a byte copy must match the source's adler32
     * @param archive   the COPY's ArchiveMetadata attributes, for the new file
     * @param timeout   the transfer timeout, which bounds the wait for the placement too
     */
    record Options(boolean overwrite, boolean verify, Map<String, String> archive, Duration timeout) {
        Options {
            archive = Map.copyOf(archive);
        }
    }

    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);

    private final Direction direction;
    private final AreaRouter.Route local;
    private final AreaRouter.Route other;
    private final OtherEndRequest otherRequest;
    private final Authenticator authenticator;
    private final AccessGuard guard;
    private final Options options;
    private final URI otherUrl;
    private final long deadline;
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean compared;
    private volatile String cancelled;

    InPlaceTransition(Direction direction, AreaRouter.Route local, AreaRouter.Route other, OtherEndRequest otherRequest,
                      Authenticator authenticator, AccessGuard guard, Options options, URI otherUrl) {
        this.direction = direction;
        this.local = local;
        this.other = other;
        this.otherRequest = otherRequest;
        this.authenticator = authenticator;
        this.guard = guard;
        this.options = options;
        this.otherUrl = otherUrl;
        this.deadline = System.nanoTime() + options.timeout().toNanos();
    }

    @Override
    public void run() throws IOException, InterruptedException {
        AreaRouter.Route src = direction == Direction.PULL ? other : local;
        AreaRouter.Route dst = direction == Direction.PULL ? local : other;
        EntryInfo source;
        boolean createParents;
        if (direction == Direction.PULL) {
            source = asRemote(() -> readableSource(otherEnd()));
            createParents = false;   // the pull checked the parent before its 202, as a network pull does
        } else {
            source = src.area().backend().stat(src.path()).orElseThrow(() -> StorageException.notFound(src.path()));
            asRemote(() -> writableDestination(otherEnd()));
            createParents = dst.area().config().putCreatesParents();
        }
        checkCancelled();
        copy(src, source, dst, createParents);
        awaitPlacement(dst);
    }

    @FunctionalInterface
    private interface OtherEndCheck<T> {
        T get() throws IOException;
    }

    /** Runs the other end's checks; their refusals become the failure line a remote's refusal gives. */
    private <T> T asRemote(OtherEndCheck<T> check) throws IOException {
        try {
            return check.get();
        } catch (HttpError e) {
            throw remoteFailure(e.status(), e.getMessage());
        } catch (StorageException e) {
            throw remoteFailure(ErrorResponses.status(e.kind()), e.getMessage());
        }
    }

    private static TpcException remoteFailure(int status, String reason) {
        return new TpcException("Remote side failed with status code " + status
                + (reason == null || reason.isBlank() ? "" : "; error message: \"" + reason.replace('"', '\'') + "\""));
    }

    /** The other end as a request to it: authenticated as the gateway authenticates any request. */
    private DavExchange otherEnd() {
        return new DavExchange(otherRequest, null, other, authenticator.authenticate(otherRequest), guard);
    }

    /** What a GET of the source checks (GetMethod); a collection is no source for a copy. */
    private EntryInfo readableSource(DavExchange far) throws IOException {
        AccessPolicy.refuseAnonymousBeforeDispatch(far.identity(), far.area(), "GET");
        EntryInfo e = far.stat(far.path()).orElseThrow(() -> HttpError.notFound("no such file or collection: " + far.path()));
        far.authorize(RequestOperations.Verb.GET, RequestOperations.Target.of(e));
        if (e.isDirectory()) throw new HttpError(409, "the source is a collection, not a file: " + far.path());
        return e;
    }

    /** What a PUT of the destination checks (PutMethod), and the Overwrite a push asks the remote about. */
    private Void writableDestination(DavExchange far) throws IOException {
        AccessPolicy.refuseAnonymousBeforeDispatch(far.identity(), far.area(), "PUT");
        AreaPath path = far.path();
        Optional<EntryInfo> existing = path.isRoot() ? Optional.empty() : far.stat(path);
        if (path.isRoot() || existing.map(EntryInfo::isDirectory).orElse(false)) {
            throw new HttpError(405, "cannot PUT onto " + (path.isRoot() ? "the root collection of a storage area"
                    : "a collection: " + path));
        }
        far.authorize(RequestOperations.Verb.PUT, RequestOperations.Target.of(existing));
        if (existing.isPresent() && !options.overwrite()) {
            throw new TpcException("the destination exists and Overwrite is F");   // as a push says it
        }
        return null;
    }

    private void copy(AreaRouter.Route src, EntryInfo source, AreaRouter.Route dst, boolean createParents)
            throws IOException, InterruptedException {
        StorageArea sa = src.area();
        StorageArea da = dst.area();
        AreaPath from = sa.toShared(src.path());
        AreaPath to = da.toShared(dst.path());
        if (from.equals(to)) throw new TpcException("the source and the destination are the same file");
        WriteOptions write = new WriteOptions(source.size(), options.overwrite(), createParents, da.config().durable(),
                Map.of());
        if (shared(da.shared(), from, to, write)) return;
        Map<String, String> expected = Map.of();
        if (options.verify()) {
            expected = sa.checksums().checksum(src.path(), ChecksumAlgorithm.ADLER32)
                    .map(v -> Map.of("adler32", v)).orElse(Map.of());
        }
        WriteOptions checked = new WriteOptions(source.size(), options.overwrite(), createParents,
                da.config().durable(), expected);
        // through both class views' stacks: the destination's computes its checksums and places the file
        try (ReadHandle h = sa.backend().openRead(src.path());
             InputStream in = h.stream(0, h.info().size());
             PendingWrite w = da.backend().beginWrite(dst.path(), checked)) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) >= 0) {
                checkCancelled();
                w.write(ByteBuffer.wrap(buf, 0, n));
                bytes.addAndGet(n);
            }
            checkCancelled();
            w.commit(options.archive());
            compared = !expected.isEmpty(); // the source's adler32 was the write's expected digest
        }
    }

    /** Shares the data when the backend can; false when the bytes must be copied. */
    private boolean shared(StorageBackend shared, AreaPath from, AreaPath to, WriteOptions write) throws IOException {
        Optional<SharedCopy> sharing = shared.feature(SharedCopy.class);
        if (sharing.isEmpty()) return false;
        // A POSIX hard link shares extended attributes: the source's own class would become the copy's, and removing
        // it from the copy would remove it from the source (SharedCopy's caveat).
        if (!shared.attributes(from, Set.of(AreaClasses.OVERRIDE_KEY)).isEmpty()) return false;
        EntryInfo made;
        try {
            made = sharing.get().share(from, to, write);
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.UNSUPPORTED) return false;
            throw e;
        }
        if (!options.archive().isEmpty()) shared.updateAttributes(to, options.archive(), Set.of());
        bytes.set(made.size());
        return true;
    }

    /** Sets the destination's class placement and waits until it holds; nothing to wait for without classes. */
    private void awaitPlacement(AreaRouter.Route dst) throws IOException, InterruptedException {
        Optional<AreaClasses> classes = dst.area().classes();
        if (classes.isEmpty()) return;
        StorageBackend shared = dst.area().shared();
        AreaPath file = dst.area().toShared(dst.path());
        ClassChanges.FileClass now = ClassChanges.status(shared, classes.get(), file);
        Optional<PlacementControl> control = shared.feature(PlacementControl.class);
        if (control.isPresent()) control.get().place(file, now.assigned().target());
        long pause = 10;
        while (!ClassChanges.status(shared, classes.get(), file).held()) {
            checkCancelled();
            Thread.sleep(pause);
            pause = Math.min(pause * 2, LONGEST_POLL.toMillis());
        }
    }

    private void checkCancelled() throws TpcException {
        if (cancelled != null) throw new TpcException("cancelled: " + cancelled);
        if (System.nanoTime() - deadline > 0) throw new TpcException("transfer timeout reached");
    }

    @Override
    public void cancel(String reason) { cancelled = reason; }

    @Override
    public boolean isCancelled() { return cancelled != null; }

    /** One stripe; no RemoteConnections, since no connection is made. */
    @Override
    public String perfMarker() { return PerfMarkers.format(new long[] {bytes.get()}, ""); }

    @Override
    public long bytesTransferred() { return bytes.get(); }

    @Override
    public boolean checksumsCompared() { return compared; }

    @Override
    public String remoteForLog() {
        return otherUrl.getScheme() + "://" + otherUrl.getRawAuthority() + otherUrl.getRawPath() + " (in place)";
    }
}
