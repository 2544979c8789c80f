package org.tributary.tpc;

import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpFields;
import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageBackend;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * One third-party copy in progress: the active party's side. Subclasses move the data in {@link #run}; the gateway's
 * thread meanwhile reads {@link #perfMarker} every few seconds, and calls {@link #cancel} when its client goes away.
 */
public abstract class Transfer implements RunningCopy {

    static final int MAX_REDIRECTS = 10;
    static final int BUFFER = 128 * 1024;

    protected final TpcClient client;
    protected final TransferSpec spec;
    /** "source" or "destination": what a failure line calls the remote. */
    protected final String role;
    /** The local end: the area's backend stack and the entry in it that is read (push) or written (pull). */
    protected final StorageBackend backend;
    protected final AreaPath path;
    private volatile AtomicLongArray stripes = new AtomicLongArray(1);
    private final Set<String> connections = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<Request> inFlight = ConcurrentHashMap.newKeySet();
    private volatile String cancelled;
    private volatile boolean checksumsCompared;
    private volatile long expectedSize = -1;
    private final long deadline;

    protected Transfer(TpcClient client, TransferSpec spec, String role, StorageBackend backend, AreaPath path) {
        this.client = client;
        this.spec = spec;
        this.role = role;
        this.backend = backend;
        this.path = path;
        this.deadline = System.nanoTime() + client.settings().transferTimeout().toNanos();
        client.counter().started();
    }

    /** Moves the data; returns normally only when the copy is complete and committed. */
    @Override
    public abstract void run() throws IOException, InterruptedException;

    /** Stops the transfer: aborts outbound requests; {@link #run} then fails and cleans up. */
    @Override
    public void cancel(String reason) {
        cancelled = reason;
        for (Request r : inFlight) r.abort(new TpcException(reason));
    }

    @Override
    public boolean isCancelled() { return cancelled != null; }

    protected void checkCancelled() throws TpcException {
        if (cancelled != null) throw new TpcException("cancelled: " + cancelled);
        if (System.nanoTime() - deadline > 0) throw new TpcException("transfer timeout reached");
    }

    protected void setStripes(int n) { stripes = new AtomicLongArray(n); }

    protected void addBytes(int stripe, long n) {
        stripes.addAndGet(stripe, n);
        client.counter().bytes(n);
    }

    @Override
    public int streams() { return stripes.length(); }

    @Override
    public boolean checksumsCompared() { return checksumsCompared; }

    /** The copy compared its adler32 with the other end's, and they matched. */
    protected void checksumsMatched() { checksumsCompared = true; }

    @Override
    public long bytesTransferred() {
        AtomicLongArray s = stripes;
        long t = 0;
        for (int i = 0; i < s.length(); i++) t += s.get(i);
        return t;
    }

    /** The size of the file once known (the source's Content-Length, the local file's size), or -1: for progress. */
    public long expectedSize() { return expectedSize; }

    protected void expectSize(long size) { expectedSize = size; }

    @Override
    public String perfMarker() {
        AtomicLongArray s = stripes;
        long[] bytes = new long[s.length()];
        for (int i = 0; i < bytes.length; i++) bytes[i] = s.get(i);
        return PerfMarkers.format(bytes, remoteConnections());
    }

    public String remoteConnections() {
        synchronized (connections) {
            return String.join(",", connections);
        }
    }

    /** A response whose headers have arrived, with its body still to be read. */
    protected record Opened(Response response, InputStream body, URI uri) implements AutoCloseable {
        int status() { return response.getStatus(); }

        @Override
        public void close() {
            try {
                body.close();
            } catch (IOException ignored) {
                // closing an aborted or finished body
            }
        }
    }

    /**
     * Sends a request and waits for the response headers, following redirects (301/302/303/307/308) itself: each hop
     * is checked by the guard, and Authorization is dropped when the hop leaves the original scheme/host/port (the
     * redirect URL carries its own capability, as StoRM does). A body supplier is called again for each hop.
     */
    protected Opened open(String method, URI uri, Map<String, String> headers, Supplier<Request.Content> body)
            throws IOException, InterruptedException {
        Map<String, String> h = new LinkedHashMap<>(headers);
        URI at = uri;
        for (int hop = 0; ; hop++) {
            checkCancelled();
            Request r = client.http().newRequest(at).method(method)
                    .idleTimeout(client.settings().idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .timeout(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            r.headers(f -> h.forEach(f::put));
            if (body != null) {
                r.body(body.get());
                r.headers(f -> f.put("Expect", "100-continue"));
            }
            r.onResponseBegin(resp -> noteConnection(resp.getRequest().getConnection() == null ? null
                    : resp.getRequest().getConnection().getRemoteSocketAddress()));
            InputStreamResponseListener l = new InputStreamResponseListener();
            inFlight.add(r);
            r.onComplete(result -> inFlight.remove(r));
            r.send(l);
            Response resp;
            try {
                // A PUT's answer comes after the whole body: only the transfer's deadline bounds the wait (Jetty's
                // idle timeout still fails a request on which nothing moves).
                resp = l.get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                r.abort(e);
                throw new TpcException("no response from the " + role + " within the transfer timeout");
            } catch (ExecutionException e) {
                checkCancelled();
                Throwable c = e.getCause();
                if (c instanceof RemoteRefusedException rr) throw rr;
                throw new TpcException(FailureReason.noResponse(role, c), c);
            }
            int st = resp.getStatus();
            String loc = resp.getHeaders().get("Location");
            if ((st == 301 || st == 302 || st == 303 || st == 307 || st == 308) && loc != null) {
                l.getInputStream().close();
                if (hop >= MAX_REDIRECTS) throw new TpcException("more than " + MAX_REDIRECTS + " redirects from the " + role);
                URI next = at.resolve(loc.trim().replaceFirst("(?i)^davs://", "https://")
                        .replaceFirst("(?i)^dav://", "http://"));
                client.guard().check(next);
                if (!origin(next).equals(origin(at))) h.keySet().removeIf(k -> k.equalsIgnoreCase("Authorization"));
                at = next;
                continue;
            }
            return new Opened(resp, l.getInputStream(), at);
        }
    }

    /**
     * "Remote side failed with status code 404; error message: ..." (the XRootD form, which FTS users know), with the
     * remote's text as one short line.
     */
    protected static TpcException remoteFailure(Opened o) {
        String text = "";
        try (InputStream in = o.body()) {
            text = FailureReason.remoteText(in.readNBytes(512));
        } catch (IOException ignored) {
            // the status alone has to do
        }
        return new TpcException("Remote side failed with status code " + o.status()
                + (text.isEmpty() ? "" : "; error message: \"" + text + "\""));
    }

    /**
     * The adler32 a remote announces, as 8 lowercase hex digits, or empty. Two forms, on any number of field lines:
     * RFC 3230 {@code Digest: adler32=<1-8 hex digits>} and RFC 9530 {@code Repr-Digest: adler=:<base64 of the 4
     * bytes>:}. A malformed value is an error: compared as it was, it failed every verification.
     */
    protected static Optional<String> adler32(HttpFields headers) throws TpcException {
        for (String line : headers.getValuesList("Digest")) {
            for (String part : line.split(",")) {
                String[] kv = part.split("=", 2);
                if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("adler32")) {
                    String hex = kv[1].trim();
                    if (!hex.matches("[0-9A-Fa-f]{1,8}")) throw malformedAdler32("Digest", hex);
                    return Optional.of(String.format("%08x", Long.parseLong(hex, 16)));
                }
            }
        }
        for (String line : headers.getValuesList("Repr-Digest")) {
            for (String member : line.split(",")) {
                String[] kv = member.split(";", 2)[0].split("=", 2);
                if (kv.length == 2 && kv[0].trim().equals("adler")) {
                    String v = kv[1].trim();
                    byte[] b = null;
                    if (v.length() > 2 && v.startsWith(":") && v.endsWith(":")) {
                        try {
                            b = java.util.Base64.getDecoder().decode(v.substring(1, v.length() - 1));
                        } catch (IllegalArgumentException notBase64) {
                            b = null;
                        }
                    }
                    if (b == null || b.length != 4) throw malformedAdler32("Repr-Digest", v);
                    return Optional.of(java.util.HexFormat.of().formatHex(b));
                }
            }
        }
        return Optional.empty();
    }

    private static TpcException malformedAdler32(String field, String value) {
        return new TpcException("the remote sent a malformed adler32 in " + field + ": \""
                + FailureReason.remoteText(value.getBytes(StandardCharsets.UTF_8)) + "\"");
    }

    private void noteConnection(SocketAddress a) {
        if (!(a instanceof InetSocketAddress isa) || isa.getAddress() == null) return;
        String ip = isa.getAddress().getHostAddress();
        int pct = ip.indexOf('%');
        if (pct >= 0) ip = ip.substring(0, pct);
        connections.add("tcp:" + (isa.getAddress() instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + isa.getPort());
    }

    /** The remote without its query (which may hold a capability): for the server log. */
    @Override
    public String remoteForLog() {
        URI u = spec.remote();
        return origin(u) + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    static String origin(URI u) {
        int port = u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

}
