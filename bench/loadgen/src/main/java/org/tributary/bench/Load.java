package org.tributary.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.jetty.client.ByteBufferRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The load generator: one workload = one operation on a URL pattern at a fixed concurrency, bounded by a request
 * count AND a duration (whichever comes first). Fully asynchronous: each of the {@code concurrency} lanes sends its
 * next request from the completion callback of the previous one, over Jetty's HttpClient (HTTP/1.1, keep-alive).
 * Request bodies are slices of one shared direct buffer of random bytes (no per-request copy); response bodies are
 * counted and dropped.
 */
public final class Load {

    /** What to run. {@code path} may contain one {@code %d}: reads cycle over {@code files} names, writes use new ones. */
    public record Spec(String name, String baseUrl, String op, String path, int files, long offset, int concurrency,
                       long count, double seconds, long size, List<String> headers, long timeoutSeconds) {
        public Spec {
            headers = headers == null ? List.of() : List.copyOf(headers);
            if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1");
            if (count < 1) throw new IllegalArgumentException("count must be >= 1");
            if (!(seconds > 0)) throw new IllegalArgumentException("seconds must be > 0");
        }

        public Spec withName(String n) { return new Spec(n, baseUrl, op, path, files, offset, concurrency, count, seconds, size, headers, timeoutSeconds); }
        public Spec withBounds(long c, double s) { return new Spec(name, baseUrl, op, path, files, offset, concurrency, c, s, size, headers, timeoutSeconds); }
        public Spec withOffset(long o) { return new Spec(name, baseUrl, op, path, files, o, concurrency, count, seconds, size, headers, timeoutSeconds); }

        URI uri(long i) { return URI.create(url(i)); }

        String url(long i) {
            String p = path;
            if (p.contains("%d")) {
                long idx = isWrite() ? offset + i : offset + (files > 0 ? i % files : i);
                p = p.replace("%d", Long.toString(idx));
            }
            return baseUrl + p;
        }

        boolean isWrite() { return op.equals("PUT") || op.equals("DELETE") || op.equals("COPY"); }

        /** A header value with its {@code %d} (if any) replaced by the source index: cycles over {@code files} names. */
        String header(String v, long i) {
            return v.contains("%d") ? v.replace("%d", Long.toString(files > 0 ? i % files : i)) : v;
        }
    }

    /** What came out. Latencies in milliseconds; mbPerSec counts bytes sent plus received, in 10^6 bytes per second. */
    public record Result(Spec spec, long ok, long errors, Map<Integer, Long> statuses, String firstError, double elapsed,
                         long bytesIn, long bytesOut, double p50, double p90, double p99, double max, double mean,
                         long digestHeaders, long entries) {
        public double opsPerSec() { return elapsed > 0 ? ok / elapsed : 0; }
        public double mbPerSec() { return elapsed > 0 ? (bytesIn + bytesOut) / elapsed / 1e6 : 0; }

        public String toJson() {
            Json j = new Json();
            j.put("name", spec.name()).put("op", spec.op()).put("url", spec.url(0)).put("concurrency", spec.concurrency())
                    .put("count_bound", spec.count()).put("seconds_bound", spec.seconds()).put("size", spec.size())
                    .put("ok", ok).put("errors", errors).put("elapsed_s", elapsed).put("ops_per_s", opsPerSec())
                    .put("mb_per_s", mbPerSec()).put("bytes_in", bytesIn).put("bytes_out", bytesOut)
                    .put("p50_ms", p50).put("p90_ms", p90).put("p99_ms", p99).put("max_ms", max).put("mean_ms", mean)
                    .put("digest_headers", digestHeaders).put("propfind_entries", entries);
            Json st = new Json();
            statuses.forEach((k, v) -> st.put(Integer.toString(k), v));
            j.putRaw("statuses", st.toString());
            if (firstError != null) j.put("first_error", firstError);
            return j.toString();
        }

        public String summary() {
            return String.format("%-28s %-8s c=%-3d ok=%-7d err=%-5d %9.1f ops/s %9.1f MB/s p50=%8.3fms p99=%8.3fms%s",
                    spec.name(), spec.op(), spec.concurrency(), ok, errors, opsPerSec(), mbPerSec(), p50, p99,
                    firstError == null ? "" : "  first error: " + firstError);
        }
    }

    private static final int CHUNK = 1 << 20;
    static final boolean PER_REQUEST_TIMEOUT = Boolean.parseBoolean(System.getProperty("loadgen.requestTimeout", "true"));
    private static final ByteBuffer RANDOM = randomBuffer();

    private static ByteBuffer randomBuffer() {
        byte[] b = new byte[CHUNK];
        new Random(20240601L).nextBytes(b);
        ByteBuffer d = ByteBuffer.allocateDirect(CHUNK);
        d.put(b).flip();
        return d.asReadOnlyBuffer();
    }

