package org.tributary.bench;

import static org.tributary.bench.Bench.MIB;
import static org.tributary.bench.Bench.T;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The WLCG Tape REST API at FTS's scale (issue 12): a stage request of 2,000 files (the time until it is accepted),
 * the poll of a 2,000-file request and an archiveinfo of 2,000 paths, each as a latency of one client waiting for the
 * answer; then the live heap and the database file of 100,000 stored stage requests. Tributary only (no peer serves
 * this API here). The files are 4 KiB and on disk: staging them only pins them, so what is timed is the API, the
 * request store and the backend's bookkeeping, not a simulated drive.
 */
final class TapeRestWorkload {

    static final int FILES = 2_000;
    static final int STORED = 100_000;
    static final String API = "/api/v1/tape";
    private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\"\\s*:\\s*\"([^\"]+)\"");

    private final Bench bench;

    TapeRestWorkload(Bench bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        Path dir = bench.state.resolve("tape-bench");
        Proc.deleteTree(dir);
        Files.createDirectories(dir);
        Servers.Tributary srv = new Servers.Tributary("tributary-tape", bench.portBase + 20, bench.state, bench.logs, bench.jar,
                bench.data, "fsync", bench.tributaryOpts);
        srv.areaYaml = """
                  - name: tape
                    access-points: [/tape]
                    anonymous: read-write
                    backend: { type: tape-sim, buffer: %s, library: %s, create-directories: true, drives: 2,
                               time-scale: 1000, buffer-capacity: 4GiB, migrate-after: 1h }
                """.formatted(dir.resolve("buffer"), dir.resolve("library"));
        srv.topYaml = """
                tape-rest: { sitename: BENCH-TAPE, state-directory: %s }
                """.formatted(dir.resolve("rest"));
        try {
            srv.start("/data/small/f0", 60);
            bench.current = srv;
            measure(srv, dir);
        } finally {
            bench.current = null;
            srv.stop();
        }
    }

    private void measure(Servers.Tributary srv, Path dir) throws Exception {
        String base = srv.baseUrl();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // 2,000 files of 4 KiB, 16 uploads at a time
        Load.run(bench.spec("tape-seed", base, "PUT", "/tape/b/f%d", FILES, 16, FILES, 120, 4096, List.of()));
        StringBuilder files = new StringBuilder("{\"files\":[");
        StringBuilder paths = new StringBuilder("{\"paths\":[");
        for (int i = 0; i < FILES; i++) {
            String sep = i == 0 ? "" : ",";
            files.append(sep).append("{\"path\":\"/tape/b/f").append(i).append("\"}");
            paths.append(sep).append("\"/tape/b/f").append(i).append('"');
        }
        String stageBody = files.append("]}").toString(), archiveBody = paths.append("]}").toString();
        int reps = bench.mode.equals("quick") ? 10 : 30;

        List<Double> stage = new ArrayList<>();
        String id = null;
        for (int i = 0; i < reps + 2; i++) { // two unmeasured rounds: JIT and the store's first pages
            long t0 = System.nanoTime();
            HttpResponse<String> r = post(http, base + API + "/stage", stageBody);
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 201) throw new IllegalStateException("stage: " + r.statusCode() + " " + r.body());
            Matcher m = REQUEST_ID.matcher(r.body());
            if (!m.find()) throw new IllegalStateException("stage: no requestId in " + r.body());
            id = m.group(1);
            if (i >= 2) stage.add(ms);
        }
        String pollUrl = base + API + "/stage/" + id;
        List<Double> poll = timed(reps, () -> get(http, pollUrl));
        List<Double> archive = timed(reps, () -> post(http, base + API + "/archiveinfo", archiveBody));
        record("tape_stage_2000_ms", stage, "stage request of 2,000 files, until 201");
        record("tape_poll_2000_ms", poll, "poll of a 2,000-file request");
        record("tape_archiveinfo_2000_ms", archive, "archiveinfo of 2,000 paths");

        stored(srv, http, base, dir);
    }

    /** 100,000 one-file stage requests, 32 at a time; live heap before and after (forced full GCs) and the SQLite file. */
    private void stored(Servers.Tributary srv, HttpClient http, String base, Path dir) throws Exception {
        try (HeapProbe hp = new HeapProbe(srv.pid())) {
            long before = hp.liveUsed();
            AtomicLong failed = new AtomicLong();
            Semaphore slots = new Semaphore(32);
            long t0 = System.nanoTime();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < STORED; i++) {
                    String body = "{\"files\":[{\"path\":\"/tape/b/f" + (i % FILES) + "\"}]}";
                    slots.acquire();
                    pool.submit(() -> {
                        try {
                            if (post(http, base + API + "/stage", body).statusCode() != 201) failed.incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        } finally {
                            slots.release();
                        }
                    });
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long after = hp.liveUsed();
            long db = 0;
            try (var s = Files.walk(dir.resolve("rest"))) {
                for (Path p : s.filter(Files::isRegularFile).toList()) db += Files.size(p);
            }
            bench.scalar("tape_stored_heap_growth_mib", T, Math.max(0, after - before) / (double) MIB);
            bench.scalar("tape_stored_db_mib", T, db / (double) MIB);
            bench.scalar("tape_stage_submit_per_s", T, STORED / secs);
            bench.log("tape REST: %,d stage requests stored in %.1f s (%.0f/s, %d failed); live heap %.1f -> %.1f MiB;"
                            + " request store on disk %.1f MiB", STORED, secs, STORED / secs, failed.get(),
                    before / (double) MIB, after / (double) MIB, db / (double) MIB);
            if (failed.get() > 0) bench.note("tape REST: " + failed.get() + " of " + STORED + " stage requests failed");
        }
    }

    private interface Call {
        HttpResponse<String> call() throws Exception;
    }

    private static List<Double> timed(int reps, Call c) throws Exception {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < reps + 2; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = c.call();
            double ms = (System.nanoTime() - t0) / 1e6;
            if (r.statusCode() != 200) throw new IllegalStateException(r.statusCode() + " " + r.body());
            if (i >= 2) out.add(ms);
        }
        return out;
    }

    private void record(String metric, List<Double> ms, String what) {
        double median = Bench.median(ms);
        double max = ms.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        bench.scalar(metric, T, median);
        bench.scalar(metric.replace("_ms", "_max_ms"), T, max);
        bench.log("tape REST: %s: median %.1f ms, max %.1f ms over %d", what, median, max, ms.size());
    }

    private static HttpResponse<String> post(HttpClient http, String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
