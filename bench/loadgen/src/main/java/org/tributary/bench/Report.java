package org.tributary.bench;

import static org.tributary.bench.Bench.NGINX;
import static org.tributary.bench.Bench.T;
import static org.tributary.bench.Bench.TN;
import static org.tributary.bench.Bench.XROOTD;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the figures into the text table, the JSON file and the SVG chart. */
final class Report {
    private final Bench b;
    private final List<Row> rows = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();

    /** One line of the table: the Tributary figure (of variant tv), the peers' figures, a reference figure. */
    record Row(String id, String label, String unit, boolean higherIsBetter, Double t, Double nginx, Double xrootd,
               String refLabel, Double ref, Map<String, String> latency, String cpuUnit, Map<String, Double> cpu) {
        Double cpuRatio(String peer) {
            Double a = cpu.get(T), b = cpu.get(peer);
            return a == null || b == null || b == 0 ? null : a / b;
        }

        Double ratio(Double peer) { return t == null || peer == null || peer == 0 ? null : t / peer; }

        /** Tributary's advantage: > 1 means Tributary is better, whatever the direction of the metric. */
        Double advantage(Double peer) {
            Double r = ratio(peer);
            return r == null ? null : higherIsBetter ? r : (r == 0 ? null : 1 / r);
        }
    }

    record Target(String name, String goal, Double value, String shown, Boolean met) {}

    Report(Bench b) {
        this.b = b;
        buildRows();
        buildTargets();
    }

    // ----------------------------------------------------------------------------------------------------- rows

    private Load.Result res(String w, String v) {
        Map<String, Load.Result> m = b.results.get(w);
        return m == null ? null : m.get(v);
    }

    private Double sc(String metric, String v) {
        Map<String, Double> m = b.scalars.get(metric);
        return m == null ? null : m.get(v);
    }

    private Double val(String w, String v, boolean mb) {
        Load.Result r = res(w, v);
        if (r == null || r.ok() == 0) return null;
        return mb ? r.mbPerSec() : r.opsPerSec();
    }

