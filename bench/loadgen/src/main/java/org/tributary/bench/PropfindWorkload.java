package org.tributary.bench;

import static org.tributary.bench.Bench.T;
import static org.tributary.bench.Bench.MIB;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** PROPFIND Depth: 1 of a 10,000-entry collection: throughput, RSS growth and (Tributary) live-heap growth. */
final class PropfindWorkload {

    private final Bench bench;

    PropfindWorkload(Bench bench) {
        this.bench = bench;
    }

    void run(Servers.Server srv, String v) throws Exception {
        String url = srv.baseUrl();
        List<String> depth = List.of("Depth: 1");
        Load.run(bench.spec("propfind-warm", url, "PROPFIND", "/data/dir10k/", 0, 1, 2, 30, 0, depth));
        long rssBefore = srv.rssKb();
        srv.resetPeakRss();
        Load.Result r = bench.measured(bench.spec("propfind", url, "PROPFIND", "/data/dir10k/", 0, 1, bench.propfindCount, bench.propfindSeconds, 0, depth));
        long rssPeak = srv.peakRssKb();
        bench.record("propfind_10k", v, r);
        if (r.ok() > 0 && r.entries() / r.ok() < bench.dirEntries) {
            bench.note(String.format("%s PROPFIND: %d entries per response, expected %d (+1 for the collection)", v, r.entries() / r.ok(), bench.dirEntries));
        }
        bench.scalar("propfind_rss_growth_mib", v, Math.max(0, rssPeak - rssBefore) / 1024.0);
        bench.log("%s PROPFIND: RSS %.1f MiB before, peak %.1f MiB during", v, rssBefore / 1024.0, rssPeak / 1024.0);
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
                    res.set(Load.run(bench.spec("propfind-heap", url, "PROPFIND", "/data/dir10k/", 0, 1, bench.heapProbeCount, bench.propfindSeconds * 3, 0, depth)));
                } catch (Exception e) {
                    bench.note("heap probe load failed: " + e);
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
            bench.scalar("propfind_heap_baseline_mib", T, baseline / (double) MIB);
            bench.scalar("propfind_heap_growth_mib", T, (maxLive - baseline) / (double) MIB);
            bench.scalar("propfind_heap_peak_incl_garbage_mib", T, Math.max(0, peak - baseline) / (double) MIB);
            bench.scalar("propfind_heap_after_mib", T, after / (double) MIB);
            bench.scalar("propfind_heap_max_mib", T, hp.max() / (double) MIB);
            bench.log("tributary PROPFIND heap: live %.1f MiB before, max live during %.1f MiB (%d forced GCs over %d requests), "
                            + "peak incl. garbage +%.1f MiB, %.1f MiB after",
                    baseline / (double) MIB, maxLive / (double) MIB, samples, res.get() == null ? 0 : res.get().ok(),
                    Math.max(0, peak - baseline) / (double) MIB, after / (double) MIB);
        } catch (Exception e) {
            bench.note("heap probe failed: " + e);
        }
    }
}
