package org.tributary.bench;

import static org.tributary.bench.Bench.T;
import static org.tributary.bench.Bench.NGINX;
import static org.tributary.bench.Bench.XROOTD;
import static org.tributary.bench.Bench.median;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Start-up time to the first successful GET (median of several starts) and idle RSS, per server. */
final class StartupWorkload {

    private final Bench bench;

    StartupWorkload(Bench bench) {
        this.bench = bench;
    }

    void run() {
        for (String s : List.of(NGINX, XROOTD, T)) {
            if (!bench.servers.contains(s)) continue;
            List<Double> times = new ArrayList<>();
            double rss = Double.NaN;
            for (int i = 0; i < bench.startupReps; i++) {
                Servers.Server srv = bench.server(s, List.of("-Xmx256m"));
                try {
                    srv.start("/data/small/f0", 60);
                    times.add(srv.startupMillis);
                    if (i == bench.startupReps - 1) {
                        Thread.sleep((long) (bench.idleSeconds * 1000));
                        rss = srv.rssKb() / 1024.0;
                    }
                } catch (Exception e) {
                    bench.note(s + ": start-up measurement failed: " + e.getMessage());
                    break;
                } finally {
                    srv.stop();
                }
            }
            if (!times.isEmpty()) {
                bench.scalar("startup_ms", s, median(times));
                bench.reps.put("startup_ms/" + s, times);
                if (!Double.isNaN(rss)) bench.scalar("idle_rss_mib", s, rss);
                bench.log("%s: start-up to first GET %.0f ms (median of %s), idle RSS %.1f MiB after %.0f s%s", s, median(times),
                        times.stream().map(t -> String.format(Locale.ROOT, "%.0f", t)).toList(), rss, bench.idleSeconds,
                        s.equals(T) ? " (-Xmx256m)" : "");
            }
        }
    }
}