    /** A body of {@code size} bytes made of read-only views over the one random buffer. */
    static Request.Content body(long size) {
        List<ByteBuffer> parts = new ArrayList<>();
        long left = size;
        while (left > 0) {
            int n = (int) Math.min(CHUNK, left);
            ByteBuffer s = RANDOM.duplicate();
            s.limit(n);
            parts.add(s.slice());
            left -= n;
        }
        return new ByteBufferRequestContent("application/octet-stream", parts);
    }

    static final String PROPFIND_BODY = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
            + "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:resourcetype/><D:getcontentlength/><D:getlastmodified/></D:prop></D:propfind>\n";

    public static HttpClient newClient(int concurrency, int selectors) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(Integer.getInteger("loadgen.threads", Math.max(8, Math.min(64, concurrency + 4))), 2);
        pool.setReservedThreads(Integer.getInteger("loadgen.reserved", -1));
        pool.setName("loadgen");
        pool.setDaemon(true);
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(selectors);
        connector.setExecutor(pool);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
        // Our listeners never block (they count, record and send the next request asynchronously): let the selector
        // thread run them directly instead of handing every response to another pool thread.
        if (Boolean.parseBoolean(System.getProperty("loadgen.nonBlocking", "true"))) {
            transport.setInvocationType(org.eclipse.jetty.util.thread.Invocable.InvocationType.NON_BLOCKING);
        }
        HttpClient client = new HttpClient(transport);
        client.setExecutor(pool);
        client.setMaxConnectionsPerDestination(Math.max(1, (int) (concurrency * Double.parseDouble(System.getProperty("loadgen.connFactor", "1")))));
        client.setMaxRequestsQueuedPerDestination(Math.max(1024, concurrency * 4));
        client.setFollowRedirects(false);
        client.setConnectTimeout(5000);
        client.setIdleTimeout(120_000);
        client.setUserAgentField(null);
        client.getContentDecoderFactories().clear();
        client.start();
        return client;
    }

    /** Runs one workload with a fresh client. */
    public static Result run(Spec spec) throws Exception {
        HttpClient client = newClient(spec.concurrency(), Integer.getInteger("loadgen.selectors", 1));
        try {
            return run(client, spec);
        } finally {
            client.stop();
        }
    }

    public static Result run(HttpClient client, Spec spec) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong next = new AtomicLong();
        AtomicLong ok = new AtomicLong(), errors = new AtomicLong(), bytesIn = new AtomicLong(), bytesOut = new AtomicLong();
        AtomicLong digests = new AtomicLong(), hrefs = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Map<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        long start = System.nanoTime();
        long deadline = start + (long) (spec.seconds() * 1e9);
        AtomicLong lastEnd = new AtomicLong(start);
        CountDownLatch lanes = new CountDownLatch(spec.concurrency());
        // Headers without %d are encoded once, not on every request: a 1 KB bearer token encoded char by char costs
        // the load tool CPU that the machine's two cores would otherwise give the server under test.
        List<HttpField> fixedHeaders = new ArrayList<>();
        List<String> varyingHeaders = new ArrayList<>();
        for (String hv : spec.headers()) {
            int c = hv.indexOf(':');
            String v = hv.substring(c + 1).trim();
            if (v.contains("%d")) varyingHeaders.add(hv);
            else fixedHeaders.add(new PreEncodedHttpField(hv.substring(0, c).trim(), v));
        }
        // Reads cycle over a fixed set of names: parse their URIs once.
        int distinct = spec.isWrite() ? 0 : (spec.path().contains("%d") ? Math.max(1, spec.files()) : 1);
        URI[] readUris = new URI[Math.min(distinct, 100_000)];
        for (int k = 0; k < readUris.length; k++) readUris[k] = spec.uri(k);
        AtomicLong okInWindow = new AtomicLong(), bytesInWindow = new AtomicLong();

        final class Lane {
            void go() {
                long i = next.getAndIncrement();
                if (i >= spec.count() || System.nanoTime() >= deadline
                        || (errors.get() >= 50 && ok.get() == 0) || errors.get() >= 10_000) {
                    lanes.countDown();
                    return;
                }
                URI uri = readUris.length > 0 && (spec.files() <= readUris.length) ? readUris[(int) (i % readUris.length)] : spec.uri(i);
                Request req = client.newRequest(uri).method(spec.op());
                if (PER_REQUEST_TIMEOUT) req.timeout(spec.timeoutSeconds() > 0 ? spec.timeoutSeconds() : 300, TimeUnit.SECONDS);
                if (!spec.headers().isEmpty()) {
                    req.headers(h -> {
                        for (HttpField f : fixedHeaders) h.put(f);
                        for (String hv : varyingHeaders) {
                            int c = hv.indexOf(':');
                            h.put(hv.substring(0, c).trim(), spec.header(hv.substring(c + 1).trim(), i));
                        }
                    });
                }
                if (spec.op().equals("PUT")) {
                    req.body(body(spec.size()));
                } else if (spec.op().equals("PROPFIND")) {
                    req.body(new StringRequestContent("application/xml; charset=utf-8", PROPFIND_BODY));
                }
                long[] in = new long[1];
                int[] state = new int[1];
                long[] found = new long[1];
                boolean scan = spec.op().equals("PROPFIND");
                // COPY (third-party copy): the outcome is only in the 202/201 body, whose last line is "success: ..."
                StringBuilder tail = spec.op().equals("COPY") ? new StringBuilder() : null;
                req.onResponseContent((resp, buf) -> {
                    if (tail != null) {
                        for (int p = buf.position(); p < buf.limit(); p++) tail.append((char) (buf.get(p) & 0xff));
                        if (tail.length() > 4096) tail.delete(0, tail.length() - 1024);
                    }
                    in[0] += buf.remaining();
                    if (scan) found[0] += countHref(buf, state);
                });
                long t0 = System.nanoTime();
                req.send(result -> {
                    long t1 = System.nanoTime();
                    lastEnd.accumulateAndGet(t1, Math::max);
                    int status = result.getResponse() == null ? 0 : result.getResponse().getStatus();
                    String tpcFailure = tail == null || !result.isSucceeded() ? null : copyOutcome(tail);
                    if (result.isSucceeded() && status >= 200 && status < 300 && tpcFailure == null) {
                        ok.incrementAndGet();
                        recorder.recordValue(Math.max(1, (t1 - t0) / 1000));
                        bytesIn.addAndGet(in[0]);
                        if (spec.op().equals("PUT")) bytesOut.addAndGet(spec.size());
                        if (result.getResponse().getHeaders().get("Digest") != null) digests.incrementAndGet();
                        hrefs.addAndGet(found[0]);
                        if (t1 <= deadline) {
                            okInWindow.incrementAndGet();
                            bytesInWindow.addAndGet(in[0] + (spec.op().equals("PUT") ? spec.size() : 0));
                        }
                    } else {
                        errors.incrementAndGet();
                        String why = result.isFailed() ? String.valueOf(result.getFailure())
                                : tpcFailure != null && status >= 200 && status < 300 ? "COPY " + uri + ": " + tpcFailure
                                : ("HTTP " + status + " " + uri);
                        firstError.compareAndSet(null, why);
                    }
                    statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                    go();
                });
            }
        }
        for (int l = 0; l < spec.concurrency(); l++) new Lane().go();
        // Lanes end on their own when a bound is hit; the extra wait only covers a hung request (bounded by its timeout).
        long hardWait = (long) (spec.seconds() * 1000) + 1000L * (spec.timeoutSeconds() > 0 ? spec.timeoutSeconds() : 300) + 5000;
        if (!lanes.await(hardWait, TimeUnit.MILLISECONDS)) {
            firstError.compareAndSet(null, "lanes did not finish in time");
        }
        double elapsed = (lastEnd.get() - start) / 1e9;
        long okCount = ok.get(), in = bytesIn.get(), out = bytesOut.get();
        String err = firstError.get();
        if (lastEnd.get() > deadline + 2_000_000_000L && okInWindow.get() > 0 && okCount > 100) {
            // A straggler (one request stuck long past the time bound) would distort the rate: use the window.
            err = (err == null ? "" : err + "; ") + "stragglers: " + (okCount - okInWindow.get())
                    + " request(s) finished after the time bound (last " + String.format("%.1f", elapsed) + " s); rate uses the window";
            elapsed = spec.seconds();
            okCount = okInWindow.get();
            in = bytesInWindow.get();
            out = 0;
        }
        Histogram h = recorder.getIntervalHistogram();
        Map<Integer, Long> st = new TreeMap<>();
        statuses.forEach((k, v) -> st.put(k, v.get()));
        return new Result(spec, okCount, errors.get(), st, err, elapsed, in, out,
                ms(h, 50), ms(h, 90), ms(h, 99), h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0,
                h.getTotalCount() == 0 ? 0 : h.getMean() / 1000.0, digests.get(), hrefs.get() / 2);
    }

    /** null when the last non-empty line of a COPY response body is {@code success: ...}, else that line. */
    static String copyOutcome(CharSequence body) {
        String[] lines = body.toString().strip().split("\\r?\\n");
        String last = lines.length == 0 ? "" : lines[lines.length - 1].strip();
        return last.startsWith("success:") ? null : last.isEmpty() ? "empty body" : last;
    }

    private static double ms(Histogram h, double pct) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(pct) / 1000.0;
    }

    private static final byte[] HREF = "href>".getBytes();

    /** Counts occurrences of "href>" (both tags of each D:href), streaming across buffers. */
    private static long countHref(ByteBuffer buf, int[] state) {
        long n = 0;
        int s = state[0];
        for (int p = buf.position(), lim = buf.limit(); p < lim; p++) {
            byte b = buf.get(p);
            if (b == HREF[s]) {
                if (++s == HREF.length) { n++; s = 0; }
            } else {
                s = b == HREF[0] ? 1 : 0;
            }
        }
        state[0] = s;
        return n;
    }
}
