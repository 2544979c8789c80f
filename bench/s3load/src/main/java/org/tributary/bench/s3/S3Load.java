package org.tributary.bench.s3;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.http.HttpMethod;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The S3 overhead benchmark behind bench/run-s3: the same operations by a direct S3 client (AWS SDK v2) and through a
 * Tributary S3-backed area (Jetty HttpClient, plain WebDAV PUT/GET), both against one s3proxy, then the gateway's heap
 * and RSS during streamed uploads of two sizes. Every loop is bounded in count and in time.
 *
 * <pre>java -jar s3load.jar --mode quick|full --endpoint URL --bucket B --gateway URL --gateway-pid PID
 *      --part-size BYTES --parts-in-flight N --out DIR [--rev R] [--gateway-opts S]</pre>
 * Keys from the environment: S3LOAD_ACCESS, S3LOAD_SECRET.
 */
public final class S3Load {
    static final long MiB = 1L << 20, GiB = 1L << 30;

    // options
    String mode = "quick", endpoint, bucket, gateway, out, rev = "unknown", gatewayOpts = "";
    long gwPid, partSize = 16 * MiB;
    int partsInFlight = 2;

    // workload sizes, set from the mode
    int bigReps, smallCount, smallConc = 16, warmCount;
    long smallSeconds, bigHeapBytes;

