package org.tributary.bench;

import static org.tributary.bench.Bench.NGINX;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small-file workloads: the warm-up every server gets before its suite, the load tool's ceiling (nginx serving a
 * constant answer), 4 KiB GET, HEAD + Want-Digest, PUT and DELETE at 1 and 64 connections.
 */
final class SmallFileWorkloads {

    private final Bench bench;

    SmallFileWorkloads(Bench bench) {
        this.bench = bench;
    }

    void warmup(Servers.Server srv, String v, boolean reads) throws Exception {
        String url = srv.baseUrl();
        double w0 = bench.elapsed();
        double w = bench.warmupSeconds;
        if (reads) {
            // JIT warm-up matters for the JVM server (and the client): measured CPU per request drops several-fold
            // over the first seconds of load.
            Load.run(bench.spec("warm-get", url, "GET", "/data/small/f%d", bench.smallFiles, 64, Long.MAX_VALUE, w, 0, List.of()));
            // One HEAD + Want-Digest per file, one at a time: servers that cache checksums (XRootD and Tributary in xattrs)
            // compute them here, not in the timed run. XRootD 5.5 answers concurrent first-time checksum requests with
            // 30 s waits.
            Load.Result h = Load.run(bench.spec("warm-head", url, "HEAD", "/data/small/f%d", bench.smallFiles, 1, bench.smallFiles, 60, 0, List.of("Want-Digest: adler32")));
            if (h.ok() < bench.smallFiles) bench.note(v + " warm-up: only " + h.ok() + " of " + bench.smallFiles + " HEAD + Want-Digest succeeded");
            Load.run(bench.spec("warm-propfind", url, "PROPFIND", "/data/small/", 0, 1, 3, w, 0, List.of("Depth: 1")));
        }
        Load.Result p = Load.run(bench.spec("warm-put", url, "PUT", "/data/warm/" + v + "-%d", 0, 16, 200_000, w * 0.5, 4096, List.of()));
        Load.run(bench.spec("warm-delete", url, "DELETE", "/data/warm/" + v + "-%d", 0, 16, Math.max(1, p.ok()), w * 0.5, 0, List.of()));
        Proc.emptyDir(bench.data.resolve("warm"));
        bench.log("%s: warm-up done in %.1f s", v, bench.elapsed() - w0);
    }

    void ceiling(String url) throws Exception {
        Load.run(bench.spec("ceiling-warm", url, "GET", "/ceiling", 0, 64, Long.MAX_VALUE, 1, 0, List.of())); // after nginx's warm-up
        for (int c : new int[] {1, 64}) {
            // best of two: the ceiling is a capability, and a burst of other work on the machine only lowers it
            Load.Result a = bench.measured(bench.spec("ceiling", url, "GET", "/ceiling", 0, c, 5_000_000, bench.ceilingSeconds / 2, 0, List.of()));
            Load.Result b = bench.measured(bench.spec("ceiling", url, "GET", "/ceiling", 0, c, 5_000_000, bench.ceilingSeconds / 2, 0, List.of()));
            bench.record("ceiling_c" + c, NGINX, a.opsPerSec() >= b.opsPerSec() ? a : b);
        }
        Proc.Out wrk = Proc.run(List.of("wrk", "-t1", "-c64", "-d" + (int) Math.ceil(bench.ceilingSeconds / 2) + "s", url + "/ceiling"), bench.ceilingSeconds + 30);
        Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(wrk.text());
        if (wrk.code() == 0 && m.find()) {
            bench.scalar("ceiling_wrk_c64", NGINX, Double.parseDouble(m.group(1)));
            bench.log("wrk -t1 -c64 on the same URL: %s req/s", m.group(1));
        }
    }

    /** 4 KiB GET and HEAD + Want-Digest at 1 and 64 connections, then PUT and DELETE of 4 KiB files. */
    void run(String url, String v, boolean reads) throws Exception {
        if (reads) {
            for (int c : new int[] {1, 64}) {
                bench.record("small_get_c" + c, v, bench.measured(bench.spec("get", url, "GET", "/data/small/f%d", bench.smallFiles, c,
                        bench.smallCount, bench.smallSeconds, 0, List.of())));
            }
            for (int c : new int[] {1, 64}) {
                bench.record("small_head_c" + c, v, bench.measured(bench.spec("head", url, "HEAD", "/data/small/f%d", bench.smallFiles, c,
                        bench.smallCount, bench.smallSeconds, 0, List.of("Want-Digest: adler32"))));
            }
        }
        for (int c : new int[] {1, 64}) smallPutDelete(url, v, c);
    }

    void smallPutDelete(String url, String v, int c) throws Exception {
        String sub = "put-small/" + v + "-c" + c;
        Path dir = Proc.sharedDir(bench.data.resolve(sub));
        Proc.emptyDir(dir);
        Proc.sync();
        Load.Result put = bench.measured(bench.spec("put", url, "PUT", "/data/" + sub + "/f%d", 0, c, bench.smallCount, bench.smallSeconds, 4096, List.of()));
        bench.record("small_put_c" + c, v, put);
        Proc.sync();
        long n = put.ok() + put.errors();
        if (n > 0) {
            Load.Result del = bench.measured(bench.spec("delete", url, "DELETE", "/data/" + sub + "/f%d", 0, c, n, bench.smallSeconds * 2, 0, List.of()));
            bench.record("small_delete_c" + c, v, del);
        }
        Proc.emptyDir(dir);
        Proc.sync();
    }
}
