package org.tributary.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark driver: starts Tributary, nginx (WebDAV) and XRootD (HTTP) one after the other on loopback over the
 * same data directory, runs the workload families on each ({@link StartupWorkload}, {@link SmallFileWorkloads},
 * {@link LargeTransferWorkloads}, {@link TokenWorkload}, {@link PropfindWorkload}, then
 * {@link ThirdPartyCopyWorkloads}, {@link TapeRestWorkload} and {@link QosTransitionWorkload}), and writes a table, a JSON file and an SVG chart ({@link Report}). It holds
 * the options, the scale of each mode and the results, and measures and records every timed workload.
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
    Set<String> groups = new LinkedHashSet<>(List.of("startup", "ceiling", "big", "small", "tokens", "lsst", "propfind", "dd", "tpc", "tape", "qos"));
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

    // --- results
    final Map<String, Map<String, Load.Result>> results = new LinkedHashMap<>();
    final Map<String, Map<String, Double>> scalars = new LinkedHashMap<>();
    final Map<String, List<Double>> reps = new LinkedHashMap<>();
    final List<String> notes = new ArrayList<>();
    final long t0 = System.nanoTime();
    final Instant started = Instant.now();
    Path data, state, logs;
    String loadStart = "";

    // --- the workload families, run in the order of run() and suite()
    final TestData testData = new TestData(this);
    final StartupWorkload startup = new StartupWorkload(this);
    final SmallFileWorkloads small = new SmallFileWorkloads(this);
    final LargeTransferWorkloads large = new LargeTransferWorkloads(this);
    final TokenWorkload tokens = new TokenWorkload(this);
    final PropfindWorkload propfind = new PropfindWorkload(this);
    final ThirdPartyCopyWorkloads tpc = new ThirdPartyCopyWorkloads(this);
    final TapeRestWorkload tape = new TapeRestWorkload(this);
    final QosTransitionWorkload qos = new QosTransitionWorkload(this);

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
        testData.prepare();

        if (groups.contains("startup")) startup.run();
        for (String s : List.of(NGINX, XROOTD, T, TN)) {
            if (!servers.contains(s)) continue;
            Servers.Server srv = server(s, s.startsWith(T) ? List.of() : null);
            if (s.equals(T) && groups.contains("tokens")) tokens.withTokenIssuer((Servers.Tributary) srv);
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
        if (groups.contains("dd") && !scalars.containsKey("dd_fsync_mb_s")) large.ddReference();
        if (groups.contains("tpc")) {
            try {
                tpc.run();
            } catch (Exception e) {
                note("third-party copy: aborted: " + e);
                e.printStackTrace();
            }
        }

        if (groups.contains("tape") && servers.contains(T)) aborting("tape REST", tape::run);
        if (groups.contains("qos") && servers.contains(T)) aborting("QoS transition", qos::run);

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

    interface Workload {
        void run() throws Exception;
    }

    /** Runs a Tributary-only workload; a failure is a note and the remaining workloads still run. */
    private void aborting(String what, Workload w) {
        try {
            w.run();
        } catch (Exception e) {
            note(what + ": aborted: " + e);
            e.printStackTrace();
        }
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


    // ----------------------------------------------------------------------------------------------------- phases

    /** One server's suite, in this order (the order is part of the method: disk and page-cache state carry over). */
    void suite(Servers.Server srv, String v) throws Exception {
        boolean reads = !v.equals(TN);
        String url = srv.baseUrl();
        log("%s: up in %.0f ms on %s", v, srv.startupMillis, url);
        small.warmup(srv, v, reads);
        if (v.equals(NGINX) && groups.contains("ceiling")) small.ceiling(url);
        if (groups.contains("big")) {
            if (reads) large.bigGet(url, v);
            large.bigPut(url, v);
            // The dd reference right after Tributary's durable large PUT: same disk state, least drift.
            if (v.equals(T) && groups.contains("dd")) large.ddReference();
        }
        if (groups.contains("small")) small.run(url, v, reads);
        if (reads && v.equals(T) && groups.contains("tokens")) tokens.run((Servers.Tributary) srv);
        if (groups.contains("lsst")) large.lsst(url, v);
        if (groups.contains("propfind") && reads) propfind.run(srv, v);
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

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
