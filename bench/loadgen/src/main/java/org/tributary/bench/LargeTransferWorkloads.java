package org.tributary.bench;

import static org.tributary.bench.Bench.MIB;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Large transfers: the 2 GiB GET and PUT (best of several), the dd reference for the disk, and the LSST mix
 * (16 concurrent PUTs of 18 MB files).
 */
final class LargeTransferWorkloads {

    private final Bench bench;

    LargeTransferWorkloads(Bench bench) {
        this.bench = bench;
    }

    void bigGet(String url, String v) throws Exception {
        Load.Result best = null;
        List<Double> mb = new ArrayList<>();
        for (int i = 0; i < bench.bigReps; i++) {
            Load.Result r = bench.measured(bench.spec("big-get", url, "GET", "/data/big/2g.bin", 1, 1, 1, 600, 0, List.of()));
            if (r.ok() == 1 && r.bytesIn() != bench.bigSize) bench.note(v + " big GET: got " + r.bytesIn() + " bytes, expected " + bench.bigSize);
            mb.add(r.mbPerSec());
            if (best == null || r.mbPerSec() > best.mbPerSec()) best = r;
        }
        bench.reps.put("big_get/" + v, mb);
        bench.record("big_get", v, best);
    }

    void bigPut(String url, String v) throws Exception {
        Path dir = bench.data.resolve("put-big/" + v);
        Proc.sharedDir(dir);
        Load.Result best = null;
        List<Double> mb = new ArrayList<>();
        for (int i = 0; i < bench.bigPutReps; i++) {
            Proc.emptyDir(dir);
            Proc.sync();
            Load.Result r = bench.measured(bench.spec("big-put", url, "PUT", "/data/put-big/" + v + "/2g.bin", 0, 1, 1, 600, bench.bigSize, List.of()));
            mb.add(r.mbPerSec());
            if (best == null || r.mbPerSec() > best.mbPerSec()) best = r;
            Path f = dir.resolve("2g.bin");
            if (r.ok() == 1 && (!Files.exists(f) || Files.size(f) != bench.bigSize)) {
                bench.note(v + " big PUT: stored file has " + (Files.exists(f) ? Files.size(f) : -1) + " bytes, expected " + bench.bigSize);
            }
        }
        Proc.emptyDir(dir); // dropping the dirty pages of a non-fsynced copy avoids write-back during the next workload
        Proc.sync();
        bench.reps.put("big_put/" + v, mb);
        bench.record("big_put", v, best);
    }

    void lsst(String url, String v) throws Exception {
        Path dir = Proc.sharedDir(bench.data.resolve("lsst/" + v));
        Proc.emptyDir(dir);
        Proc.sync();
        Load.Result r = bench.measured(bench.spec("lsst", url, "PUT", "/data/lsst/" + v + "/f%d", 0, 16, bench.lsstFiles, bench.lsstSeconds, bench.lsstSize, List.of()));
        bench.record("lsst_put_c16", v, r);
        if (r.ok() < bench.lsstFiles && r.errors() == 0) bench.note(v + " LSST mix: time bound hit after " + r.ok() + " of " + bench.lsstFiles + " files");
        Proc.emptyDir(dir);
        Proc.sync();
    }

    void ddReference() throws IOException {
        Path dir = Proc.sharedDir(bench.data.resolve("dd"));
        Pattern p = Pattern.compile("(\\d+) bytes.*copied, ([0-9.]+) s");
        for (boolean fsync : new boolean[] {true, false}) {
            List<Double> mb = new ArrayList<>();
            for (int i = 0; i < bench.bigPutReps; i++) {
                Proc.emptyDir(dir);
                Proc.sync();
                // Source: the page-cached 2 GiB file (random bytes, like the PUT bodies). Zeros from /dev/zero were
                // written ~1.4x faster than real data on this virtual disk.
                List<String> cmd = new ArrayList<>(List.of("dd", "if=" + bench.data.resolve("big/2g.bin"), "of=" + dir.resolve("2g.bin"), "bs=1M",
                        "count=" + (bench.bigSize / MIB)));
                if (fsync) cmd.add("conv=fsync");
                Proc.Out o = Proc.run(cmd, 600);
                Matcher m = p.matcher(o.text());
                if (o.code() == 0 && m.find()) mb.add(Long.parseLong(m.group(1)) / Double.parseDouble(m.group(2)) / 1e6);
                else bench.note("dd failed: " + o.text());
            }
            Proc.emptyDir(dir);
            Proc.sync();
            if (!mb.isEmpty()) {
                String key = fsync ? "dd_fsync_mb_s" : "dd_nofsync_mb_s";
                bench.scalar(key, "dd", mb.stream().mapToDouble(Double::doubleValue).max().orElse(0));
                bench.reps.put(key, mb);
                bench.log("dd if=big/2g.bin bs=1M count=2048%s: %.0f MB/s", fsync ? " conv=fsync" : "", bench.scalars.get(key).get("dd"));
            }
        }
    }
}
