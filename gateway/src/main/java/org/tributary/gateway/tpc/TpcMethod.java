package org.tributary.gateway.tpc;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.component.Graceful;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.StorageException;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.dav.ArchiveMetadataHeader;
import org.tributary.gateway.dav.DavExchange;
import org.tributary.gateway.dav.ThirdPartyCopy;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RetryLater;
import org.tributary.gateway.http.RetryLaterAnswers;
import org.tributary.gateway.http.ResponseBodies;
import org.tributary.tpc.PullTransfer;
import org.tributary.tpc.PushTransfer;
import org.tributary.tpc.RemoteRefusedException;
import org.tributary.tpc.RunningCopy;
import org.tributary.tpc.TpcEngine;
import org.tributary.tpc.TpcSettings;
import org.tributary.tpc.Transfer;
import org.tributary.tpc.TransferHeaders;
import org.tributary.tpc.TransferLimiter;
import org.tributary.tpc.TransferSpec;
import org.tributary.gateway.security.RequestOperations;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * WLCG HTTP third-party copy in the gateway (SPECS §1): every pre-check (TPC enabled on the area, header syntax,
 * authorisation, Overwrite, parent, SSRF guard, capacity) happens before the status line, so a refusal is a plain
 * 4xx/5xx; then 202 with a chunked text/plain body: a perf marker at once, one every marker-interval, and exactly one
 * final {@code success: Created} / {@code failure: ...} / {@code aborted: ...} line. The data is moved by the
 * {@code tpc} module ({@link PullTransfer}, {@link PushTransfer}) on its own virtual thread; this thread writes the
 * markers, and a failed marker write (the client went away) cancels the transfer.
 *
 * <p>A copy whose other URL is this gateway, on the same storage (two QoS class access points of one area), is done
 * in place by {@link InPlaceCopies} instead: same pre-checks, same 202 and marker stream, no network transfer.
 *
 * <p>On shutdown ({@link Graceful}) copies still running shortly before the grace period ends are cancelled, so each
 * client reads {@code aborted: ... the server is shutting down} and the partial file is removed, instead of a
 * connection cut in the middle of the marker stream.
 */
public final class TpcMethod implements ThirdPartyCopy, Graceful, AutoCloseable {

