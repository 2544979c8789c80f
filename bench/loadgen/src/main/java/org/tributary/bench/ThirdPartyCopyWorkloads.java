package org.tributary.bench;

import static org.tributary.bench.Bench.T;
import static org.tributary.bench.Bench.XROOTD;
import static org.tributary.bench.Bench.GIB;
import static org.tributary.bench.Bench.MIB;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Third-party copy (pull): Tributary → Tributary and XRootD → XRootD with 1 MiB and 1 GiB files, 300 concurrent
 * 8 MiB pulls into a destination with a 512 MiB heap, and one large pull over an emulated long-haul link with 1, 4
 * and 8 streams.
 */
final class ThirdPartyCopyWorkloads {

    static final double LINK_MB_S = 20;
    static final int[] LINK_STREAMS = {1, 4, 8};

    static final String TSRC = "tpc-src", TDST = "tpc-dst", TDST512 = "tpc-dst-512m", XSRC = "xrootd-src", XDST = "xrootd-dst";

    private final Bench bench;

    ThirdPartyCopyWorkloads(Bench bench) {
        this.bench = bench;
    }

    void prepare() throws IOException {
        Path src = Proc.sharedDir(bench.data.resolve("tpc-src"));
        if (!Files.isRegularFile(src.resolve("m" + (bench.tpcSmallFiles - 1))) || Files.size(src.resolve("m" + (bench.tpcSmallFiles - 1))) != MIB) {
            bench.log("writing %d files of 1 MiB in %s", bench.tpcSmallFiles, src);
            for (int i = 0; i < bench.tpcSmallFiles; i++) {
                Path f = src.resolve("m" + i);
                if (!Files.isRegularFile(f) || Files.size(f) != MIB) TestData.writeRandom(f, MIB, 1000L + i);
            }
        }
        for (var e : Map.of("g1.bin", GIB, "e8.bin", 8 * MIB, "link.bin", bench.tpcLinkSize).entrySet()) {
            Path f = src.resolve(e.getKey());
            if (!Files.isRegularFile(f) || Files.size(f) != e.getValue()) {
                bench.log("writing %s (%d MiB)", f, e.getValue() / MIB);
                TestData.writeRandom(f, e.getValue(), e.getKey().hashCode());
            }
        }
        try (var files = Files.list(src)) {
            files.forEach(Proc::chownToXrootd);
        }
        TestData.readAll(src.resolve("g1.bin"));
        TestData.readAll(src.resolve("link.bin"));
    }

    Servers.Tributary tpcTributary(String name, int port, List<String> jvm) {
        List<String> opts = new ArrayList<>(bench.tributaryOpts);
        opts.addAll(jvm);
        // durability none: XRootD, the peer, never fsyncs either; the copies go to the page cache on both
        Servers.Tributary t = new Servers.Tributary(name, port, bench.state, bench.logs, bench.jar, bench.data, "none", opts);
        t.topYaml = """
                tpc:
                  max-active: 400
                """;
        return t;
    }

