package org.tributary.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark: starts Tributary, nginx (WebDAV) and XRootD (HTTP) one after the other on loopback over the same
 * data directory, drives each with {@link Load}, and writes a table, a JSON file and an SVG chart.
 */
final class Bench {
    static final String T = "tributary", TN = "tributary-none", NGINX = "nginx", XROOTD = "xrootd";
    static final long GIB = 1L << 30, MIB = 1L << 20;

    // --- options
    String mode = "quick";
    Path base = Path.of("/var/tmp/tributary-bench");
    Path out;
    Path jar;
    Path shim;
    String gitRev = "";
    int portBase = 18080;
    Set<String> servers = new LinkedHashSet<>(List.of(NGINX, XROOTD, T, TN));
    Set<String> groups = new LinkedHashSet<>(List.of("startup", "ceiling", "big", "small", "lsst", "propfind", "dd"));
    List<String> tributaryOpts = new ArrayList<>();
    boolean profile;

    // --- scale (set by mode)
    double smallSeconds, warmupSeconds, lsstSeconds, propfindSeconds, idleSeconds, ceilingSeconds;
    long smallCount;
    int smallFiles = 1000, bigReps, bigPutReps, lsstFiles, propfindCount, heapProbeCount, startupReps;
    final long bigSize = 2 * GIB, lsstSize = 18_000_000L;
    final int dirEntries = 10_000;
    static final int LSST_FULL = 2000;

    // --- results
    final Map<String, Map<String, Load.Result>> results = new LinkedHashMap<>();
    final Map<String, Map<String, Double>> scalars = new LinkedHashMap<>();
    final Map<String, List<Double>> reps = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    final long t0 = System.nanoTime();
    final Instant started = Instant.now();
    Path data, state, logs;
    String loadStart = "";

    static int main(String[] args) throws Exception {
        Bench b = new Bench();
        b.parse(args);
        return b.run();
    }

    void parse(String[] a) {
        for (int i = 0; i < a.length; i++) {
            String k = a[i];
            switch (k) {
                case "--quick" -> mode = "quick";
                case "--full" -> mode = "full";
                case "--dir" -> base = Path.of(a[++i]).toAbsolutePath();
                case "--out" -> out = Path.of(a[++i]).toAbsolutePath();
                case "--jar" -> jar = Path.of(a[++i]).toAbsolutePath();
                case "--shim" -> shim = Path.of(a[++i]).toAbsolutePath();
                case "--git-rev" -> gitRev = a[++i];
                case "--port-base" -> portBase = Integer.parseInt(a[++i]);
                case "--servers" -> servers = new LinkedHashSet<>(Arrays.asList(a[++i].split(",")));
                case "--only" -> groups = new LinkedHashSet<>(Arrays.asList(a[++i].split(",")));
                case "--tributary-opts" -> tributaryOpts.addAll(Arrays.asList(a[++i].trim().split("\\s+")));
                case "--profile" -> profile = true;
                default -> throw new IllegalArgumentException("unknown option " + k);
            }
        }
        tributaryOpts.removeIf(String::isBlank);
        if (out == null) throw new IllegalArgumentException("--out is required");
        boolean quick = mode.equals("quick");
        smallSeconds = quick ? 2.5 : 10;
        smallCount = quick ? 300_000 : 2_000_000;
        warmupSeconds = quick ? 4 : 8;
        bigReps = quick ? 2 : 3;
        bigPutReps = quick ? 1 : 2;
        lsstFiles = quick ? 200 : LSST_FULL;
        lsstSeconds = quick ? 60 : 180;
        propfindCount = quick ? 20 : 100;
        propfindSeconds = quick ? 5 : 15;
        heapProbeCount = quick ? 5 : 30;
        startupReps = quick ? 3 : 5;
        idleSeconds = quick ? 2 : 5;
        ceilingSeconds = quick ? 3 : 5;
    }

    // ------------------------------------------------------------------------------------------------------ running