    S3Client s3;
    HttpClient http;
    final byte[] block = new byte[(int) (16 * MiB)];   // random data, cycled for large bodies
    final byte[] small = new byte[4096];
    final StringBuilder notes = new StringBuilder();
    final Map<String, Object> json = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        S3Load l = new S3Load();
        try {
            l.parse(args);
            System.exit(l.run());
        } catch (IllegalArgumentException e) {
            System.err.println("s3load: " + e.getMessage());
            System.exit(2);
        }
    }

    void parse(String[] a) {
        for (int i = 0; i < a.length; i++) {
            String k = a[i];
            if (i + 1 >= a.length) throw new IllegalArgumentException("missing value for " + k);
            String v = a[++i];
            switch (k) {
                case "--mode" -> mode = v;
                case "--endpoint" -> endpoint = v;
                case "--bucket" -> bucket = v;
                case "--gateway" -> gateway = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
                case "--gateway-pid" -> gwPid = Long.parseLong(v);
                case "--part-size" -> partSize = Long.parseLong(v);
                case "--parts-in-flight" -> partsInFlight = Integer.parseInt(v);
                case "--out" -> out = v;
                case "--rev" -> rev = v;
                case "--gateway-opts" -> gatewayOpts = v;
                default -> throw new IllegalArgumentException("unknown option " + k);
            }
        }
        if (endpoint == null || bucket == null || gateway == null || out == null || gwPid <= 0)
            throw new IllegalArgumentException("need --endpoint --bucket --gateway --gateway-pid --out");
        if (!mode.equals("quick") && !mode.equals("full")) throw new IllegalArgumentException("--mode quick|full");
        boolean q = mode.equals("quick");
        bigReps = q ? 1 : 3;
        smallCount = q ? 3000 : 20000;
        smallSeconds = q ? 10 : 30;
        warmCount = q ? 300 : 1000;
        bigHeapBytes = (q ? 3 : 10) * GiB;
    }

    static void say(String s) { System.err.println("[s3load] " + s); }

    int run() throws Exception {
        long t0 = System.nanoTime();
        new Random(42).nextBytes(block);
        new Random(43).nextBytes(small);
        String access = System.getenv("S3LOAD_ACCESS"), secret = System.getenv("S3LOAD_SECRET");
        if (access == null || secret == null) throw new IllegalArgumentException("S3LOAD_ACCESS / S3LOAD_SECRET not set");
        // HttpURLConnection keeps at most 5 idle connections per host by default: at concurrency 16 the direct client
        // would reconnect for most requests. The gateway's Jetty client keeps up to 64.
        System.setProperty("http.maxConnections", "64");
        // The same client settings as backends/s3 (S3Backend.client): URLConnection transport, path style, checksums
        // only where required, no aws-chunked encoding. The difference between the two columns is then the gateway.
        s3 = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(300)).build())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(access, secret)))
                .endpointOverride(URI.create(endpoint))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .build();
        http = new HttpClient();
        http.setMaxConnectionsPerDestination(64);
        http.setIdleTimeout(300_000);
        http.setFollowRedirects(false);
        http.start();
        try {
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("mode", mode); cfg.put("git_rev", rev); cfg.put("endpoint", endpoint); cfg.put("bucket", bucket);
            cfg.put("gateway", gateway); cfg.put("part_size", partSize); cfg.put("parts_in_flight", partsInFlight);
            cfg.put("big_object_bytes", GiB); cfg.put("big_repetitions", bigReps); cfg.put("small_bytes", small.length);
            cfg.put("small_concurrency", smallConc); cfg.put("small_max_ops", smallCount);
            cfg.put("small_max_seconds", smallSeconds); cfg.put("heap_upload_bytes", bigHeapBytes);
            cfg.put("gateway_jvm_opts", gatewayOpts);
            cfg.put("nproc", Runtime.getRuntime().availableProcessors());
            cfg.put("java", System.getProperty("java.version"));
            cfg.put("loadavg_start", loadavg());
            json.put("config", cfg);

            // the gateway's collections for this run (PUT would create them, but not inside the timed part)
            mkcol(gateway + "/big/"); mkcol(gateway + "/small/"); mkcol(gateway + "/warm/"); mkcol(gateway + "/heap/");

            List<Row> rows = new ArrayList<>();
            rows.addAll(bigObject());
            rows.addAll(smallObjects());
            Map<String, Object> heap = heap();
            cfg.put("loadavg_end", loadavg());
            String table = table(rows, heap, (System.nanoTime() - t0) / 1e9);
            System.out.print(table);
            Files.writeString(Path.of(out, "table.txt"), table);
            List<Object> jr = new ArrayList<>();
            for (Row r : rows) jr.add(r.toJson());
            json.put("rows", jr);
            json.put("heap", heap);
            json.put("notes", notes.toString());
            json.put("elapsed_s", round((System.nanoTime() - t0) / 1e9, 1));
            Files.writeString(Path.of(out, "results.json"), Json.write(json) + "\n");
            return 0;
        } finally {
            http.stop();
            s3.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ 1 GiB object

    /** One figure of the table: direct and gateway values (MB/s: best of the repetitions; 4 KiB phases run once). */
    record Row(String name, String unit, double direct, double gateway, Map<String, Object> detail) {
        double ratio() { return direct > 0 ? gateway / direct : Double.NaN; }
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("operation", name); m.put("unit", unit); m.put("direct", round(direct, 2));
            m.put("gateway", round(gateway, 2)); m.put("ratio_gateway_over_direct", round(ratio(), 3));
            m.putAll(detail);
            return m;
        }
    }

    List<Row> bigObject() throws Exception {
        List<Double> dPut = new ArrayList<>(), gPut = new ArrayList<>(), dGet = new ArrayList<>(), gGet = new ArrayList<>();
        // warm-up: 128 MiB each way (8 parts), so that neither side pays the JIT and connection set-up in its figure
        say("warm-up: 128 MiB PUT + GET each way");
        long warm = 128 * MiB;
        directPutMultipart("direct/big/warm", warm);
        gatewayPut("/big/warm", warm);
        check(directGet("direct/big/warm"), warm, "direct GET");
        check(gatewayGet("/big/warm"), warm, "gateway GET");
        s3.deleteObject(r -> r.bucket(bucket).key("direct/big/warm"));
        gatewayDelete("/big/warm");
        for (int rep = 0; rep < bigReps; rep++) {
            String dk = "direct/big/1g-" + rep, gp = "/big/1g-" + rep;
            boolean directFirst = rep % 2 == 0;   // alternate the order between repetitions (--full)
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == directFirst) {
                    say("1 GiB PUT direct (rep " + (rep + 1) + "/" + bigReps + ")");
                    dPut.add(mbps(GiB, time(() -> directPutMultipart(dk, GiB))));
                } else {
                    say("1 GiB PUT gateway (rep " + (rep + 1) + "/" + bigReps + ")");
                    gPut.add(mbps(GiB, time(() -> gatewayPut(gp, GiB))));
                }
            }
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == directFirst) {
                    say("1 GiB GET direct");
                    dGet.add(mbps(GiB, time(() -> check(directGet(dk), GiB, "direct GET"))));
                } else {
                    say("1 GiB GET gateway");
                    gGet.add(mbps(GiB, time(() -> check(gatewayGet(gp), GiB, "gateway GET"))));
                }
            }
            s3.deleteObject(r -> r.bucket(bucket).key(dk));
            gatewayDelete(gp);
        }
        return List.of(
                new Row("PUT 1 GiB object", "MB/s", max(dPut), max(gPut), Map.of("direct_runs", dPut, "gateway_runs", gPut)),
                new Row("GET 1 GiB object", "MB/s", max(dGet), max(gGet), Map.of("direct_runs", dGet, "gateway_runs", gGet)));
    }

    /**
     * What a plain SDK user does for a large object with the blocking client: CreateMultipartUpload, UploadPart in
     * parts of the gateway area's part-size with the same number in flight, CompleteMultipartUpload.
     */
    void directPutMultipart(String key, long size) throws Exception {
        String id = s3.createMultipartUpload(r -> r.bucket(bucket).key(key).contentType("application/octet-stream")).uploadId();
        int n = (int) ((size + partSize - 1) / partSize);
        Semaphore slots = new Semaphore(partsInFlight);
        List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
        try (ExecutorService ex = Executors.newFixedThreadPool(partsInFlight)) {
            for (int i = 0; i < n; i++) {
                int number = i + 1;
                long len = Math.min(partSize, size - i * partSize);
                slots.acquire();
                parts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        String etag = s3.uploadPart(r -> r.bucket(bucket).key(key).uploadId(id).partNumber(number).contentLength(len),
                                RequestBody.fromContentProvider(() -> new Cycle(block, len), len, "application/octet-stream")).eTag();
                        return CompletedPart.builder().partNumber(number).eTag(etag).build();
                    } finally {
                        slots.release();
                    }
                }, ex));
            }
            List<CompletedPart> done = new ArrayList<>();
            for (var f : parts) done.add(f.join());
            s3.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(done)));
        } catch (RuntimeException e) {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(id));
            throw e;
        }
    }

    long directGet(String key) throws IOException {
        byte[] buf = new byte[1 << 20];
        long total = 0;
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(key))) {
            for (int n; (n = in.read(buf)) > 0; ) total += n;
        }
        return total;
    }

    void gatewayPut(String path, long size) throws Exception {
        var content = new InputStreamRequestContent("application/octet-stream", new Cycle(block, size), 1 << 16) {
            @Override public long getLength() { return size; }
        };
        ContentResponse r = http.newRequest(gateway + path).method(HttpMethod.PUT).body(content)
                .timeout(1800, TimeUnit.SECONDS).send();
        if (r.getStatus() != 201 && r.getStatus() != 204)
            throw new IOException("gateway PUT " + path + ": HTTP " + r.getStatus() + " " + r.getContentAsString());
    }

    long gatewayGet(String path) throws Exception {
        AtomicLong n = new AtomicLong();
        CompletableFuture<Result> done = new CompletableFuture<>();
        http.newRequest(gateway + path).timeout(1800, TimeUnit.SECONDS)
                .onResponseContent((resp, buf) -> n.addAndGet(buf.remaining()))
                .send(done::complete);
        Result res = done.get(1900, TimeUnit.SECONDS);
        if (res.isFailed()) throw new IOException("gateway GET " + path, res.getFailure());
        if (res.getResponse().getStatus() != 200) throw new IOException("gateway GET " + path + ": HTTP " + res.getResponse().getStatus());
        return n.get();
    }

    void gatewayDelete(String path) throws Exception {
        int s = http.newRequest(gateway + path).method(HttpMethod.DELETE).timeout(120, TimeUnit.SECONDS).send().getStatus();
        if (s != 204 && s != 200) throw new IOException("gateway DELETE " + path + ": HTTP " + s);
    }

    void mkcol(String url) throws Exception {
        int s = http.newRequest(url).method("MKCOL").timeout(30, TimeUnit.SECONDS).send().getStatus();
        if (s != 201 && s != 405) throw new IOException("MKCOL " + url + ": HTTP " + s);
    }

    static long check(long got, long want, String what) throws IOException {
        if (got != want) throw new IOException(what + ": " + got + " bytes instead of " + want);
        return got;
    }

    // --------------------------------------------------------------------------------------------- 4 KiB objects

    interface Op { void run(int i) throws Exception; }

    /** Results of one concurrent phase: ops/s over the phase, latency percentiles, errors. */
    record Phase(int ok, int errors, double seconds, double opsPerSec, double p50, double p99, double max, String firstError) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", ok); m.put("errors", errors); m.put("seconds", round(seconds, 2)); m.put("ops_per_s", round(opsPerSec, 1));
            m.put("p50_ms", round(p50, 2)); m.put("p99_ms", round(p99, 2)); m.put("max_ms", round(max, 2));
            if (firstError != null) m.put("first_error", firstError);
            return m;
        }
    }

    /** count operations (or fewer when seconds run out) over conc threads; operation i gets index i. */
    Phase phase(int count, long seconds, Op op) throws InterruptedException {
        long[] lat = new long[count];
        AtomicInteger next = new AtomicInteger(), ok = new AtomicInteger(), err = new AtomicInteger();
        AtomicLong firstErr = new AtomicLong();
        String[] errText = new String[1];
        long start = System.nanoTime(), deadline = start + seconds * 1_000_000_000L;
        Thread[] ts = new Thread[smallConc];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = Thread.ofPlatform().name("op-" + t).start(() -> {
                for (int i; System.nanoTime() < deadline && (i = next.getAndIncrement()) < count; ) {
                    long s = System.nanoTime();
                    try {
                        op.run(i);
                        lat[i] = System.nanoTime() - s;
                        ok.incrementAndGet();
                    } catch (Exception e) {
                        lat[i] = -1;
                        err.incrementAndGet();
                        if (firstErr.compareAndSet(0, 1)) errText[0] = e.toString();
                    }
                }
            });
        }
        for (Thread t : ts) t.join(TimeUnit.SECONDS.toMillis(seconds + 120));
        double el = (System.nanoTime() - start) / 1e9;
        long[] l = Arrays.stream(lat).filter(x -> x > 0).sorted().toArray();
        return new Phase(ok.get(), err.get(), el, ok.get() / el, pct(l, 0.50), pct(l, 0.99),
                l.length == 0 ? 0 : l[l.length - 1] / 1e6, errText[0]);
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    void directPutSmall(String key) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/octet-stream"), RequestBody.fromBytes(small));
    }

    void directGetSmall(String key) throws IOException {
        int n = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArrayUnsafe().length;
        check(n, small.length, "direct GET " + key);
    }

    void gatewayPutSmall(String path) throws Exception {
        ContentResponse r = http.newRequest(gateway + path).method(HttpMethod.PUT)
                .body(new BytesRequestContent("application/octet-stream", small)).timeout(60, TimeUnit.SECONDS).send();
        if (r.getStatus() != 201 && r.getStatus() != 204) throw new IOException("PUT " + path + ": HTTP " + r.getStatus());
    }

    void gatewayGetSmall(String path) throws Exception {
        ContentResponse r = http.newRequest(gateway + path).timeout(60, TimeUnit.SECONDS).send();
        if (r.getStatus() != 200) throw new IOException("GET " + path + ": HTTP " + r.getStatus());
        check(r.getContent().length, small.length, "gateway GET " + path);
    }

    List<Row> smallObjects() throws Exception {
        say("4 KiB warm-up (" + warmCount + " PUT + GET each way)");
        phase(warmCount, smallSeconds, i -> directPutSmall("direct/warm/w" + i));
        phase(warmCount, smallSeconds, i -> gatewayPutSmall("/warm/w" + i));
        phase(warmCount, smallSeconds, i -> directGetSmall("direct/warm/w" + i));
        phase(warmCount, smallSeconds, i -> gatewayGetSmall("/warm/w" + i));

        say("4 KiB PUT c" + smallConc + " direct (at most " + smallCount + " or " + smallSeconds + " s)");
        Phase dp = phase(smallCount, smallSeconds, i -> directPutSmall("direct/small/o" + i));
        say("4 KiB PUT c" + smallConc + " gateway");
        Phase gp = phase(smallCount, smallSeconds, i -> gatewayPutSmall("/small/o" + i));
        // GETs read the objects the PUT phase made, round robin
        int dn = Math.max(1, dp.ok()), gn = Math.max(1, gp.ok());
        say("4 KiB GET c" + smallConc + " direct");
        Phase dg = phase(smallCount, smallSeconds, i -> directGetSmall("direct/small/o" + (i % dn)));
        say("4 KiB GET c" + smallConc + " gateway");
        Phase gg = phase(smallCount, smallSeconds, i -> gatewayGetSmall("/small/o" + (i % gn)));
        for (Phase p : List.of(dp, gp, dg, gg))
            if (p.errors() > 0) notes.append("4 KiB phase with ").append(p.errors()).append(" errors, first: ").append(p.firstError()).append("; ");
        return List.of(
                new Row("PUT 4 KiB, c=16", "ops/s", dp.opsPerSec(), gp.opsPerSec(), Map.of("direct", dp.toJson(), "gateway", gp.toJson())),
                new Row("  PUT 4 KiB p50", "ms", dp.p50(), gp.p50(), Map.of()),
                new Row("  PUT 4 KiB p99", "ms", dp.p99(), gp.p99(), Map.of()),
                new Row("GET 4 KiB, c=16", "ops/s", dg.opsPerSec(), gg.opsPerSec(), Map.of("direct", dg.toJson(), "gateway", gg.toJson())),
                new Row("  GET 4 KiB p50", "ms", dg.p50(), gg.p50(), Map.of()),
                new Row("  GET 4 KiB p99", "ms", dg.p99(), gg.p99(), Map.of()));
    }

    // ------------------------------------------------------------------------------------------ gateway memory

    /** Samples the gateway JVM every 0.5 s: heap use from `jstat -gc` (one long-running jstat), RSS from /proc. */
    final class Sampler implements AutoCloseable {
        volatile long peakUsedKb, peakOldKb, peakRssKb, samples;
        private final Process jstat;
        private final Thread reader, rss;
        private volatile boolean stop;

        Sampler() throws IOException {
            Path jstatBin = Path.of(System.getProperty("java.home"), "bin", "jstat");
            jstat = new ProcessBuilder(jstatBin.toString(), "-gc", Long.toString(gwPid), "500")
                    .redirectErrorStream(true).start();
            reader = Thread.ofPlatform().daemon().name("jstat").start(this::readJstat);
            rss = Thread.ofPlatform().daemon().name("rss").start(this::readRss);
        }

        void reset() { peakUsedKb = 0; peakOldKb = 0; peakRssKb = 0; samples = 0; }

        private void readJstat() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.UTF_8))) {
                List<String> head = null;
                for (String line; (line = r.readLine()) != null; ) {
                    String[] f = line.trim().split("\\s+");
                    if (line.contains("S0C")) { head = List.of(f); continue; }
                    if (head == null || f.length != head.size()) continue;
                    double used = 0;
                    for (String c : List.of("S0U", "S1U", "EU", "OU")) used += Double.parseDouble(f[head.indexOf(c)]);
                    double old = Double.parseDouble(f[head.indexOf("OU")]);
                    peakUsedKb = Math.max(peakUsedKb, (long) used);
                    peakOldKb = Math.max(peakOldKb, (long) old);
                    samples++;
                }
            } catch (IOException | RuntimeException e) {
                notes.append("jstat sampling stopped: ").append(e).append("; ");
            }
        }

        private void readRss() {
            Path status = Path.of("/proc", Long.toString(gwPid), "status");
            while (!stop) {
                try {
                    for (String l : Files.readAllLines(status))
                        if (l.startsWith("VmRSS:")) peakRssKb = Math.max(peakRssKb, Long.parseLong(l.replaceAll("\\D", "")));
                    Thread.sleep(500);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }

        @Override public void close() {
            stop = true;
            jstat.destroy();
        }
    }

    Map<String, Object> heap() throws Exception {
        Map<String, Object> h = new LinkedHashMap<>();
        try (Sampler s = new Sampler()) {
            Thread.sleep(1500);   // jstat attaches
            List<Map<String, Object>> runs = new ArrayList<>();
            for (long size : new long[] {GiB, bigHeapBytes}) {
                String p = "/heap/" + (size / GiB) + "g";
                say("gateway memory: streamed PUT of " + (size / GiB) + " GiB, sampled every 0.5 s");
                s.reset();
                double sec = time(() -> gatewayPut(p, size));
                Thread.sleep(600);   // one more sample after the end
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("bytes", size); m.put("seconds", round(sec, 1)); m.put("mb_per_s", round(size / sec / 1e6, 1));
                m.put("peak_heap_used_mib", round(s.peakUsedKb / 1024.0, 1));
                m.put("peak_old_gen_mib", round(s.peakOldKb / 1024.0, 1));
                m.put("peak_rss_mib", round(s.peakRssKb / 1024.0, 1));
                m.put("heap_samples", s.samples);
                runs.add(m);
                gatewayDelete(p);
            }
            h.put("uploads", runs);
        }
        if (mode.equals("quick")) notes.append("--quick: the large heap upload is 3 GiB, not 10 GiB; ");
        return h;
    }

    // ---------------------------------------------------------------------------------------------------- report

    String table(List<Row> rows, Map<String, Object> heap, double elapsed) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Tributary S3 area vs direct S3 client, same s3proxy (--%s, rev %s, %d cores)%n",
                mode, rev, Runtime.getRuntime().availableProcessors()));
        b.append(String.format(Locale.ROOT, "%-22s %-6s %12s %12s %16s%n", "operation", "unit", "direct", "gateway", "gateway/direct"));
        for (Row r : rows) {
            boolean ms = r.unit().equals("ms");
            b.append(String.format(Locale.ROOT, "%-22s %-6s %12s %12s %16s%n", r.name(), r.unit(),
                    fmt(r.direct(), ms), fmt(r.gateway(), ms), String.format(Locale.ROOT, "%.2fx", r.ratio())));
        }
        b.append(String.format(Locale.ROOT, "%nGateway memory during one streamed PUT (gateway JVM %s; part-size %d MiB, %d parts in flight)%n",
                gatewayOpts.isBlank() ? "defaults" : gatewayOpts, partSize / MiB, partsInFlight));
        b.append(String.format(Locale.ROOT, "%-10s %8s %16s %14s %12s%n", "upload", "MB/s", "peak heap used", "peak old gen", "peak RSS"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> runs = (List<Map<String, Object>>) heap.get("uploads");
        for (Map<String, Object> m : runs) {
            b.append(String.format(Locale.ROOT, "%-10s %8.0f %12.0f MiB %10.0f MiB %8.0f MiB%n",
                    ((long) m.get("bytes") / GiB) + " GiB", (double) m.get("mb_per_s"), (double) m.get("peak_heap_used_mib"),
                    (double) m.get("peak_old_gen_mib"), (double) m.get("peak_rss_mib")));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> cfg = (Map<String, Object>) json.get("config");
        b.append("load average (1/5/15 min) at start ").append(cfg.get("loadavg_start")).append(", at end ")
                .append(cfg.get("loadavg_end")).append(" (more than the cores: other work shared the machine)\n");
        if (notes.length() > 0) b.append("notes: ").append(notes).append('\n');
        b.append(String.format(Locale.ROOT, "MB = 10^6 bytes; 1 GiB figures best of %d; s3load took %.0f s%n", bigReps, elapsed));
        return b.toString();
    }

    static String fmt(double v, boolean ms) {
        return String.format(Locale.ROOT, ms ? "%.2f" : "%.0f", v);
    }

    // ---------------------------------------------------------------------------------------------------- utils

    interface Timed { void run() throws Exception; }

    static double time(Timed t) throws Exception {
        long s = System.nanoTime();
        t.run();
        return (System.nanoTime() - s) / 1e9;
    }

    interface TimedL { long run() throws Exception; }

    static double time(TimedL t) throws Exception {
        long s = System.nanoTime();
        t.run();
        return (System.nanoTime() - s) / 1e9;
    }

    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static double mbps(long bytes, double sec) { return bytes / sec / 1e6; }

    static double max(List<Double> l) { return l.stream().mapToDouble(Double::doubleValue).max().orElse(0); }

    static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) return 0;
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** An InputStream of exactly len bytes cycling over a random block (no disk, no per-request allocation). */
    static final class Cycle extends InputStream {
        private final byte[] block;
        private long left;
        private int pos;

        Cycle(byte[] block, long len) { this.block = block; this.left = len; }

        @Override public int read() {
            if (left <= 0) return -1;
            left--;
            int b = block[pos] & 0xff;
            pos = (pos + 1) % block.length;
            return b;
        }

        @Override public int read(byte[] b, int off, int len) {
            if (left <= 0) return -1;
            int n = (int) Math.min(Math.min(len, left), block.length - pos);
            System.arraycopy(block, pos, b, off, n);
            pos = (pos + n) % block.length;
            left -= n;
            return n;
        }

        @Override public int available() { return (int) Math.min(left, Integer.MAX_VALUE); }
    }

    /** Minimal JSON writer for maps, lists, strings, numbers and booleans. */
    static final class Json {
        static String write(Object o) {
            StringBuilder b = new StringBuilder();
            write(b, o, "");
            return b.toString();
        }

        private static void write(StringBuilder b, Object o, String ind) {
            if (o == null) b.append("null");
            else if (o instanceof Map<?, ?> m) {
                b.append("{");
                String in = ind + "  ";
                boolean first = true;
                for (var e : m.entrySet()) {
                    b.append(first ? "\n" : ",\n").append(in);
                    str(b, String.valueOf(e.getKey()));
                    b.append(": ");
                    write(b, e.getValue(), in);
                    first = false;
                }
                b.append(first ? "}" : "\n" + ind + "}");
            } else if (o instanceof List<?> l) {
                b.append("[");
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) b.append(", ");
                    write(b, l.get(i), ind);
                }
                b.append("]");
            } else if (o instanceof Number || o instanceof Boolean) b.append(o);
            else str(b, o.toString());
        }

        private static void str(StringBuilder b, String s) {
            b.append('"');
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    default -> { if (c < 0x20) b.append(String.format("\\u%04x", (int) c)); else b.append(c); }
                }
            }
            b.append('"');
        }
    }
}