    void run() throws Exception {
        int pSrc = bench.portBase + 10, pDst = bench.portBase + 11, pXsrc = bench.portBase + 12, pXdst = bench.portBase + 14, pProxy = bench.portBase + 16;
        Proc.sharedDir(bench.data.resolve(TDST));
        if (bench.servers.contains(T)) {
            Servers.Tributary src = tpcTributary(TSRC, pSrc, List.of()), dst = tpcTributary(TDST, pDst, List.of());
            try {
                src.start("/data/small/f0", 60);
                dst.start("/data/small/f0", 60);
                // Checksums stored up front, as for files that arrived by PUT: HEAD + Want-Digest once per source file.
                Load.run(bench.spec("tpc-seed", src.baseUrl(), "HEAD", "/data/tpc-src/m%d", bench.tpcSmallFiles, 4, bench.tpcSmallFiles, 120, 0, List.of("Want-Digest: adler32")));
                for (String f : List.of("g1.bin", "e8.bin", "link.bin")) {
                    Load.run(bench.spec("tpc-seed", src.baseUrl(), "HEAD", "/data/tpc-src/" + f, 0, 1, 1, 120, 0, List.of("Want-Digest: adler32")));
                }
                tpcPair(T, src, dst);
                if (!TPC_LINK_OFF) tpcLink(src, dst, pProxy);
            } finally {
                bench.current = null;
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
                bench.current = null;
                dst512.stop();
                src.stop();
            }
        }
        if (bench.servers.contains(XROOTD)) {
            Servers.Xrootd src = new Servers.Xrootd(XSRC, pXsrc, bench.state, bench.logs, bench.base, bench.shim, "");
            // XrdHttp loads the TPC handler only when TLS is configured ("HTTPS functionality was not configured" otherwise):
            // a self-signed certificate for it; the COPY and the pull itself still go over plain http, as for Tributary.
            Path tls = Files.createDirectories(bench.state.resolve("xrd-tls"));
            Path cert = tls.resolve("cert.pem"), key = tls.resolve("key.pem");
            if (!Files.isRegularFile(cert) || !Files.isRegularFile(key)) {
                Proc.Out o = Proc.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                        cert.toString(), "-days", "3650", "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"), 60);
                if (o.code() != 0) bench.note("openssl (XRootD TPC certificate) failed: " + o.text());
            }
            for (Path p : List.of(tls, cert, key)) Proc.chownToXrootd(p);
            Files.setPosixFilePermissions(tls, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Servers.Xrootd dst = new Servers.Xrootd(XDST, pXdst, bench.state, bench.logs, bench.base, bench.shim, "http.exthandler xrdtpc libXrdHttpTPC.so\n"
                    + "xrd.tls " + cert + " " + key + "\nxrd.tlsca certfile " + cert + "\n");
            try {
                src.start("/data/small/f0", 60);
                dst.start("/data/small/f0", 60);
                tpcPair(XROOTD, src, dst);
            } finally {
                bench.current = null;
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
        bench.current = dst;
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
            r = bench.measured(sp);
        } finally {
            done.set(true);
            sampler.join(1000);
            bench.current = null;
        }
        bench.scalar(key + "_anon_dst_mib", v, anon[0] / 1024.0);
        bench.scalar(key + "_anon_src_mib", v, anon[1] / 1024.0);
        bench.scalar(key + "_rss_dst_mib", v, dst.peakRssKb() / 1024.0);
        bench.scalar(key + "_rss_src_mib", v, src.peakRssKb() / 1024.0);
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
        Path dir = Proc.sharedDir(bench.data.resolve(TDST + "/" + v));
        String d = "/data/" + TDST + "/" + v;
        String s = src.baseUrl() + "/data/tpc-src/";
        Proc.emptyDir(dir);
        // warm-up (JIT, connection pools): 32 small pulls
        Load.Result w = Load.run(new Load.Spec("tpc-warm", dst.baseUrl(), "COPY", d + "/w%d", bench.tpcSmallFiles, 0, 4, 32, 60, 0, copyHeaders(s + "m%d"), 120));
        if (w.ok() == 0) bench.note(v + " TPC warm-up: no successful COPY; first error " + w.firstError());
        Proc.emptyDir(dir);
        Proc.sync();
        String[][] sets = {{"tpc_1m", "m%d", "m", Integer.toString(bench.tpcSmallFiles), "16", Long.toString(MIB)},
                {"tpc_1g", "g1.bin", "g", Integer.toString(bench.tpcBigCount), Integer.toString(bench.tpcBigConc), Long.toString(GIB)}};
        for (String[] set : sets) {
            int n = Integer.parseInt(set[3]), c = Integer.parseInt(set[4]);
            long size = Long.parseLong(set[5]);
            Load.Result r = pulls(set[0], src, dst, d + "/" + set[2] + "%d", s + set[1], set[1].contains("%d") ? bench.tpcSmallFiles : 0, c, n,
                    600, 600, v, set[0]);
            bench.record(set[0], v, r);
            long[] st = stored(dir);
            if (r.ok() > 0 && (st[1] != r.ok() || st[0] != r.ok() * size)) {
                bench.note(String.format(Locale.ROOT, "%s %s: %d COPY succeeded but %d files / %d bytes stored (expected %d bytes)", v, set[0], r.ok(),
                        st[1], st[0], r.ok() * size));
            }
            if (r.ok() < n && r.errors() == 0) bench.note(v + " " + set[0] + ": time bound hit after " + r.ok() + " of " + n + " pulls");
            bench.scalar(set[0] + "_files_s", v, r.opsPerSec());
            if (r.ok() > 0) bench.scalar(set[0] + "_mb_s", v, r.ok() * size / r.elapsed() / 1e6);
            bench.log("%-14s %-22s %.1f files/s, %.0f MB/s; peak RSS destination %.0f MiB, source %.0f MiB", v, set[0], r.opsPerSec(),
                    bench.scalars.getOrDefault(set[0] + "_mb_s", Map.of()).getOrDefault(v, 0.0), bench.scalars.get(set[0] + "_rss_dst_mib").get(v), bench.scalars.get(set[0] + "_rss_src_mib").get(v));
            Proc.emptyDir(dir);
            Proc.sync();
        }
    }