    int run() throws Exception {
        Files.createDirectories(out);
        logs = Files.createDirectories(out.resolve("logs"));
        data = base.resolve("data");
        state = base.resolve("state");
        log("mode --%s, data under %s, results in %s", mode, data, out);
        if (mode.equals("quick")) {
            note("--quick: LSST mix scaled down to " + lsstFiles + " files of 18 MB (--full: " + LSST_FULL + "); "
                    + smallSeconds + " s per small-file workload; " + bigReps + " GET / " + bigPutReps + " PUT repetitions of the 2 GiB file");
        }
        String load = loadStart = Proc.read(Path.of("/proc/loadavg"));
        double load1 = load.isEmpty() ? 0 : Double.parseDouble(load.split(" ")[0]);
        if (load1 > 0.7) note(String.format(Locale.ROOT, "machine not idle at start (load average %.2f): figures are noisier", load1));
        if (jar == null || !Files.isRegularFile(jar)) {
            note("no Tributary jar (" + jar + "): Tributary skipped, peers only");
            servers.remove(T);
            servers.remove(TN);
        }
        prepare();

        if (groups.contains("startup")) startupPhase();
        for (String s : List.of(NGINX, XROOTD, T, TN)) {
            if (!servers.contains(s)) continue;
            Servers.Server srv = server(s, s.startsWith(T) ? List.of() : null);
            try {
                srv.start("/data/small/f0", 60);
            } catch (Exception e) {
                note(s + " could not be started: " + e.getMessage());
                continue;
            }
            try {
                current = srv;
                suite(srv, s);
            } catch (Exception e) {
                note(s + ": suite aborted: " + e);
                e.printStackTrace();
            } finally {
                current = null;
                srv.stop();
            }
        }
        if (groups.contains("dd") && !scalars.containsKey("dd_fsync_mb_s")) ddReference();

        Report r = new Report(this);
        String table = r.table();
        System.out.println();
        System.out.print(table);
        Files.writeString(out.resolve("table.txt"), table);
        Files.writeString(out.resolve("results.json"), r.json());
        Files.writeString(out.resolve("ratios.svg"), r.svg());
        log("wrote %s/{table.txt,results.json,ratios.svg}; wall time %.0f s", out, elapsed());
        return 0;
    }

    double elapsed() { return (System.nanoTime() - t0) / 1e9; }

    void log(String fmt, Object... args) {
        System.err.printf(Locale.ROOT, "[%6.1fs] %s%n", elapsed(), String.format(Locale.ROOT, fmt, args));
    }

    void note(String n) {
        notes.add(n);
        log("NOTE: %s", n);
    }

    Servers.Server server(String name, List<String> extraJvm) {
        return switch (name) {
            case NGINX -> new Servers.Nginx(portBase + 1, state, logs, base);
            case XROOTD -> new Servers.Xrootd(portBase + 2, state, logs, base, shim);
            default -> {
                List<String> opts = new ArrayList<>(tributaryOpts);
                if (extraJvm != null) opts.addAll(extraJvm);
                if (profile && extraJvm != null && extraJvm.isEmpty()) {
                    opts.add("-XX:StartFlightRecording=filename=" + out.resolve(name + ".jfr") + ",settings=profile,dumponexit=true");
                }
                yield new Servers.Tributary(name, portBase, state, logs, jar, data, name.equals(TN) ? "none" : "fsync", opts);
            }
        };
    }

    // -------------------------------------------------------------------------------------------------------- data

    void prepare() throws IOException {
        Files.createDirectories(state);
        Proc.sharedDir(base);
        Proc.sharedDir(data);
        Path big = data.resolve("big/2g.bin");
        if (!Files.isRegularFile(big) || Files.size(big) != bigSize) {
            log("writing %s (2 GiB of random bytes)", big);
            Proc.sharedDir(big.getParent());
            writeRandom(big, bigSize, 1);
        }
        Path small = Proc.sharedDir(data.resolve("small"));
        if (!Files.isRegularFile(small.resolve("f" + (smallFiles - 1)))) {
            log("writing %d files of 4 KiB in %s", smallFiles, small);
            for (int i = 0; i < smallFiles; i++) writeRandom(small.resolve("f" + i), 4096, i + 2);
        }
        Path dir = Proc.sharedDir(data.resolve("dir10k"));
        if (!Files.isRegularFile(dir.resolve("e" + (dirEntries - 1)))) {
            log("creating %d entries in %s", dirEntries, dir);
            for (int i = 0; i < dirEntries; i++) {
                Path e = dir.resolve("e" + i);
                if (!Files.exists(e)) writeRandom(e, 1024, i);
            }
        }
        for (String d : List.of("put-small", "put-big", "lsst", "warm", "dd")) {
            Proc.sharedDir(data.resolve(d));
            Proc.emptyDir(data.resolve(d));
        }
        // XRootD stores checksums in xattrs of the files it serves (as it would own them in production); without write
        // access it recomputes on every request, and 5.5 was seen to hang and crash under concurrent HEAD + Want-Digest.
        for (String d : List.of("big", "small", "dir10k")) {
            try (var files = Files.list(data.resolve(d))) {
                files.forEach(Proc::chownToXrootd);
            }
        }
        // Make the read set resident, as it would be on a warm server: every server then reads from the page cache.
        readAll(big);
        Proc.sync();
    }

