package org.tributary.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point. {@code load ...} runs one workload and prints its JSON result (the stand-alone load tool);
 * {@code bench ...} is the whole benchmark behind bench/run.
 */
public final class Main {
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            usage();
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "load" -> load(rest);
            case "bench" -> System.exit(Bench.main(rest));
            case "proxy" -> LinkProxy.main(rest);
            case "headers" -> HeaderParseCost.main(rest);
            default -> { usage(); System.exit(2); }
        }
    }

    static void usage() {
        System.out.println("""
                usage: java -jar loadgen.jar load --url http://127.0.0.1:PORT --op GET|HEAD|PUT|DELETE|PROPFIND \\
                           --path /data/dir/f%d [--files N] [--offset N] [--concurrency N] [--count N] [--seconds S] \\
                           [--size BYTES] [--header 'Name: value']... [--warmup S] [--timeout S]
                         Runs one workload (bounded by --count AND --seconds) and prints one JSON line.
                         In --path, %d is the file index: reads cycle over --files names, PUT/DELETE use offset+i.
                       java -jar loadgen.jar proxy LISTEN_PORT TARGET_PORT MB_PER_S [SECONDS]
                         Loopback TCP proxy capping each connection at MB_PER_S (an emulated long-haul link).
                         The load tool's --op COPY reads a third-party-copy body to its final "success:" line;
                         a %d in a --header value is the source index (cycling over --files).
                       java -jar loadgen.jar headers [TOKEN]
                         What Jetty's HTTP/1.1 parser costs for an Authorization: Bearer header (ns per request head).
                       java -jar loadgen.jar bench [--quick|--full] ...   (see bench/run --help)""");
    }

    static void load(String[] a) throws Exception {
        String url = null, op = "GET", path = "/", name = null;
        int files = 0, conc = 1;
        long offset = 0, count = 1000, size = 4096, timeout = 300;
        double seconds = 10, warmup = 0;
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            String k = a[i];
            String v = i + 1 < a.length ? a[i + 1] : null;
            switch (k) {
                case "--url" -> { url = v; i++; }
                case "--op" -> { op = v.toUpperCase(); i++; }
                case "--path" -> { path = v; i++; }
                case "--name" -> { name = v; i++; }
                case "--files" -> { files = Integer.parseInt(v); i++; }
                case "--offset" -> { offset = Long.parseLong(v); i++; }
                case "--concurrency", "-c" -> { conc = Integer.parseInt(v); i++; }
                case "--count", "-n" -> { count = Long.parseLong(v); i++; }
                case "--seconds", "-d" -> { seconds = Double.parseDouble(v); i++; }
                case "--size" -> { size = parseSize(v); i++; }
                case "--header", "-H" -> { headers.add(v); i++; }
                case "--warmup" -> { warmup = Double.parseDouble(v); i++; }
                case "--timeout" -> { timeout = Long.parseLong(v); i++; }
                default -> throw new IllegalArgumentException("unknown option " + k);
            }
        }
        if (url == null) throw new IllegalArgumentException("--url is required");
        if (!url.startsWith("http://127.") && !url.startsWith("http://localhost") && !url.startsWith("http://[::1]")) {
            throw new IllegalArgumentException("the load tool only targets loopback addresses");
        }
        Load.Spec spec = new Load.Spec(name == null ? op.toLowerCase() : name, url, op, path, files, offset, conc, count,
                seconds, size, headers, timeout);
        if (warmup > 0 && !spec.isWrite()) Load.run(spec.withBounds(Long.MAX_VALUE, warmup));
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        Load.Result r = Load.run(spec);
        long cpu = os.getProcessCpuTime() - cpu0;
        System.err.println(r.summary());
        System.err.printf("client CPU: %.1f us per request (%.2f s CPU over %.2f s)%n", cpu / 1e3 / Math.max(1, r.ok() + r.errors()), cpu / 1e9, r.elapsed());
        System.out.println(r.toJson());
    }

    static long parseSize(String v) {
        String s = v.trim().toUpperCase();
        long mul = 1;
        if (s.endsWith("KIB") || s.endsWith("K")) { mul = 1L << 10; s = s.replaceAll("KIB|K", ""); }
        else if (s.endsWith("MIB")) { mul = 1L << 20; s = s.replace("MIB", ""); }
        else if (s.endsWith("GIB") || s.endsWith("G")) { mul = 1L << 30; s = s.replaceAll("GIB|G", ""); }
        else if (s.endsWith("MB")) { mul = 1_000_000L; s = s.replace("MB", ""); }
        else if (s.endsWith("M")) { mul = 1L << 20; s = s.replace("M", ""); }
        return Long.parseLong(s.trim()) * mul;
    }
}