    static final String SHUTTING_DOWN = "the server is shutting down";
    /** Bound of the reason on the final line (a backend's message could be long). */
    static final int MAX_REASON = 160;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TpcMethod.class);

    private final TpcEngine engine;
    private final TpcSettings settings;
    private final Duration grace;
    private final Map<RunningCopy, Begun> active = new ConcurrentHashMap<>();
    private final Optional<InPlaceCopies> inPlace;
    private volatile CompletableFuture<Void> shutdown;

    /** @param inPlace copies between access points of one storage, done without a transfer (empty: never) */
    public TpcMethod(TpcEngine engine, Duration grace, Optional<InPlaceCopies> inPlace) {
        this.engine = engine;
        this.settings = engine.settings();
        this.grace = grace;
        this.inPlace = inPlace;
    }

    /** The engine for a gateway: loopback remotes are allowed when the gateway itself listens on loopback only. */
    public static TpcMethod create(GatewayConfig config, InPlaceCopies inPlace) throws Exception {
        TpcSettings s = config.tpc();
        if (config.listensOnLoopbackOnly()) s = s.withAllowLoopback(true);
        return new TpcMethod(new TpcEngine(s), config.server().shutdownGrace(), Optional.of(inPlace));
    }

    /**
     * Waits for the running copies until shortly before the grace period ends (the last quarter, at most 2 s, is left
     * for the cancelled ones to clean up and send their final line), then cancels what is left.
     */
    @Override
    public synchronized CompletableFuture<Void> shutdown() {
        if (shutdown != null) return shutdown;
        CompletableFuture<Void> f = new CompletableFuture<>();
        shutdown = f;
        long margin = Math.min(2_000, grace.toMillis() / 4);
        long cancelAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(grace.toMillis() - margin);
        long giveUp = cancelAt + TimeUnit.MILLISECONDS.toNanos(margin + 5_000);
        Thread.ofVirtual().name("tpc shutdown").start(() -> {
            try {
                while (!active.isEmpty() && System.nanoTime() < cancelAt) Thread.sleep(20);
                for (RunningCopy t : active.keySet()) t.cancel(SHUTTING_DOWN);
                while (!active.isEmpty() && System.nanoTime() < giveUp) Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                f.complete(null);
            }
        });
        return f;
    }

    @Override
    public boolean isShutdown() {
        CompletableFuture<Void> f = shutdown;
        return f != null && f.isDone();
    }

    public TpcEngine engine() { return engine; }

    private record Begun(String area, String path, java.time.Instant started) { }

    /**
     * A third-party copy running now, as the dashboard shows it: read-only, taken when asked.
     *
     * @param kind    pull, push, or in-place (between two access points of one storage)
     * @param path    the local file, inside its area
     * @param remote  the other end without its query (which may hold a capability)
     * @param bytes   moved so far, or -1 when the copy does not count (in place)
     * @param size    the file's size once known, or -1
     */
    public record RunningTransfer(String kind, String area, String path, String remote, java.time.Instant started,
                                  long bytes, long size) { }

    /** The copies running now, oldest first. */
    public List<RunningTransfer> running() {
        List<RunningTransfer> out = new ArrayList<>();
        active.forEach((copy, b) -> {
            String kind = copy instanceof PullTransfer ? "pull" : copy instanceof PushTransfer ? "push" : "in-place";
            long bytes = copy instanceof Transfer t ? t.bytesTransferred() : -1;
            long size = copy instanceof Transfer t ? t.expectedSize() : -1;
            out.add(new RunningTransfer(kind, b.area(), b.path(), copy.remoteForLog(), b.started(), bytes, size));
        });
        out.sort(java.util.Comparator.comparing(RunningTransfer::started));
        return out;
    }

    private record Common(boolean overwrite, boolean verify, int streams) { }

    private Common commonChecks(DavExchange ex) {
        if (!ex.area().config().tpc()) {
            throw new HttpError(501, "third-party copy is disabled on storage area '" + ex.area().name() + "'");
        }
        String cred = ex.header("Credential");
        if (cred != null && !cred.trim().equalsIgnoreCase("none")) {
            throw HttpError.badRequest(cred.trim().equalsIgnoreCase("gridsite")
                    ? "Credential: gridsite (proxy delegation) is not supported; send Credential: none and the remote"
                    + " side's token as TransferHeaderAuthorization"
                    : "Credential must be none, not '" + cred + "'");
        }
        String ow = ex.header("Overwrite");
        boolean overwrite = true;
        if (ow != null) {
            String o = ow.trim();
            if (o.equals("F")) overwrite = false;
            else if (!o.equals("T")) throw HttpError.badRequest("Overwrite must be T or F, not '" + ow + "'");
        }
        String rc = ex.header("RequireChecksumVerification");
        boolean verify = settings.verifyChecksumDefault();
        if (rc != null) {
            if (rc.trim().equals("true")) verify = true;
            else if (rc.trim().equals("false")) verify = false;
            else throw HttpError.badRequest("RequireChecksumVerification must be true or false, not '" + rc + "'");
        }
        String ns = ex.header("X-Number-Of-Streams");
        int streams = ex.area().config().tpcStreams();
        if (ns != null) {
            try {
                streams = Integer.parseInt(ns.trim());
            } catch (NumberFormatException e) {
                streams = -1;
            }
            if (streams < 0 || streams > 100) {
                throw HttpError.badRequest("X-Number-Of-Streams must be a whole number 0..100, not '" + ns + "'");
            }
            // gfal2 always sends its own default, 0 ("no preference"): the area's default applies then.
            if (streams == 0) streams = ex.area().config().tpcStreams();
        }
        return new Common(overwrite, verify, streams);
    }

    @Override
    public void pull(DavExchange ex, URI source) throws IOException {
        Common c = commonChecks(ex);
        Map<String, String> archive = ArchiveMetadataHeader.attributes(ex);
        AreaPath path = ex.path();
        if (path.isRoot()) throw new HttpError(405, "cannot copy onto the root collection of a storage area");
        Optional<EntryInfo> existing = ex.stat(path);
        if (existing.isPresent() && existing.get().isDirectory()) {
            throw new HttpError(409, "the destination is a collection: " + path);
        }
        ex.authorize(RequestOperations.Verb.COPY_PULL, RequestOperations.Target.of(existing));
        if (existing.isPresent() && !c.overwrite()) {
            throw new HttpError(412, "the destination exists and Overwrite is F: " + path);
        }
        Optional<EntryInfo> parent = ex.stat(path.parent());
        if (parent.isEmpty()) throw new HttpError(409, "parent collection does not exist: " + path.parent());
        if (!parent.get().isDirectory()) throw new HttpError(409, "parent is not a collection: " + path.parent());
        Optional<RunningCopy> local = inPlace.flatMap(p -> p.pull(ex, source, forwarded(ex), inPlaceOptions(c, archive)));
        TransferLog.Copy logged = new TransferLog.Copy("pull", localPath(ex), c.verify());
        if (local.isPresent()) {
            start(ex, local.get(), null, logged);
            return;
        }
        guard(source);
        TransferSpec spec = new TransferSpec(source, forwarded(ex), c.verify(), c.overwrite(), c.streams());
        var cfg = ex.area().config();
        WriteOptions base = new WriteOptions(-1, c.overwrite(), false, cfg.durable(), Map.of());
        run(ex, new PullTransfer(engine.client(), spec, ex.backend(), path, base, archive), logged);
    }

    @Override
    public void push(DavExchange ex, URI destination) throws IOException {
        Common c = commonChecks(ex);
        AreaPath path = ex.path();
        Optional<EntryInfo> existing = ex.stat(path);
        if (existing.isEmpty()) {
            ex.authorize(RequestOperations.Verb.COPY_PUSH, RequestOperations.Target.ABSENT);
            throw HttpError.notFound("no such file: " + path);
        }
        if (existing.get().isDirectory()) throw new HttpError(409, "cannot push a collection: " + path);
        ex.authorize(RequestOperations.Verb.COPY_PUSH, RequestOperations.Target.of(existing));
        // shared in place, a file only on tape needs no recall (tape-sim reuses its tape copy)
        Optional<RunningCopy> local = inPlace.flatMap(p -> p.push(ex, destination, forwarded(ex),
                inPlaceOptions(c, Map.of())));
        TransferLog.Copy logged = new TransferLog.Copy("push", localPath(ex), c.verify());
        if (local.isPresent()) {
            start(ex, local.get(), null, logged);
            return;
        }
        // a file only on tape fails now, with the reason, not after the 202 as a failure line minutes later
        if (!existing.get().locality().online()) throw StorageException.offline(path, existing.get().locality());
        guard(destination);
        TransferSpec spec = new TransferSpec(destination, forwarded(ex), c.verify(), c.overwrite(), 1);
        var checksums = ex.area().checksums();
        run(ex, new PushTransfer(engine.client(), spec, ex.backend(), path,
                () -> checksums.checksum(path, ChecksumAlgorithm.ADLER32)), logged);
    }

    private InPlaceTransition.Options inPlaceOptions(Common c, Map<String, String> archive) {
        return new InPlaceTransition.Options(c.overwrite(), c.verify(), archive, settings.transferTimeout());
    }

    private void guard(URI remote) {
        try {
            engine.guard().check(remote);
        } catch (RemoteRefusedException e) {
            throw HttpError.forbidden(e.getMessage());
        }
    }

    private static Map<String, String> forwarded(DavExchange ex) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (HttpField f : ex.request().getHeaders()) pairs.add(new AbstractMap.SimpleEntry<>(f.getName(), f.getValue()));
        return TransferHeaders.forward(pairs);
    }

    /** The local file as the client named it: the request's URL path (a COPY's query is not logged). */
    private static String localPath(DavExchange ex) {
        return ex.request().getHttpURI().getPath();
    }

    private void run(DavExchange ex, Transfer transfer, TransferLog.Copy logged) throws IOException {
        TransferLimiter.Ticket ticket = engine.limiter().admit(ex.area().name());
        if (ticket == null) {
            throw new RetryLater(RetryLaterAnswers.Reason.TPC_QUEUE_FULL, "too many third-party copies in progress; retry later");
        }
        start(ex, transfer, ticket, logged);
    }

    /**
     * Runs a copy on a thread of its own and streams its markers and final line.
     *
     * @param ticket its place in the limiter, or null for an in-place copy (it moves no data over the network, and a
     *               share must not queue behind slow transfers)
     * @param logged what the server log's line for the finished copy says about it ({@link TransferLog})
     */
    private void start(DavExchange ex, RunningCopy transfer, TransferLimiter.Ticket ticket, TransferLog.Copy logged)
            throws IOException {
        long began = System.nanoTime();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread worker;
        try {
            worker = Thread.ofVirtual().name("tpc " + ex.path()).start(() -> {
                try {
                    if (ticket != null) ticket.awaitSlot();
                    transfer.run();
                    done.complete(null);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                } finally {
                    if (ticket != null) ticket.close();
                }
            });
        } catch (RuntimeException e) {
            if (ticket != null) ticket.close();
            throw e;
        }
        active.put(transfer, new Begun(ex.area().name(), ex.path().toString(), java.time.Instant.now()));
        try {
            String last = null;
            try {
                last = markers(ex, transfer, done, worker);
            } finally {
                // logged before the client reads the result: whoever sees the final line finds the log line there
                TransferLog.finished(logged, transfer, last, System.nanoTime() - began);
            }
            // The final marker carries the total; then exactly one result line.
            if (last.startsWith("success")) send(ex.response(), transfer.perfMarker());
            ResponseBodies.writeLast(ex.response(), ByteBuffer.wrap(last.getBytes(StandardCharsets.UTF_8)));
        } finally {
            active.remove(transfer);
        }
    }

    /** Sends the markers until the copy ends; returns the final line to send. */
    private String markers(DavExchange ex, RunningCopy transfer, CompletableFuture<Void> done, Thread worker)
            throws IOException {
        ex.request().addFailureListener(t -> {
            LOG.debug("third-party copy {}: the client connection failed", transfer.remoteForLog(), t);
            transfer.cancel("the client connection failed");
        });
        Response resp = ex.response();
        resp.setStatus(202);
        resp.getHeaders().put("Content-Type", "text/plain");
        resp.getHeaders().put("Cache-Control", "no-store");
        String last;
        try {
            send(resp, transfer.perfMarker());
            while (true) {
                try {
                    done.get(settings.markerInterval().toMillis(), TimeUnit.MILLISECONDS);
                    last = "success: Created\n";
                    break;
                } catch (TimeoutException e) {
                    send(resp, transfer.perfMarker());
                } catch (ExecutionException e) {
                    last = finalLine(e.getCause(), transfer);
                    break;
                }
            }
        } catch (IOException | InterruptedException e) {
            // The client went away (or this thread was stopped): cancel, and wait for the clean-up to finish.
            transfer.cancel("client disconnected");
            awaitEnd(worker);
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw e instanceof EofException eof ? eof : new EofException(e);
        }
        return last;
    }

    private static void awaitEnd(Thread worker) {
        try {
            if (!worker.join(java.time.Duration.ofSeconds(5))) {
                worker.interrupt();
                worker.join(java.time.Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(Response resp, String text) throws IOException {
        ResponseBodies.write(resp, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * One short line: failure (the copy did not happen) or aborted (we stopped it). The client reads what failed; the
     * exception with its causes (the HTTP client's state, socket addresses) goes to the server log only.
     */
    static String finalLine(Throwable t, RunningCopy transfer) {
        String reason;
        if (t instanceof StorageException se) {
            reason = switch (se.kind()) {
                case INSUFFICIENT_STORAGE -> "destination is full: " + se.getMessage();
                case ALREADY_EXISTS -> "the destination exists and Overwrite is F";
                case CHECKSUM_MISMATCH -> "checksum verification failed: " + se.getMessage();
                default -> se.getMessage();
            };
        } else if (t instanceof IOException) {
            reason = t.getMessage();
        } else if (t instanceof InterruptedException) {
            return "aborted: the transfer was interrupted\n";
        } else {
            String id = java.util.UUID.randomUUID().toString().substring(0, 8);
            LOG.error("internal error {} in the third-party copy with {}", id, transfer.remoteForLog(), t);
            reason = "internal error " + id + "; the server log has the details";
            t = null;
        }
        if (reason == null || reason.isBlank()) reason = "the copy failed";
        reason = reason.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]+", " ");
        if (reason.length() > MAX_REASON) reason = reason.substring(0, MAX_REASON) + "...";
        // The detail (the HTTP client's exception chain) only here, in the server log.
        if (t != null && t.getCause() != null) {
            LOG.warn("third-party copy with {} failed: {}", transfer.remoteForLog(), reason, t.getCause());
        } else if (t != null) {
            LOG.warn("third-party copy with {} failed: {}", transfer.remoteForLog(), reason);
        }
        if (transfer.isCancelled()) return "aborted: " + reason + "\n";
        return "failure: " + reason + "\n";
    }

    @Override
    public void close() throws Exception {
        engine.close();
    }

}
