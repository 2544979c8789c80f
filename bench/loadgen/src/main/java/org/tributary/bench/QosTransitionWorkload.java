package org.tributary.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.tributary.bench.Bench.GIB;
import static org.tributary.bench.Bench.T;

/**
 * A QoS transition of a 10 GiB file (issue 13 item 2, `--only qos`): a third-party pull between two class access
 * points of one Tributary storage, done in place (a hard link where the backend shares data), side by side with a
 * normal pull of the same file between two Tributary instances. The source is written once with random bytes (not
 * sparse, not fallocated: the network pull then reads real data) and kept between runs, like the other read sets;
 * its adler32 is stored up front by a HEAD + Want-Digest, as for a file that arrived by PUT. Both gateways run with
 * durability none (page cache), so the pull is not charged for fsync and the ratio is the least the sharing saves.
 * Bounded: each COPY waits at most 10 minutes.
 */
final class QosTransitionWorkload {

    static final long SIZE = 10 * GIB;
    static final int REPS = 3;
    static final Duration BOUND = Duration.ofMinutes(10);

    private final Bench bench;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    QosTransitionWorkload(Bench bench) {
        this.bench = bench;
    }

    void run() throws Exception {
        Path root = Proc.sharedDir(bench.data.resolve("qos"));
        Path fast = Proc.sharedDir(root.resolve("FAST"));
        Path cheap = Proc.sharedDir(root.resolve("CHEAP-ANALYSIS"));
        Path net = Proc.sharedDir(bench.data.resolve("qos-net"));
        Path src = fast.resolve("big10g.bin");
        if (!Files.isRegularFile(src) || Files.size(src) != SIZE) {
            bench.log("writing %s (10 GiB of random bytes, once)", src);
            TestData.writeRandom(src, SIZE, 13);
        }
        Proc.emptyDir(cheap);
        Proc.emptyDir(net);
        Proc.sync();
        Servers.Tributary gw = new Servers.Tributary("tributary-qos", bench.portBase + 22, bench.state, bench.logs,
                bench.jar, bench.data, "none", bench.tributaryOpts);
        gw.areaYaml = """
                  - name: qos
                    access-points: [/qos]
                    anonymous: read-write
                    durability: none
                    backend: { type: posix, root: %s }
                    qos: { classes: [ { name: FAST, placement: disk, access-point: /qos-fast },
                                      { name: CHEAP-ANALYSIS, placement: disk, access-point: /qos-cheap } ] }
                """.formatted(root);
        Servers.Tributary dst = new Servers.Tributary("tributary-qos-dst", bench.portBase + 23, bench.state, bench.logs,
                bench.jar, bench.data, "none", bench.tributaryOpts);
        try {
            gw.start("/data/small/f0", 60);
            dst.start("/data/small/f0", 60);
            String g = gw.baseUrl();
            // the adler32 stored once, through the area's own access point, as after an upload
            send(HttpRequest.newBuilder(URI.create(g + "/qos/FAST/big10g.bin")).header("Want-Digest", "adler32")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()));
            TestData.readAll(src);   // both copies start from the page cache
            List<Double> inPlace = new ArrayList<>();
            boolean shared = true;
            for (int i = 0; i < REPS; i++) {
                double[] t = copy(gw, g + "/qos-cheap/t" + i + ".bin", g + "/qos-fast/big10g.bin");
                Path copy = cheap.resolve("t" + i + ".bin");
                shared &= Files.getAttribute(copy, "unix:ino").equals(Files.getAttribute(src, "unix:ino"));
                if (Files.size(copy) != SIZE) bench.note("in-place transition: the copy has " + Files.size(copy) + " bytes");
                inPlace.add(t[0]);
                bench.log("tributary      qos_in_place_%d         %.3f s wall, %.3f s server CPU%s", i, t[0], t[1],
                        shared ? " (shared: a hard link)" : " (bytes copied inside the gateway)");
                Files.delete(copy);
                if (!shared) break;   // a 10 GiB local copy: once is enough to show it
            }
            double[] pull = copy(dst, dst.baseUrl() + "/data/qos-net/big10g.bin", g + "/qos/FAST/big10g.bin");
            if (Files.size(net.resolve("big10g.bin")) != SIZE) bench.note("network pull: the copy has the wrong size");
            double median = Bench.median(inPlace);
            bench.scalar("qos_in_place_s", T, median);
            bench.scalar("qos_pull_s", T, pull[0]);
            bench.scalar("qos_ratio", T, pull[0] / median);
            bench.log("tributary      qos                    10 GiB: in place %.3f s (median of %d%s) vs network pull %.1f s"
                    + " (%.0f MB/s, %.1f s server CPU): %.0fx", median, inPlace.size(), shared ? ", shared" : ", copied",
                    pull[0], SIZE / pull[0] / 1e6, pull[1], pull[0] / median);
            if (!shared) bench.note("in-place transition copied the bytes: the posix backend offered no SharedCopy");
        } finally {
            bench.current = null;
            dst.stop();
            gw.stop();
            Proc.emptyDir(cheap);
            Proc.emptyDir(net);
        }
    }

    /** One third-party pull into {@code target}; returns {wall seconds, server CPU seconds of {@code at}}. */
    private double[] copy(Servers.Tributary at, String target, String source) throws Exception {
        double cpu0 = Proc.treeCpuSeconds(at.pid());
        long t0 = System.nanoTime();
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(target)).header("Source", source)
                .header("Credential", "none").header("Overwrite", "T")
                .method("COPY", HttpRequest.BodyPublishers.noBody()));
        double wall = (System.nanoTime() - t0) / 1e9;
        String[] lines = r.body().strip().split("\n");
        if (r.statusCode() != 202 || !lines[lines.length - 1].equals("success: Created")) {
            throw new IOException("COPY " + target + ": " + r.statusCode() + " " + lines[lines.length - 1]);
        }
        return new double[] {wall, Proc.treeCpuSeconds(at.pid()) - cpu0};
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.timeout(BOUND).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) throw new IOException(r.request().method() + " " + r.uri() + ": " + r.statusCode());
        return r;
    }
}