    /** One large pull through the per-connection-capped proxy, with 1, 4 and 8 streams. */
    void tpcLink(Servers.Tributary src, Servers.Tributary dst, int proxyPort) throws Exception {
        Path dir = Proc.sharedDir(bench.data.resolve(TDST + "/link"));
        Proc.emptyDir(dir);
        try (LinkProxy proxy = new LinkProxy(proxyPort, src.port, LINK_MB_S * 1e6)) {
            for (int n : LINK_STREAMS) {
                long c0 = proxy.connections.get();
                double bound = bench.tpcLinkSize / (LINK_MB_S * 1e6) / n * 3 + 60;
                Load.Result r = pulls("tpc-link-s" + n, src, dst, "/data/" + TDST + "/link/l" + n, "http://127.0.0.1:" + proxy.port() + "/data/tpc-src/link.bin",
                        0, 1, 1, bound, (long) bound, T, "tpc_link_s" + n, "X-Number-Of-Streams: " + n);
                bench.record("tpc_link_s" + n, T, r);
                double mb = r.ok() == 1 && r.elapsed() > 0 ? bench.tpcLinkSize / r.elapsed() / 1e6 : 0;
                bench.scalar("tpc_link_s" + n + "_mb_s", T, mb);
                Path f = dir.resolve("l" + n);
                if (r.ok() == 1 && (!Files.exists(f) || Files.size(f) != bench.tpcLinkSize)) bench.note("long-haul pull, " + n + " streams: stored size differs");
                bench.log("tributary      tpc_link_s%-12d %.1f MB/s over %.1f s (cap %.0f MB/s per connection = %.0f MB/s for %d streams); "
                                + "%d new proxy connections", n, mb, r.elapsed(), LINK_MB_S, LINK_MB_S * n, n, proxy.connections.get() - c0);
                Proc.emptyDir(dir);
            }
        }
        Proc.sync();
    }

    void tpcMany(Servers.Tributary src, Servers.Tributary dst) throws Exception {
        Path dir = Proc.sharedDir(bench.data.resolve(TDST + "/many"));
        Proc.emptyDir(dir);
        Proc.sync();
        Load.Result r = pulls("tpc-300x8m", src, dst, "/data/" + TDST + "/many/e%d", src.baseUrl() + "/data/tpc-src/e8.bin", 0, bench.tpcMemCount,
                bench.tpcMemCount, 600, 600, T, "tpc_many");
        bench.record("tpc_many", T, r);
        long[] st = stored(dir);
        bench.scalar("tpc_many_ok", T, (double) r.ok());
        bench.scalar("tpc_many_failed", T, (double) (bench.tpcMemCount - r.ok()));
        bench.scalar("tpc_many_s", T, r.elapsed());
        bench.scalar("tpc_many_stored", T, (double) st[1]);
        if (st[0] != st[1] * 8 * MIB) bench.note("300 x 8 MiB: stored files are not all 8 MiB (" + st[0] + " bytes in " + st[1] + " files)");
        bench.log("tributary      tpc_many               %d of %d pulls succeeded (%d stored) in %.1f s into -Xmx512m; peak RSS destination %.0f MiB, source %.0f MiB",
                r.ok(), bench.tpcMemCount, st[1], r.elapsed(), bench.scalars.get("tpc_many_rss_dst_mib").get(T), bench.scalars.get("tpc_many_rss_src_mib").get(T));
        Proc.emptyDir(dir);
        Proc.sync();
    }
}