    private Map<String, String> lat(String w, String tv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String v : List.of(tv, NGINX, XROOTD)) {
            Load.Result r = res(w, v);
            if (r != null && r.ok() > 0) m.put(v.startsWith(T) ? T : v, fmt(r.p50()) + "/" + fmt(r.p99()));
        }
        return m;
    }

    /** Server CPU per operation (µs) or per GB moved (s), from the CPU time of the server's process tree. */
    private Map<String, Double> cpu(String w, String tv, boolean mb) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String v : List.of(tv, NGINX, XROOTD)) {
            Load.Result r = res(w, v);
            double[] c = r == null ? null : b.cpu.get(r);
            if (c == null || Double.isNaN(c[0]) || r.ok() == 0) continue;
            double per = mb ? c[0] / ((r.bytesIn() + r.bytesOut()) / 1e9) : 1e6 * c[0] / (r.ok() + r.errors());
            m.put(v.startsWith(T) ? T : v, per);
        }
        return m;
    }

    private void loadRow(String id, String label, String w, String tv, boolean mb, String refLabel, Double ref) {
        rows.add(new Row(id, label, mb ? "MB/s" : "ops/s", true, val(w, tv, mb), val(w, NGINX, mb), val(w, XROOTD, mb),
                refLabel, ref, lat(w, tv), mb ? "s/GB" : "us/op", cpu(w, tv, mb)));
    }

    private void scalarRow(String id, String label, String unit, String metric, boolean higher) {
        rows.add(new Row(id, label, unit, higher, sc(metric, T), sc(metric, NGINX), sc(metric, XROOTD), null, null, Map.of(), null, Map.of()));
    }

    private void buildRows() {
        loadRow("big_get", "2 GiB GET, 1 stream", "big_get", T, true, null, null);
        loadRow("big_put_fsync", "2 GiB PUT, 1 stream [fsync]", "big_put", T, true, "dd conv=fsync", sc("dd_fsync_mb_s", "dd"));
        loadRow("big_put_none", "2 GiB PUT, 1 stream [none]", "big_put", TN, true, "dd (no fsync)", sc("dd_nofsync_mb_s", "dd"));
        for (int c : new int[] {1, 64}) loadRow("small_get_c" + c, "4 KiB GET c=" + c, "small_get_c" + c, T, false, null, null);
        for (int c : new int[] {1, 64}) loadRow("small_head_c" + c, "4 KiB HEAD+Want-Digest c=" + c, "small_head_c" + c, T, false, null, null);
        for (String op : List.of("put", "delete")) {
            for (int c : new int[] {1, 64}) {
                for (String d : List.of("fsync", "none")) {
                    loadRow("small_" + op + "_c" + c + "_" + d, "4 KiB " + op.toUpperCase() + " c=" + c + " [" + d + "]",
                            "small_" + op + "_c" + c, d.equals("fsync") ? T : TN, false, null, null);
                }
            }
        }
        for (String d : List.of("fsync", "none")) {
            loadRow("lsst_put_c16_" + d, "LSST 18 MB PUT c=16 [" + d + "]", "lsst_put_c16", d.equals("fsync") ? T : TN, true, null, null);
        }
        loadRow("propfind_10k", "PROPFIND Depth 1, 10k entries", "propfind_10k", T, false, null, null);
        scalarRow("propfind_rss_growth", "PROPFIND 10k: peak RSS growth", "MiB", "propfind_rss_growth_mib", false);
        scalarRow("propfind_heap_growth", "PROPFIND 10k: live heap growth", "MiB", "propfind_heap_growth_mib", false);
        // tokens (issue 3): the same 4 KiB GET with a bearer token; reference = the anonymous GET of the same
        // interleaved blocks (each kind pooled over all its blocks)
        for (int c : new int[] {1, 64}) {
            Double anon = val("token_get_anon_c" + c, T, false);
            for (String k : List.of("scope", "group")) {
                String w = "token_get_" + k + "_c" + c;
                if (res(w, T) == null) continue;
                rows.add(new Row("token_" + k + "_c" + c, "4 KiB GET c=" + c + ", " + k + " token", "ops/s", true, val(w, T, false), null, null,
                        "anon", anon, lat(w, T), "us/op", cpu(w, T, false)));
            }
        }
        // third-party copy (issue 4): pull mode, Tributary -> Tributary and XRootD -> XRootD (XrdHttpTPC)
        String[][] tpc = {{"tpc_1m", b.tpcSmallFiles + " x 1 MiB c=16"}, {"tpc_1g", b.tpcBigCount + " x 1 GiB c=" + b.tpcBigConc}};
        for (String[] t : tpc) {
            if (b.scalars.get(t[0] + "_files_s") == null) continue;
            loadRow(t[0], "TPC pull " + t[1], t[0], T, false, null, null);
            Row r = rows.remove(rows.size() - 1);
            rows.add(new Row(r.id(), r.label(), "file/s", true, r.t(), null, r.xrootd(), null, null, r.latency(), r.cpuUnit(), r.cpu()));
            rows.add(new Row(t[0] + "_mb", "   data rate", "MB/s", true, sc(t[0] + "_mb_s", T), null, sc(t[0] + "_mb_s", XROOTD), null, null,
                    Map.of(), null, Map.of()));
            rssRows(t[0]);
        }
        if (sc("tpc_many_ok", T) != null) {
            rows.add(new Row("tpc_many", "TPC " + b.tpcMemCount + " x 8 MiB at once, -Xmx512m", "done", true, sc("tpc_many_ok", T), null, null,
                    "of", (double) b.tpcMemCount, lat("tpc_many", T), "us/op", cpu("tpc_many", T, false)));
            scalarRow("tpc_many_s", "   time for all", "s", "tpc_many_s", false);
            rssRows("tpc_many");
        }
        for (int n : ThirdPartyCopyWorkloads.LINK_STREAMS) {
            Double v = sc("tpc_link_s" + n + "_mb_s", T);
            if (v == null) continue;
            rows.add(new Row("tpc_link_s" + n, "TPC " + (b.tpcLinkSize >= Bench.GIB ? b.tpcLinkSize / Bench.GIB + " GiB" : b.tpcLinkSize / Bench.MIB + " MiB")
                    + " long-haul, " + n + " stream" + (n > 1 ? "s" : ""), "MB/s", true, v, null, null, "cap", ThirdPartyCopyWorkloads.LINK_MB_S * n,
                    Map.of(), null, Map.of()));
        }
        // Tape REST API (issue 12): one client waiting for each answer; FTS sends up to 2,000 files per request
        scalarRow("tape_stage_2000", "Tape: stage 2,000 files (to 201)", "ms", "tape_stage_2000_ms", false);
        scalarRow("tape_poll_2000", "Tape: poll a 2,000-file request", "ms", "tape_poll_2000_ms", false);
        scalarRow("tape_archiveinfo_2000", "Tape: archiveinfo, 2,000 paths", "ms", "tape_archiveinfo_2000_ms", false);
        scalarRow("tape_stored_heap", "Tape: 100k stored requests, heap", "MiB", "tape_stored_heap_growth_mib", false);
        scalarRow("tape_stored_db", "   their request store on disk", "MiB", "tape_stored_db_mib", false);
        scalarRow("tape_submit", "   submitted at c=32", "req/s", "tape_stage_submit_per_s", true);
        // QoS transition (issue 13): one 10 GiB file between two classes of one storage, in place vs a network pull
        scalarRow("qos_in_place", "QoS: 10 GiB transition in place", "s", "qos_in_place_s", false);
        scalarRow("qos_pull", "   network pull, two gateways", "s", "qos_pull_s", false);
        scalarRow("qos_ratio", "   pull time / in-place time", "x", "qos_ratio", true);
        scalarRow("startup", "start-up to first GET", "ms", "startup_ms", false);
        scalarRow("idle_rss", "idle RSS (Tributary -Xmx256m)", "MiB", "idle_rss_mib", false);
    }

    /** Peak RSS (VmHWM, file-backed pages included) and peak anonymous RSS (sampled every 20 ms) of both TPC parties. */
    private void rssRows(String key) {
        scalarRow(key + "_rss_dst", "   peak RSS destination", "MiB", key + "_rss_dst_mib", false);
        scalarRow(key + "_anon_dst", "     of which anonymous", "MiB", key + "_anon_dst_mib", false);
        scalarRow(key + "_rss_src", "   peak RSS source", "MiB", key + "_rss_src_mib", false);
        scalarRow(key + "_anon_src", "     of which anonymous", "MiB", key + "_anon_src_mib", false);
    }

    private Row row(String id) {
        return rows.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private void ratioTarget(String name, Double ratio, double min) {
        targets.add(new Target(name, "≥ " + fmt(min) + "×", ratio, ratio == null ? "n/a" : fmt(ratio) + "×",
                ratio == null ? null : ratio >= min));
    }

    private void buildTargets() {
        ratioTarget("large GET vs nginx", row("big_get").ratio(row("big_get").nginx()), 0.9);
        ratioTarget("large PUT [fsync] vs dd conv=fsync", row("big_put_fsync").ratio(row("big_put_fsync").ref()), 0.9);
        ratioTarget("large PUT [none] vs nginx", row("big_put_none").ratio(row("big_put_none").nginx()), 0.8);
        ratioTarget("small GET c=64 vs nginx", row("small_get_c64").ratio(row("small_get_c64").nginx()), 0.5);
        ratioTarget("small GET c=64 vs XRootD", row("small_get_c64").ratio(row("small_get_c64").xrootd()), 3.0);
        ratioTarget("small PUT c=64 [fsync] vs XRootD", row("small_put_c64_fsync").ratio(row("small_put_c64_fsync").xrootd()), 1.0);
        for (String id : List.of("token_scope_c1", "token_scope_c64", "token_group_c1", "token_group_c64")) {
            Row r = rows.stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
            if (r != null) ratioTarget(r.label().replace("4 KiB GET ", "token GET ") + " vs anon", r.ratio(r.ref()), 0.9);
        }
        Double many = sc("tpc_many_ok", T);
        if (many != null) {
            Load.Result mr = res("tpc_many", T);
            long failed = mr == null ? b.tpcMemCount : b.tpcMemCount - mr.ok();
            targets.add(new Target(b.tpcMemCount + " x 8 MiB TPC into -Xmx512m", "none fail", (double) failed,
                    fmt(many) + " of " + b.tpcMemCount + " ok", failed == 0));
        }
        Double heap = row("propfind_heap_growth").t();
        targets.add(new Target("PROPFIND 10k live heap growth", "< 32 MiB", heap, heap == null ? "n/a" : fmt(heap) + " MiB",
                heap == null ? null : heap < 32));
        Double st = row("startup").t();
        targets.add(new Target("start-up to first GET", "< 1.5 s", st, st == null ? "n/a" : fmt(st / 1000) + " s",
                st == null ? null : st < 1500));
        Double rss = row("idle_rss").t();
        targets.add(new Target("idle RSS (-Xmx256m)", "< 200 MiB", rss, rss == null ? "n/a" : fmt(rss) + " MiB",
                rss == null ? null : rss < 200));
    }

    // ---------------------------------------------------------------------------------------------------- table

    static String fmt(Double d) {
        if (d == null || d.isNaN()) return "-";
        double a = Math.abs(d);
        if (a >= 1000) return String.format(Locale.ROOT, "%.0f", d);
        if (a >= 100) return String.format(Locale.ROOT, "%.0f", d);
        if (a >= 10) return String.format(Locale.ROOT, "%.1f", d);
        if (a >= 1) return String.format(Locale.ROOT, "%.2f", d);
        return String.format(Locale.ROOT, "%.3f", d);
    }

    static String ratio(Double r) { return r == null ? "-" : String.format(Locale.ROOT, "%.2fx", r); }

    String table() {
        StringBuilder s = new StringBuilder();
        String line = "-".repeat(134) + "\n";
        s.append(String.format(Locale.ROOT, "Tributary benchmark (--%s), Tributary %s, %s, %d cores, %s, load average at start %s%n",
                b.mode, b.gitRev.isEmpty() ? "?" : b.gitRev, Instant.now().toString().substring(0, 19) + "Z",
                Runtime.getRuntime().availableProcessors(), memTotal(), b.loadStart.isEmpty() ? "?" : b.loadStart.split(" ")[0]));
        s.append("Ratios are Tributary/peer of the figure (↑ higher is better, ↓ lower is better).\n");
        s.append("[fsync]/[none] = Tributary's durability setting for that row; nginx and XRootD never fsync.\n");
        s.append("server CPU = CPU time of the server's processes per request (us/op) or per GB moved (s/GB), JIT compilation excluded\n"
                + "(in results.json): less sensitive to other load on the machine than throughput.\n");
        s.append(line);
        s.append(String.format(Locale.ROOT, "%-34s %-7s %11s %11s %11s %16s %9s %9s %7s%n", "workload", "unit", "tributary", "nginx", "xrootd", "reference", "T/nginx", "T/xrootd", "T/ref"));
        s.append(line);
        for (Row r : rows) {
            String ref = r.ref() == null ? "" : fmt(r.ref()) + " " + shortRef(r.refLabel());
            s.append(String.format(Locale.ROOT, "%-34s %-7s %11s %11s %11s %16s %9s %9s %7s%n", r.label(),
                    r.unit() + (r.higherIsBetter() ? "↑" : "↓"), fmt(r.t()), fmt(r.nginx()), fmt(r.xrootd()), ref,
                    ratio(r.ratio(r.nginx())), ratio(r.ratio(r.xrootd())), r.ref() == null ? "" : ratio(r.ratio(r.ref()))));
            if (!r.latency().isEmpty()) {
                s.append(String.format(Locale.ROOT, "%-34s %-7s %11s %11s %11s%n", "   p50/p99", "ms",
                        r.latency().getOrDefault(T, "-"), r.latency().getOrDefault(NGINX, "-"), r.latency().getOrDefault(XROOTD, "-")));
            }
            if (!r.cpu().isEmpty()) {
                s.append(String.format(Locale.ROOT, "%-34s %-7s %11s %11s %11s %16s %9s %9s%n", "   server CPU", r.cpuUnit() + "↓",
                        fmt(r.cpu().get(T)), fmt(r.cpu().get(NGINX)), fmt(r.cpu().get(XROOTD)), "",
                        ratio(r.cpuRatio(NGINX)), ratio(r.cpuRatio(XROOTD))));
            }
        }
        s.append(line);
        s.append("Load generator ceiling (tiny static GET from nginx, `return 200`; client and server share the cores):\n");
        Load.Result c1 = res("ceiling_c1", NGINX), c64 = res("ceiling_c64", NGINX);
        Double wrk = sc("ceiling_wrk_c64", NGINX);
        s.append(String.format(Locale.ROOT, "  loadgen c=1 %s req/s, c=64 %s req/s%s%n", c1 == null ? "-" : fmt(c1.opsPerSec()),
                c64 == null ? "-" : fmt(c64.opsPerSec()), wrk == null ? "" : "; wrk -t1 -c64: " + fmt(wrk) + " req/s"));
        double[] cc = c64 == null ? null : b.cpu.get(c64);
        if (cc != null && c64.ok() > 0) {
            s.append(String.format(Locale.ROOT, "  loadgen CPU per request at c=64: %.1f us (nginx: %.1f us)%n", 1e6 * cc[1] / c64.ok(), 1e6 * cc[0] / c64.ok()));
        }
        if (c64 != null && c64.opsPerSec() > 0) {
            double maxRate = 0;
            String which = "";
            for (var e : b.results.entrySet()) {
                if (e.getKey().startsWith("ceiling")) continue;
                for (var v : e.getValue().entrySet()) {
                    if (v.getValue().opsPerSec() > maxRate) { maxRate = v.getValue().opsPerSec(); which = v.getKey() + " " + e.getKey(); }
                }
            }
            s.append(String.format(Locale.ROOT, "  highest rate measured: %s ops/s (%s) = %.0f%% of the loadgen ceiling%s%n", fmt(maxRate), which,
                    100 * maxRate / c64.opsPerSec(), maxRate > 1.05 * c64.opsPerSec() ? " -> above it: the ceiling run was disturbed by other load on the machine"
                    : maxRate > 0.8 * c64.opsPerSec() ? " -> near the ceiling: that figure is partly client-bound" : ""));
        }
        s.append(line);
        s.append("Targets (printed, never asserted):\n");
        for (Target t : targets) {
            s.append(String.format(Locale.ROOT, "  %-40s %-10s %-14s %s%n", t.name(), t.goal(), t.shown(),
                    t.met() == null ? "n/a" : t.met() ? "met" : "MISSED"));
        }
        Double hp = sc("propfind_heap_peak_incl_garbage_mib", T);
        if (hp != null) {
            s.append(String.format(Locale.ROOT, "  (PROPFIND heap: live growth = max heap used after forced full GCs during the requests minus before;"
                    + " peak incl. garbage +%s MiB)%n", fmt(hp)));
        }
        if (!b.notes.isEmpty()) {
            s.append(line).append("Notes:\n");
            for (String n : b.notes) s.append("  - ").append(n).append('\n');
        }
        s.append(String.format(Locale.ROOT, "wall time %.0f s%n", b.elapsed()));
        return s.toString();
    }

    private static String shortRef(String l) { return l == null ? "" : l.startsWith("dd conv") ? "dd+fsync" : l.startsWith("dd") ? "dd" : l; }

    static String memTotal() {
        String m = Proc.firstLine(Path.of("/proc/meminfo"), "MemTotal");
        try {
            return String.format(Locale.ROOT, "%.1f GiB RAM", Long.parseLong(m.split("\\s+")[0]) / 1048576.0);
        } catch (RuntimeException e) {
            return "? RAM";
        }
    }

    // ----------------------------------------------------------------------------------------------------- json

    String json() {
        Json root = new Json();
        root.put("tool", "tributary bench/run").put("mode", b.mode).put("started", b.started.toString())
                .put("wall_seconds", b.elapsed());
        root.putRaw("machine", machine().toString());
        Json cfg = new Json().put("small_seconds", b.smallSeconds).put("small_count_bound", b.smallCount).put("small_files", b.smallFiles)
                .put("big_size", b.bigSize).put("big_get_reps", b.bigReps).put("big_put_reps", b.bigPutReps)
                .put("lsst_files", b.lsstFiles).put("lsst_size", b.lsstSize).put("lsst_seconds_bound", b.lsstSeconds)
                .put("propfind_entries", b.dirEntries).put("propfind_count", b.propfindCount).put("startup_reps", b.startupReps)
                .put("idle_seconds", b.idleSeconds).put("data_dir", b.data.toString()).put("port_base", b.portBase)
                .put("tributary_jvm_opts", String.join(" ", b.tributaryOpts))
                .put("token_seconds", b.tokenSeconds).put("tpc_1m_files", b.tpcSmallFiles).put("tpc_1g_files", b.tpcBigCount)
                .put("tpc_1g_concurrency", b.tpcBigConc).put("tpc_many_files", b.tpcMemCount).put("tpc_link_size", b.tpcLinkSize)
                .put("tpc_link_mb_s_per_connection", ThirdPartyCopyWorkloads.LINK_MB_S);
        root.putRaw("config", cfg.toString());
        List<String> rowJson = new ArrayList<>();
        for (Row r : rows) {
            Json j = new Json().put("id", r.id()).put("label", r.label()).put("unit", r.unit())
                    .put("better", r.higherIsBetter() ? "higher" : "lower")
                    .put("tributary", r.t()).put("nginx", r.nginx()).put("xrootd", r.xrootd());
            if (r.ref() != null) j.put("reference", r.ref()).put("reference_label", r.refLabel());
            j.put("ratio_tributary_nginx", r.ratio(r.nginx())).put("ratio_tributary_xrootd", r.ratio(r.xrootd()));
            if (r.ref() != null) j.put("ratio_tributary_reference", r.ratio(r.ref()));
            if (!r.cpu().isEmpty()) {
                Json c = new Json();
                r.cpu().forEach(c::put);
                j.put("server_cpu_unit", r.cpuUnit()).putRaw("server_cpu", c.toString());
            }
            rowJson.add(j.toString());
        }
        root.putRaw("rows", Json.array(rowJson));
        List<String> tj = new ArrayList<>();
        for (Target t : targets) {
            tj.add(new Json().put("name", t.name()).put("goal", t.goal()).put("value", t.value()).put("shown", t.shown())
                    .put("met", t.met()).toString());
        }
        root.putRaw("targets", Json.array(tj));
        Json raw = new Json();
        b.results.forEach((w, m) -> {
            Json per = new Json();
            m.forEach((v, r) -> {
                String j = r.toJson();
                double[] c = b.cpu.get(r);
                if (c != null) {
                    j = j.substring(0, j.length() - 1) + ",\"server_cpu_s\":" + Json.value(c[0]) + ",\"server_jit_cpu_s\":"
                            + Json.value(c[2]) + ",\"client_cpu_s\":" + Json.value(c[1]) + "}";
                }
                per.putRaw(v, j);
            });
            raw.putRaw(w, per.toString());
        });
        root.putRaw("workloads", raw.toString());
        Json sc = new Json();
        b.scalars.forEach((k, m) -> {
            Json per = new Json();
            m.forEach(per::put);
            sc.putRaw(k, per.toString());
        });
        root.putRaw("scalars", sc.toString());
        Json rp = new Json();
        b.reps.forEach((k, l) -> rp.putRaw(k, Json.array(l.stream().map(Json::value).toList())));
        root.putRaw("repetitions", rp.toString());
        root.putRaw("notes", Json.array(b.notes.stream().map(Json::quote).toList()));
        return Json.Pretty.indent(root.toString());
    }

    Json machine() {
        Json m = new Json();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpu", Proc.firstLine(Path.of("/proc/cpuinfo"), "model name"));
        m.put("memory", Proc.firstLine(Path.of("/proc/meminfo"), "MemTotal"));
        m.put("kernel", Proc.read(Path.of("/proc/sys/kernel/osrelease")));
        m.put("os", Proc.read(Path.of("/etc/os-release")).lines().filter(l -> l.startsWith("PRETTY_NAME="))
                .map(l -> l.substring(12).replace("\"", "")).findFirst().orElse(""));
        m.put("java", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " " + Runtime.version());
        m.put("java_home", System.getProperty("java.home"));
        m.put("load_average_start", b.loadStart);
        m.put("load_average_end", Proc.read(Path.of("/proc/loadavg")));
        m.put("filesystem", Proc.runText(10, "df", "-hT", b.data.toString()).lines().skip(1).findFirst().orElse(""));
        Json pk = new Json();
        for (String p : List.of("nginx-extras", "libnginx-mod-http-dav-ext", "xrootd-server", "xrootd-server-plugins", "wrk")) {
            String v = Proc.runText(10, "dpkg-query", "-W", "-f=${Version}", p);
            pk.put(p, v.isEmpty() ? null : v);
        }
        pk.put("nginx -v", Proc.run(List.of("nginx", "-v"), 10).text());
        pk.put("tributary_git", b.gitRev);
        try {
            if (b.jar != null && Files.isRegularFile(b.jar)) {
                pk.put("tributary_jar", b.jar + " (" + Files.size(b.jar) + " bytes, " + Files.getLastModifiedTime(b.jar) + ")");
            }
        } catch (Exception ignored) {
            // informational only
        }
        m.putRaw("versions", pk.toString());
        return m;
    }

    // ------------------------------------------------------------------------------------------------------ svg

    String svg() {
        record Bar(String label, String peer, double adv) {}
        List<Bar> bars = new ArrayList<>();
        for (Row r : rows) {
            for (String peer : List.of(NGINX, XROOTD)) {
                Double a = r.advantage(peer.equals(NGINX) ? r.nginx() : r.xrootd());
                if (a != null && a > 0) bars.add(new Bar(r.label(), peer, a));
            }
            // dd conv=fsync is the bound for a durable write; dd without fsync only measures the page cache: not charted.
            if (r.ref() != null && r.t() != null && r.ref() > 0 && (r.id().endsWith("fsync") || r.id().startsWith("token_")
                    || r.id().startsWith("tpc_link"))) {
                bars.add(new Bar(r.label(), r.refLabel(), r.t() / r.ref()));
            }
        }
        int labelW = 300, plotW = 520, rowH = 20, top = 70, left = 10;
        int width = left + labelW + plotW + 90, height = top + Math.max(1, bars.size()) * rowH + 50;
        double lo = Math.log(1 / 32.0), hi = Math.log(32.0);
        java.util.function.DoubleUnaryOperator x = v -> left + labelW + (Math.log(Math.max(1 / 32.0, Math.min(32.0, v))) - lo) / (hi - lo) * plotW;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"15\" font-weight=\"bold\">Tributary vs peers (--%s, %s)</text>%n", left, b.mode,
                esc(b.started.toString().substring(0, 16))));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"38\" fill=\"#444\">Bars: Tributary's advantage, log scale; right of 1× = Tributary better"
                + " (throughput T/peer; times and memory peer/T).</text>%n", left));
        String[][] legend = {{NGINX, "#2a9d8f"}, {XROOTD, "#4361ee"}, {"reference (dd, anon, link cap)", "#e76f51"}};
        for (int i = 0; i < legend.length; i++) {
            int lx = left + labelW + i * 140;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"48\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"59\">vs %s</text>%n",
                    lx, legend[i][1], lx + 16, legend[i][0]));
        }
        for (double g : new double[] {1 / 32.0, 1 / 16.0, 1 / 8.0, 1 / 4.0, 1 / 2.0, 1, 2, 4, 8, 16, 32}) {
            double gx = x.applyAsDouble(g);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"/>%n",
                    gx, top - 4, gx, top + bars.size() * rowH, g == 1 ? "#000" : "#ddd", g == 1 ? "1.5" : "1"));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">%s×</text>%n",
                    gx, top + bars.size() * rowH + 16, g >= 1 ? Integer.toString((int) g) : "1/" + (int) Math.round(1 / g)));
        }
        String prev = null;
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = top + i * rowH;
            String color = bar.peer().equals(NGINX) ? "#2a9d8f" : bar.peer().equals(XROOTD) ? "#4361ee" : "#e76f51";
            if (!bar.label().equals(prev)) {
                s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", left, y + 14, esc(bar.label())));
                if (i > 0) s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>%n", left, y, width - 10, y));
            }
            prev = bar.label();
            double x1 = x.applyAsDouble(1), x2 = x.applyAsDouble(bar.adv());
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s vs %s: %.3f</title></rect>%n",
                    Math.min(x1, x2), y + 3, Math.max(1, Math.abs(x2 - x1)), rowH - 6, color, esc(bar.label()), esc(bar.peer()), bar.adv()));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" fill=\"#333\" font-size=\"11\">%s</text>%n",
                    Math.max(x1, x2) + 4, y + 14, String.format(Locale.ROOT, "%.2f×", bar.adv())));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    static String esc(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"); }
}