    static void readAll(Path p) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) MIB);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            while (ch.read(buf.clear()) > 0) {
                // page cache warm-up only
            }
        }
    }

    static void writeRandom(Path p, long size, long seed) throws IOException {
        byte[] chunk = new byte[(int) Math.min(size, MIB)];
        new Random(seed).nextBytes(chunk);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            long left = size;
            while (left > 0) {
                ByteBuffer b = ByteBuffer.wrap(chunk, 0, (int) Math.min(chunk.length, left));
                while (b.hasRemaining()) left -= ch.write(b);
            }
        }
        p.toFile().setReadable(true, false);
    }

    // ----------------------------------------------------------------------------------------------------- phases

    void startupPhase() {
        for (String s : List.of(NGINX, XROOTD, T)) {
            if (!servers.contains(s)) continue;
            List<Double> times = new ArrayList<>();
            double rss = Double.NaN;
            for (int i = 0; i < startupReps; i++) {
                Servers.Server srv = server(s, List.of("-Xmx256m"));
                try {
                    srv.start("/data/small/f0", 60);
                    times.add(srv.startupMillis);
                    if (i == startupReps - 1) {
                        Thread.sleep((long) (idleSeconds * 1000));
                        rss = srv.rssKb() / 1024.0;
                    }
                } catch (Exception e) {
                    note(s + ": start-up measurement failed: " + e.getMessage());
                    break;
                } finally {
                    srv.stop();
                }
            }
            if (!times.isEmpty()) {
                scalar("startup_ms", s, median(times));
                reps.put("startup_ms/" + s, times);
                if (!Double.isNaN(rss)) scalar("idle_rss_mib", s, rss);
                log("%s: start-up to first GET %.0f ms (median of %s), idle RSS %.1f MiB after %.0f s%s", s, median(times),
                        times.stream().map(t -> String.format(Locale.ROOT, "%.0f", t)).toList(), rss, idleSeconds,
                        s.equals(T) ? " (-Xmx256m)" : "");
            }
        }
    }

    void suite(Servers.Server srv, String v) throws Exception {
        boolean reads = !v.equals(TN);
        String url = srv.baseUrl();
        log("%s: up in %.0f ms on %s", v, srv.startupMillis, url);
        warmup(srv, v, reads);
        if (v.equals(NGINX) && groups.contains("ceiling")) ceiling(url);
        if (groups.contains("big")) {
            if (reads) bigGet(url, v);
            bigPut(url, v);
            // The dd reference right after Tributary's durable large PUT: same disk state, least drift.
            if (v.equals(T) && groups.contains("dd")) ddReference();
        }
        if (groups.contains("small")) {
            if (reads) {
                for (int c : new int[] {1, 64}) {
                    record("small_get_c" + c, v, measured(spec("get", url, "GET", "/data/small/f%d", smallFiles, c, smallCount, smallSeconds, 0, List.of())));
                }
                for (int c : new int[] {1, 64}) {
                    record("small_head_c" + c, v, measured(spec("head", url, "HEAD", "/data/small/f%d", smallFiles, c, smallCount, smallSeconds, 0,
                            List.of("Want-Digest: adler32"))));
                }
            }
            for (int c : new int[] {1, 64}) smallPutDelete(url, v, c);
        }
        if (groups.contains("lsst")) lsst(url, v);
        if (groups.contains("propfind") && reads) propfind(srv, v);
    }

    /** The server whose CPU time is charged to the workloads being measured. */
    Servers.Server current;
    final Map<Load.Result, double[]> cpu = new java.util.IdentityHashMap<>();
    static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** Runs a timed workload and notes the CPU seconds the server tree and this JVM (the client) used meanwhile. */
    Load.Result measured(Load.Spec spec) throws Exception {
        double s0 = current == null ? 0 : Proc.treeCpuSeconds(current.pid());
        double j0 = current == null ? 0 : Proc.treeJitCpuSeconds(current.pid());
        long c0 = OS.getProcessCpuTime();
        Load.Result r = Load.run(spec);
        double s1 = current == null ? 0 : Proc.treeCpuSeconds(current.pid());
        double j1 = current == null ? 0 : Proc.treeJitCpuSeconds(current.pid());
        // [0] server CPU without JIT compilation (steady state), [1] client (this JVM), [2] server JIT compilation
        cpu.put(r, new double[] {current == null ? Double.NaN : (s1 - s0) - (j1 - j0), (OS.getProcessCpuTime() - c0) / 1e9,
                current == null ? Double.NaN : j1 - j0});
        return r;
    }

    Load.Spec spec(String name, String url, String op, String path, int files, int c, long count, double seconds, long size, List<String> headers) {
        return new Load.Spec(name, url, op, path, files, 0, c, count, seconds, size, headers, 300);
    }

    void record(String workload, String variant, Load.Result r) {
        results.computeIfAbsent(workload, k -> new LinkedHashMap<>()).put(variant, r);
        double[] c = cpu.get(r);
        String cpuText = "";
        if (c != null && r.ok() + r.errors() > 0) {
            double n = r.ok() + r.errors();
            cpuText = String.format(Locale.ROOT, " cpu/op server %.0fus client %.0fus", 1e6 * c[0] / n, 1e6 * c[1] / n);
        }
        log("%-14s %-22s %s%s", variant, workload, r.summary().substring(29), cpuText);
        if (r.errors() > 0) note(variant + " " + workload + ": " + r.errors() + " errors; first: " + r.firstError());
    }

    void scalar(String metric, String variant, double value) {
        scalars.computeIfAbsent(metric, k -> new LinkedHashMap<>()).put(variant, value);
    }

    void warmup(Servers.Server srv, String v, boolean reads) throws Exception {
        String url = srv.baseUrl();
        double w0 = elapsed();
        double w = warmupSeconds;
        if (reads) {
            // JIT warm-up matters for the JVM server (and the client): measured CPU per request drops several-fold
            // over the first seconds of load.
            Load.run(spec("warm-get", url, "GET", "/data/small/f%d", smallFiles, 64, Long.MAX_VALUE, w, 0, List.of()));
            // One HEAD + Want-Digest per file, one at a time: servers that cache checksums (XRootD and Tributary in xattrs)
            // compute them here, not in the timed run. XRootD 5.5 answers concurrent first-time checksum requests with
            // 30 s waits.
            Load.Result h = Load.run(spec("warm-head", url, "HEAD", "/data/small/f%d", smallFiles, 1, smallFiles, 60, 0, List.of("Want-Digest: adler32")));
            if (h.ok() < smallFiles) note(v + " warm-up: only " + h.ok() + " of " + smallFiles + " HEAD + Want-Digest succeeded");
            Load.run(spec("warm-propfind", url, "PROPFIND", "/data/small/", 0, 1, 3, w, 0, List.of("Depth: 1")));
        }
        Load.Result p = Load.run(spec("warm-put", url, "PUT", "/data/warm/" + v + "-%d", 0, 16, 200_000, w * 0.5, 4096, List.of()));
        Load.run(spec("warm-delete", url, "DELETE", "/data/warm/" + v + "-%d", 0, 16, Math.max(1, p.ok()), w * 0.5, 0, List.of()));
        Proc.emptyDir(data.resolve("warm"));
        log("%s: warm-up done in %.1f s", v, elapsed() - w0);
    }

    void ceiling(String url) throws Exception {
        Load.run(spec("ceiling-warm", url, "GET", "/ceiling", 0, 64, Long.MAX_VALUE, 1, 0, List.of())); // after nginx's warm-up
        for (int c : new int[] {1, 64}) {
            // best of two: the ceiling is a capability, and a burst of other work on the machine only lowers it
            Load.Result a = measured(spec("ceiling", url, "GET", "/ceiling", 0, c, 5_000_000, ceilingSeconds / 2, 0, List.of()));
            Load.Result b = measured(spec("ceiling", url, "GET", "/ceiling", 0, c, 5_000_000, ceilingSeconds / 2, 0, List.of()));
            record("ceiling_c" + c, NGINX, a.opsPerSec() >= b.opsPerSec() ? a : b);
        }
        Proc.Out wrk = Proc.run(List.of("wrk", "-t1", "-c64", "-d" + (int) Math.ceil(ceilingSeconds / 2) + "s", url + "/ceiling"), ceilingSeconds + 30);
        Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(wrk.text());
        if (wrk.code() == 0 && m.find()) {
            scalar("ceiling_wrk_c64", NGINX, Double.parseDouble(m.group(1)));
            log("wrk -t1 -c64 on the same URL: %s req/s", m.group(1));
        }
    }

    void bigGet(String url, String v) throws Exception {
        Load.Result best = null;
        List<Double> mb = new ArrayList<>();
        for (int i = 0; i < bigReps; i++) {
            Load.Result r = measured(spec("big-get", url, "GET", "/data/big/2g.bin", 1, 1, 1, 600, 0, List.of()));
            if (r.ok() == 1 && r.bytesIn() != bigSize) note(v + " big GET: got " + r.bytesIn() + " bytes, expected " + bigSize);
            mb.add(r.mbPerSec());
            if (best == null || r.mbPerSec() > best.mbPerSec()) best = r;
        }
        reps.put("big_get/" + v, mb);
        record("big_get", v, best);
    }

    void bigPut(String url, String v) throws Exception {
        Path dir = data.resolve("put-big/" + v);
        Proc.sharedDir(dir);
        Load.Result best = null;
        List<Double> mb = new ArrayList<>();
        for (int i = 0; i < bigPutReps; i++) {
            Proc.emptyDir(dir);
            Proc.sync();
            Load.Result r = measured(spec("big-put", url, "PUT", "/data/put-big/" + v + "/2g.bin", 0, 1, 1, 600, bigSize, List.of()));
            mb.add(r.mbPerSec());
            if (best == null || r.mbPerSec() > best.mbPerSec()) best = r;
            Path f = dir.resolve("2g.bin");
            if (r.ok() == 1 && (!Files.exists(f) || Files.size(f) != bigSize)) {
                note(v + " big PUT: stored file has " + (Files.exists(f) ? Files.size(f) : -1) + " bytes, expected " + bigSize);
            }
        }
        Proc.emptyDir(dir); // dropping the dirty pages of a non-fsynced copy avoids write-back during the next workload
        Proc.sync();
        reps.put("big_put/" + v, mb);
        record("big_put", v, best);
    }

    void smallPutDelete(String url, String v, int c) throws Exception {
        String sub = "put-small/" + v + "-c" + c;
        Path dir = Proc.sharedDir(data.resolve(sub));
        Proc.emptyDir(dir);
        Proc.sync();
        Load.Result put = measured(spec("put", url, "PUT", "/data/" + sub + "/f%d", 0, c, smallCount, smallSeconds, 4096, List.of()));
        record("small_put_c" + c, v, put);
        Proc.sync();
        long n = put.ok() + put.errors();
        if (n > 0) {
            Load.Result del = measured(spec("delete", url, "DELETE", "/data/" + sub + "/f%d", 0, c, n, smallSeconds * 2, 0, List.of()));
            record("small_delete_c" + c, v, del);
        }
        Proc.emptyDir(dir);
        Proc.sync();
    }

    void lsst(String url, String v) throws Exception {
        Path dir = Proc.sharedDir(data.resolve("lsst/" + v));
        Proc.emptyDir(dir);
        Proc.sync();
        Load.Result r = measured(spec("lsst", url, "PUT", "/data/lsst/" + v + "/f%d", 0, 16, lsstFiles, lsstSeconds, lsstSize, List.of()));
        record("lsst_put_c16", v, r);
        if (r.ok() < lsstFiles && r.errors() == 0) note(v + " LSST mix: time bound hit after " + r.ok() + " of " + lsstFiles + " files");
        Proc.emptyDir(dir);
        Proc.sync();
    }

    void propfind(Servers.Server srv, String v) throws Exception {
        String url = srv.baseUrl();
        List<String> depth = List.of("Depth: 1");
        Load.run(spec("propfind-warm", url, "PROPFIND", "/data/dir10k/", 0, 1, 2, 30, 0, depth));
        long rssBefore = srv.rssKb();
        srv.resetPeakRss();
        Load.Result r = measured(spec("propfind", url, "PROPFIND", "/data/dir10k/", 0, 1, propfindCount, propfindSeconds, 0, depth));
        long rssPeak = srv.peakRssKb();
        record("propfind_10k", v, r);
        if (r.ok() > 0 && r.entries() / r.ok() < dirEntries) {
            note(String.format("%s PROPFIND: %d entries per response, expected %d (+1 for the collection)", v, r.entries() / r.ok(), dirEntries));
        }
        scalar("propfind_rss_growth_mib", v, Math.max(0, rssPeak - rssBefore) / 1024.0);
        log("%s PROPFIND: RSS %.1f MiB before, peak %.1f MiB during", v, rssBefore / 1024.0, rssPeak / 1024.0);
        if (v.startsWith(T)) heapProbe(srv, url, depth);
    }

    /** Live-heap growth of Tributary while PROPFINDs run: full GCs during the requests, max(used after GC) - baseline. */
    void heapProbe(Servers.Server srv, String url, List<String> depth) {
        try (HeapProbe hp = new HeapProbe(srv.pid())) {
            hp.liveUsed();
            long baseline = hp.liveUsed();
            hp.resetPeaks();
            AtomicReference<Load.Result> res = new AtomicReference<>();
            Thread load = Thread.ofPlatform().start(() -> {
                try {
                    res.set(Load.run(spec("propfind-heap", url, "PROPFIND", "/data/dir10k/", 0, 1, heapProbeCount, propfindSeconds * 3, 0, depth)));
                } catch (Exception e) {
                    note("heap probe load failed: " + e);
                }
            });
            long maxLive = baseline;
            int samples = 0;
            while (load.isAlive()) {
                maxLive = Math.max(maxLive, hp.liveUsed());
                samples++;
                Thread.sleep(5);
            }
            load.join();
            long peak = hp.peakUsed();
            long after = hp.liveUsed();
            scalar("propfind_heap_baseline_mib", T, baseline / (double) MIB);
            scalar("propfind_heap_growth_mib", T, (maxLive - baseline) / (double) MIB);
            scalar("propfind_heap_peak_incl_garbage_mib", T, Math.max(0, peak - baseline) / (double) MIB);
            scalar("propfind_heap_after_mib", T, after / (double) MIB);
            scalar("propfind_heap_max_mib", T, hp.max() / (double) MIB);
            log("tributary PROPFIND heap: live %.1f MiB before, max live during %.1f MiB (%d forced GCs over %d requests), "
                            + "peak incl. garbage +%.1f MiB, %.1f MiB after",
                    baseline / (double) MIB, maxLive / (double) MIB, samples, res.get() == null ? 0 : res.get().ok(),
                    Math.max(0, peak - baseline) / (double) MIB, after / (double) MIB);
        } catch (Exception e) {
            note("heap probe failed: " + e);
        }
    }

    void ddReference() throws IOException {
        Path dir = Proc.sharedDir(data.resolve("dd"));
        Pattern p = Pattern.compile("(\\d+) bytes.*copied, ([0-9.]+) s");
        for (boolean fsync : new boolean[] {true, false}) {
            List<Double> mb = new ArrayList<>();
            for (int i = 0; i < bigPutReps; i++) {
                Proc.emptyDir(dir);
                Proc.sync();
                // Source: the page-cached 2 GiB file (random bytes, like the PUT bodies). Zeros from /dev/zero were
                // written ~1.4x faster than real data on this virtual disk.
                List<String> cmd = new ArrayList<>(List.of("dd", "if=" + data.resolve("big/2g.bin"), "of=" + dir.resolve("2g.bin"), "bs=1M",
                        "count=" + (bigSize / MIB)));
                if (fsync) cmd.add("conv=fsync");
                Proc.Out o = Proc.run(cmd, 600);
                Matcher m = p.matcher(o.text());
                if (o.code() == 0 && m.find()) mb.add(Long.parseLong(m.group(1)) / Double.parseDouble(m.group(2)) / 1e6);
                else note("dd failed: " + o.text());
            }
            Proc.emptyDir(dir);
            Proc.sync();
            if (!mb.isEmpty()) {
                String key = fsync ? "dd_fsync_mb_s" : "dd_nofsync_mb_s";
                scalar(key, "dd", mb.stream().mapToDouble(Double::doubleValue).max().orElse(0));
                reps.put(key, mb);
                log("dd if=big/2g.bin bs=1M count=2048%s: %.0f MB/s", fsync ? " conv=fsync" : "", scalars.get(key).get("dd"));
            }
        }
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
