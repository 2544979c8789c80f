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
    Set<String> groups = new LinkedHashSet<>(List.of("startup", "ceiling", "big", "small", "tokens", "lsst", "propfind", "dd", "tpc"));
    List<String> tributaryOpts = new ArrayList<>();
    boolean profile;

    // --- scale (set by mode)
    double smallSeconds, warmupSeconds, lsstSeconds, propfindSeconds, idleSeconds, ceilingSeconds;
    long smallCount;
    int smallFiles = 1000, bigReps, bigPutReps, lsstFiles, propfindCount, heapProbeCount, startupReps;
    final long bigSize = 2 * GIB, lsstSize = 18_000_000L;
    final int dirEntries = 10_000;
    static final int LSST_FULL = 2000;
    // third-party copy (issue 4); --full uses the counts
    int tpcSmallFiles, tpcBigCount, tpcBigConc, tpcMemCount = 300;
    long tpcLinkSize;
    double tokenSeconds;
    int tokenBlocks;
    static final int TPC_SMALL_FULL = 1000, TPC_BIG_FULL = 8;
    static final long TPC_LINK_FULL = 2 * GIB;
    static final double LINK_MB_S = 20;
    static final int[] LINK_STREAMS = {1, 4, 8};

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
        tokenSeconds = 0.25;
        tokenBlocks = quick ? 24 : 96;
        tpcSmallFiles = quick ? 200 : TPC_SMALL_FULL;
        tpcBigCount = quick ? 2 : TPC_BIG_FULL;
        tpcBigConc = quick ? 2 : 4;
        tpcLinkSize = quick ? 256 * MIB : TPC_LINK_FULL;
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
            if (groups.contains("tpc")) {
                note("--quick: third-party copy scaled down to " + tpcSmallFiles + " x 1 MiB (--full: " + TPC_SMALL_FULL + "), " + tpcBigCount
                        + " x 1 GiB at c=" + tpcBigConc + " (--full: " + TPC_BIG_FULL + " at c=4), long-haul pull of " + tpcLinkSize / MIB
                        + " MiB (--full: 2 GiB); 300 x 8 MiB unchanged");
            }
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
            if (s.equals(T) && groups.contains("tokens")) withTokenIssuer((Servers.Tributary) srv);
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
        if (groups.contains("tpc")) {
            try {
                tpcPhase();
            } catch (Exception e) {
                note("third-party copy: aborted: " + e);
                e.printStackTrace();
            }
        }

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
        if (groups.contains("tpc")) prepareTpc();
        for (String d : List.of("put-small", "put-big", "lsst", "warm", "dd", "tpc-dst")) {
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
        if (reads && v.equals(T) && groups.contains("tokens")) tokens((Servers.Tributary) srv);
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
        return measured(null, spec);
    }

    /** As {@link #measured(Load.Spec)}, on a client that stays open between workloads (null: a fresh one). */
    Load.Result measured(org.eclipse.jetty.client.HttpClient client, Load.Spec spec) throws Exception {
        double s0 = current == null ? 0 : Proc.treeCpuSeconds(current.pid());
        double j0 = current == null ? 0 : Proc.treeJitCpuSeconds(current.pid());
        long c0 = OS.getProcessCpuTime();
        Load.Result r = client == null ? Load.run(spec) : Load.run(client, spec);
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

    // ------------------------------------------------------------------------------------------- tokens (issue 3)

    static final String GROUP = "/bench";

    /** The dev issuer (keys generated next to jwks-file) and one group policy, in the suite's Tributary instance. */
    void withTokenIssuer(Servers.Tributary t) throws IOException {
        Path dir = Files.createDirectories(state.resolve("dev-issuer"));
        t.areaYaml = """
                    policies:
                      - {allow: [read, list], path: /, who: group %s}
                """.formatted(GROUP);
        t.topYaml = """
                token-issuers:
                  - { name: dev, issuer: https://dev.tributary.invalid, dev: true, jwks-file: %s, audiences: [127.0.0.1] }
                """.formatted(dir.resolve("jwks.json"));
    }

    /** {@code tributary dev-token} against the instance's configuration: the token, or null. */
    String mint(Servers.Tributary t, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString(),
                "dev-token", "--config", state.resolve(t.name + ".yaml").toString(), "--aud", "127.0.0.1", "--lifetime", "2h"));
        cmd.addAll(Arrays.asList(args));
        Proc.Out o = Proc.run(cmd, 60);
        String tok = o.text().lines().map(String::trim).filter(l -> l.startsWith("eyJ")).reduce((a, b) -> b).orElse(null);
        if (o.code() != 0 || tok == null) note("dev-token " + String.join(" ", args) + " failed: " + o.text());
        return tok;
    }

    /**
     * The six orders of the three kinds: over six blocks every kind runs first, second and third twice and follows
     * each other kind equally often (a rotation alone made the group token always follow the scope token).
     */
    static final List<List<String>> ORDERS = List.of(List.of("anon", "scope", "group"), List.of("group", "anon", "scope"),
            List.of("scope", "group", "anon"), List.of("anon", "group", "scope"), List.of("scope", "anon", "group"),
            List.of("group", "scope", "anon"));

    /**
     * The same 4 KiB GET as small_get, anonymous and with a bearer token (a storage.read:/ scope token; a wlcg.groups
     * token authorised by a group policy) on the same instance and the same kept-alive connections, in many short
     * blocks: each block runs every kind for {@code tokenSeconds}, in one of the six {@link #ORDERS}.
     *
     * <p>Why short blocks, pooled: on this kind of machine throughput drifts by ±15 % over seconds (server and client
     * CPU per request rise and fall together, so the cause is outside either). Interleaving at a fine grain lets every
     * kind see the same drift; each kind's figure is its total requests over its total time (recorded as
     * token_get_KIND_cC, with server and client CPU summed the same way). The note also gives the spread of the
     * per-block ratios, so a reader can see how much one block alone could mislead.
     */
    void tokens(Servers.Tributary srv) throws Exception {
        String url = srv.baseUrl();
        String scope = mint(srv, "--scope", "storage.read:/"), group = mint(srv, "--group", GROUP);
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("anon", null);
        if (scope != null) kinds.put("scope", scope);
        if (group != null) kinds.put("group", group);
        List<String> names = new ArrayList<>(kinds.keySet());
        for (int c : new int[] {1, 64}) {
            org.eclipse.jetty.client.HttpClient client = Load.newClient(c, Integer.getInteger("loadgen.selectors", 1));
            try {
                // warm-up on these connections: the token path (one signature check per token, then the caches; JIT)
                for (String k : names) {
                    Load.Result w = Load.run(client, spec("warm-token-" + k, url, "GET", "/data/small/f%d", smallFiles, c,
                            Long.MAX_VALUE, warmupSeconds / 4, 0, header(kinds.get(k))));
                    if (w.ok() == 0) note("token warm-up (" + k + "): no successful GET; first error " + w.firstError());
                }
                Map<String, List<Load.Result>> slices = new LinkedHashMap<>();
                for (int b = 0; b < tokenBlocks; b++) {
                    List<String> order = ORDERS.get(b % ORDERS.size()).stream().filter(names::contains).toList();
                    StringBuilder blockLine = new StringBuilder();
                    for (String k : order) {
                        Load.Result res = measured(client, spec("get-" + k, url, "GET", "/data/small/f%d", smallFiles, c,
                                smallCount, tokenSeconds, 0, header(kinds.get(k))));
                        slices.computeIfAbsent(k, x -> new ArrayList<>()).add(res);
                        double[] cp = cpu.get(res);
                        blockLine.append(String.format(Locale.ROOT, "  %s %.0f/s (server %.0f us/op)", k, res.opsPerSec(),
                                cp == null || res.ok() == 0 ? Double.NaN : 1e6 * cp[0] / res.ok()));
                    }
                    log("token GET c=%d block %d:%s", c, b, blockLine);
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                        "token GET c=%d: %d blocks of %s x %.2f s on one set of connections, pooled per kind;", c,
                        tokenBlocks, String.join("/", names), tokenSeconds));
                for (var e : slices.entrySet()) {
                    Load.Result pooled = pool(e.getValue());
                    record("token_get_" + e.getKey() + "_c" + c, T, pooled);
                    if (e.getKey().equals("anon")) continue;
                    List<Double> ratios = new ArrayList<>();
                    for (int b = 0; b < e.getValue().size(); b++) {
                        ratios.add(e.getValue().get(b).opsPerSec() / slices.get("anon").get(b).opsPerSec());
                    }
                    ratios.sort(null);
                    int n = ratios.size();
                    line.append(String.format(Locale.ROOT, " %s/anon per block: median %.3f, middle half %.3f-%.3f, all %.3f-%.3f;",
                            e.getKey(), ratios.get(n / 2), ratios.get(n / 4), ratios.get(Math.min(n - 1, 3 * n / 4)),
                            ratios.get(0), ratios.get(n - 1)));
                }
                note(line.substring(0, line.length() - 1));
            } finally {
                client.stop();
            }
        }
    }

    private static List<String> header(String token) {
        return token == null ? List.of() : List.of("Authorization: Bearer " + token);
    }

    /** Several runs of one workload as one: sums; latency percentiles are the middle run's, max the largest. */
    Load.Result pool(List<Load.Result> runs) {
        long ok = 0, errors = 0, in = 0, out = 0, digests = 0, entries = 0;
        double elapsed = 0, meanSum = 0, max = 0;
        Map<Integer, Long> statuses = new java.util.TreeMap<>();
        String firstError = null;
        double[] cpuSum = new double[3];
        for (Load.Result r : runs) {
            ok += r.ok(); errors += r.errors(); in += r.bytesIn(); out += r.bytesOut();
            digests += r.digestHeaders(); entries += r.entries();
            elapsed += r.elapsed(); meanSum += r.mean() * r.ok(); max = Math.max(max, r.max());
            r.statuses().forEach((k, v) -> statuses.merge(k, v, Long::sum));
            if (firstError == null) firstError = r.firstError();
            double[] c = cpu.get(r);
            if (c != null) for (int i = 0; i < 3; i++) cpuSum[i] += c[i];
        }
        List<Load.Result> byP50 = new ArrayList<>(runs);
        byP50.sort(java.util.Comparator.comparingDouble(Load.Result::p50));
        Load.Result mid = byP50.get(byP50.size() / 2);
        Load.Spec first = runs.get(0).spec();
        Load.Result pooled = new Load.Result(first.withBounds(first.count() * runs.size(), first.seconds() * runs.size()),
                ok, errors, statuses, firstError, elapsed, in, out, mid.p50(), mid.p90(), mid.p99(), max,
                ok > 0 ? meanSum / ok : 0, digests, entries);
        cpu.put(pooled, cpuSum);
        return pooled;
    }

    // ------------------------------------------------------------------------------------- third-party copy (issue 4)

    static final String TSRC = "tpc-src", TDST = "tpc-dst", TDST512 = "tpc-dst-512m", XSRC = "xrootd-src", XDST = "xrootd-dst";

    void prepareTpc() throws IOException {
        Path src = Proc.sharedDir(data.resolve("tpc-src"));
        if (!Files.isRegularFile(src.resolve("m" + (tpcSmallFiles - 1))) || Files.size(src.resolve("m" + (tpcSmallFiles - 1))) != MIB) {
            log("writing %d files of 1 MiB in %s", tpcSmallFiles, src);
            for (int i = 0; i < tpcSmallFiles; i++) {
                Path f = src.resolve("m" + i);
                if (!Files.isRegularFile(f) || Files.size(f) != MIB) writeRandom(f, MIB, 1000L + i);
            }
        }
        for (var e : Map.of("g1.bin", GIB, "e8.bin", 8 * MIB, "link.bin", tpcLinkSize).entrySet()) {
            Path f = src.resolve(e.getKey());
            if (!Files.isRegularFile(f) || Files.size(f) != e.getValue()) {
                log("writing %s (%d MiB)", f, e.getValue() / MIB);
                writeRandom(f, e.getValue(), e.getKey().hashCode());
            }
        }
        try (var files = Files.list(src)) {
            files.forEach(Proc::chownToXrootd);
        }
        readAll(src.resolve("g1.bin"));
        readAll(src.resolve("link.bin"));
    }

    Servers.Tributary tpcTributary(String name, int port, List<String> jvm) {
        List<String> opts = new ArrayList<>(tributaryOpts);
        opts.addAll(jvm);
        // durability none: XRootD, the peer, never fsyncs either; the copies go to the page cache on both
        Servers.Tributary t = new Servers.Tributary(name, port, state, logs, jar, data, "none", opts);
        t.topYaml = """
                tpc:
                  max-active: 400
                """;
        return t;
    }

    void tpcPhase() throws Exception {
        int pSrc = portBase + 10, pDst = portBase + 11, pXsrc = portBase + 12, pXdst = portBase + 14, pProxy = portBase + 16;
        Proc.sharedDir(data.resolve(TDST));
        if (servers.contains(T)) {
            Servers.Tributary src = tpcTributary(TSRC, pSrc, List.of()), dst = tpcTributary(TDST, pDst, List.of());
            try {
                src.start("/data/small/f0", 60);
                dst.start("/data/small/f0", 60);
                // Checksums stored up front, as for files that arrived by PUT: HEAD + Want-Digest once per source file.
                Load.run(spec("tpc-seed", src.baseUrl(), "HEAD", "/data/tpc-src/m%d", tpcSmallFiles, 4, tpcSmallFiles, 120, 0, List.of("Want-Digest: adler32")));
                for (String f : List.of("g1.bin", "e8.bin", "link.bin")) {
                    Load.run(spec("tpc-seed", src.baseUrl(), "HEAD", "/data/tpc-src/" + f, 0, 1, 1, 120, 0, List.of("Want-Digest: adler32")));
                }
                tpcPair(T, src, dst);
                if (!TPC_LINK_OFF) tpcLink(src, dst, pProxy);
            } finally {
                current = null;
                dst.stop();
                src.stop();
            }
            // 300 concurrent 8 MiB pulls into a destination with a 512 MiB heap
            Servers.Tributary dst512 = tpcTributary(TDST512, pDst, List.of("-Xmx512m"));
            try {
                src.start("/data/small/f0", 60);
                dst512.start("/data/small/f0", 60);
                tpcMany(src, dst512);
            } finally {
                current = null;
                dst512.stop();
                src.stop();
            }
        }
        if (servers.contains(XROOTD)) {
            Servers.Xrootd src = new Servers.Xrootd(XSRC, pXsrc, state, logs, base, shim, "");
            // XrdHttp loads the TPC handler only when TLS is configured ("HTTPS functionality was not configured" otherwise):
            // a self-signed certificate for it; the COPY and the pull itself still go over plain http, as for Tributary.
            Path tls = Files.createDirectories(state.resolve("xrd-tls"));
            Path cert = tls.resolve("cert.pem"), key = tls.resolve("key.pem");
            if (!Files.isRegularFile(cert) || !Files.isRegularFile(key)) {
                Proc.Out o = Proc.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                        cert.toString(), "-days", "3650", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"), 60);
                if (o.code() != 0) note("openssl (XRootD TPC certificate) failed: " + o.text());
            }
            for (Path p : List.of(tls, cert, key)) Proc.chownToXrootd(p);
            Files.setPosixFilePermissions(tls, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Servers.Xrootd dst = new Servers.Xrootd(XDST, pXdst, state, logs, base, shim, "http.exthandler xrdtpc libXrdHttpTPC.so\n"
                    + "xrd.tls " + cert + " " + key + "\nxrd.tlsca certfile " + cert + "\n");
            try {
                src.start("/data/small/f0", 60);
                dst.start("/data/small/f0", 60);
                tpcPair(XROOTD, src, dst);
            } finally {
                current = null;
                dst.stop();
                src.stop();
            }
        }
    }

    static final boolean TPC_LINK_OFF = Boolean.getBoolean("bench.noLink");

    List<String> copyHeaders(String source, String... more) {
        List<String> h = new ArrayList<>(List.of("Source: " + source, "Credential: none", "Overwrite: T"));
        h.addAll(Arrays.asList(more));
        return h;
    }

    /** Runs one batch of pulls, with the peak RSS of both parties over it; returns the result (recorded by the caller). */
    Load.Result pulls(String name, Servers.Server src, Servers.Server dst, String dstPath, String srcUrl, int files, int c, long count,
                      double seconds, long timeout, String v, String key, String... more) throws Exception {
        src.resetPeakRss();
        dst.resetPeakRss();
        current = dst;
        Load.Spec sp = new Load.Spec(name, dst.baseUrl(), "COPY", dstPath, files, 0, c, count, seconds, 0, copyHeaders(srcUrl, more), timeout);
        // VmHWM counts file-backed pages too (a server that mmaps the file it sends shows the page cache it touched):
        // sample the anonymous part (heap, buffers, stacks) alongside.
        long[] anon = new long[2];
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        long sp0 = src.pid(), dp0 = dst.pid();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!done.get()) {
                anon[0] = Math.max(anon[0], Proc.treeStatusKb(dp0, "RssAnon"));
                anon[1] = Math.max(anon[1], Proc.treeStatusKb(sp0, "RssAnon"));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Load.Result r;
        try {
            r = measured(sp);
        } finally {
            done.set(true);
            sampler.join(1000);
            current = null;
        }
        scalar(key + "_anon_dst_mib", v, anon[0] / 1024.0);
        scalar(key + "_anon_src_mib", v, anon[1] / 1024.0);
        scalar(key + "_rss_dst_mib", v, dst.peakRssKb() / 1024.0);
        scalar(key + "_rss_src_mib", v, src.peakRssKb() / 1024.0);
        return r;
    }

    /** Bytes actually stored under dir (files only, hidden temporaries excluded), and the number of files. */
    static long[] stored(Path dir) throws IOException {
        long[] n = new long[2];
        try (var s = Files.list(dir)) {
            s.filter(p -> !p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)).forEach(p -> {
                try {
                    n[0] += Files.size(p);
                    n[1]++;
                } catch (IOException ignored) {
                    // gone
                }
            });
        }
        return n;
    }

    void tpcPair(String v, Servers.Server src, Servers.Server dst) throws Exception {
        Path dir = Proc.sharedDir(data.resolve(TDST + "/" + v));
        String d = "/data/" + TDST + "/" + v;
        String s = src.baseUrl() + "/data/tpc-src/";
        Proc.emptyDir(dir);
        // warm-up (JIT, connection pools): 32 small pulls
        Load.Result w = Load.run(new Load.Spec("tpc-warm", dst.baseUrl(), "COPY", d + "/w%d", tpcSmallFiles, 0, 4, 32, 60, 0, copyHeaders(s + "m%d"), 120));
        if (w.ok() == 0) note(v + " TPC warm-up: no successful COPY; first error " + w.firstError());
        Proc.emptyDir(dir);
        Proc.sync();
        String[][] sets = {{"tpc_1m", "m%d", "m", Integer.toString(tpcSmallFiles), "16", Long.toString(MIB)},
                {"tpc_1g", "g1.bin", "g", Integer.toString(tpcBigCount), Integer.toString(tpcBigConc), Long.toString(GIB)}};
        for (String[] set : sets) {
            int n = Integer.parseInt(set[3]), c = Integer.parseInt(set[4]);
            long size = Long.parseLong(set[5]);
            Load.Result r = pulls(set[0], src, dst, d + "/" + set[2] + "%d", s + set[1], set[1].contains("%d") ? tpcSmallFiles : 0, c, n,
                    600, 600, v, set[0]);
            record(set[0], v, r);
            long[] st = stored(dir);
            if (r.ok() > 0 && (st[1] != r.ok() || st[0] != r.ok() * size)) {
                note(String.format(Locale.ROOT, "%s %s: %d COPY succeeded but %d files / %d bytes stored (expected %d bytes)", v, set[0], r.ok(),
                        st[1], st[0], r.ok() * size));
            }
            if (r.ok() < n && r.errors() == 0) note(v + " " + set[0] + ": time bound hit after " + r.ok() + " of " + n + " pulls");
            scalar(set[0] + "_files_s", v, r.opsPerSec());
            if (r.ok() > 0) scalar(set[0] + "_mb_s", v, r.ok() * size / r.elapsed() / 1e6);
            log("%-14s %-22s %.1f files/s, %.0f MB/s; peak RSS destination %.0f MiB, source %.0f MiB", v, set[0], r.opsPerSec(),
                    scalars.getOrDefault(set[0] + "_mb_s", Map.of()).getOrDefault(v, 0.0), scalars.get(set[0] + "_rss_dst_mib").get(v), scalars.get(set[0] + "_rss_src_mib").get(v));
            Proc.emptyDir(dir);
            Proc.sync();
        }
    }

    /** One large pull through the per-connection-capped proxy, with 1, 4 and 8 streams. */
    void tpcLink(Servers.Tributary src, Servers.Tributary dst, int proxyPort) throws Exception {
        Path dir = Proc.sharedDir(data.resolve(TDST + "/link"));
        Proc.emptyDir(dir);
        try (LinkProxy proxy = new LinkProxy(proxyPort, src.port, LINK_MB_S * 1e6)) {
            for (int n : LINK_STREAMS) {
                long c0 = proxy.connections.get();
                double bound = tpcLinkSize / (LINK_MB_S * 1e6) / n * 3 + 60;
                Load.Result r = pulls("tpc-link-s" + n, src, dst, "/data/" + TDST + "/link/l" + n, "http://127.0.0.1:" + proxy.port() + "/data/tpc-src/link.bin",
                        0, 1, 1, bound, (long) bound, T, "tpc_link_s" + n, "X-Number-Of-Streams: " + n);
                record("tpc_link_s" + n, T, r);
                double mb = r.ok() == 1 && r.elapsed() > 0 ? tpcLinkSize / r.elapsed() / 1e6 : 0;
                scalar("tpc_link_s" + n + "_mb_s", T, mb);
                Path f = dir.resolve("l" + n);
                if (r.ok() == 1 && (!Files.exists(f) || Files.size(f) != tpcLinkSize)) note("long-haul pull, " + n + " streams: stored size differs");
                log("tributary      tpc_link_s%-12d %.1f MB/s over %.1f s (cap %.0f MB/s per connection = %.0f MB/s for %d streams); "
                                + "%d new proxy connections", n, mb, r.elapsed(), LINK_MB_S, LINK_MB_S * n, n, proxy.connections.get() - c0);
                Proc.emptyDir(dir);
            }
        }
        Proc.sync();
    }

    void tpcMany(Servers.Tributary src, Servers.Tributary dst) throws Exception {
        Path dir = Proc.sharedDir(data.resolve(TDST + "/many"));
        Proc.emptyDir(dir);
        Proc.sync();
        Load.Result r = pulls("tpc-300x8m", src, dst, "/data/" + TDST + "/many/e%d", src.baseUrl() + "/data/tpc-src/e8.bin", 0, tpcMemCount,
                tpcMemCount, 600, 600, T, "tpc_many");
        record("tpc_many", T, r);
        long[] st = stored(dir);
        scalar("tpc_many_ok", T, (double) r.ok());
        scalar("tpc_many_failed", T, (double) (tpcMemCount - r.ok()));
        scalar("tpc_many_s", T, r.elapsed());
        scalar("tpc_many_stored", T, (double) st[1]);
        if (st[0] != st[1] * 8 * MIB) note("300 x 8 MiB: stored files are not all 8 MiB (" + st[0] + " bytes in " + st[1] + " files)");
        log("tributary      tpc_many               %d of %d pulls succeeded (%d stored) in %.1f s into -Xmx512m; peak RSS destination %.0f MiB, source %.0f MiB",
                r.ok(), tpcMemCount, st[1], r.elapsed(), scalars.get("tpc_many_rss_dst_mib").get(T), scalars.get("tpc_many_rss_src_mib").get(T));
        Proc.emptyDir(dir);
        Proc.sync();
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
