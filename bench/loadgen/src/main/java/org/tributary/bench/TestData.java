package org.tributary.bench;

import static org.tributary.bench.Bench.MIB;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;

/**
 * The data every workload reads: a 2 GiB file, 1,000 files of 4 KiB, a directory of 10,000 entries (and the
 * third-party-copy sources), written once under the data directory and kept between runs; the directories the
 * write workloads fill are emptied. The read set is left in the page cache, as on a warm server.
 */
final class TestData {

    private final Bench bench;

    TestData(Bench bench) {
        this.bench = bench;
    }

    void prepare() throws IOException {
        Files.createDirectories(bench.state);
        Proc.sharedDir(bench.base);
        Proc.sharedDir(bench.data);
        Path big = bench.data.resolve("big/2g.bin");
        if (!Files.isRegularFile(big) || Files.size(big) != bench.bigSize) {
            bench.log("writing %s (2 GiB of random bytes)", big);
            Proc.sharedDir(big.getParent());
            writeRandom(big, bench.bigSize, 1);
        }
        Path small = Proc.sharedDir(bench.data.resolve("small"));
        if (!Files.isRegularFile(small.resolve("f" + (bench.smallFiles - 1)))) {
            bench.log("writing %d files of 4 KiB in %s", bench.smallFiles, small);
            for (int i = 0; i < bench.smallFiles; i++) writeRandom(small.resolve("f" + i), 4096, i + 2);
        }
        Path dir = Proc.sharedDir(bench.data.resolve("dir10k"));
        if (!Files.isRegularFile(dir.resolve("e" + (bench.dirEntries - 1)))) {
            bench.log("creating %d entries in %s", bench.dirEntries, dir);
            for (int i = 0; i < bench.dirEntries; i++) {
                Path e = dir.resolve("e" + i);
                if (!Files.exists(e)) writeRandom(e, 1024, i);
            }
        }
        if (bench.groups.contains("tpc")) bench.tpc.prepare();
        for (String d : List.of("put-small", "put-big", "lsst", "warm", "dd", "tpc-dst")) {
            Proc.sharedDir(bench.data.resolve(d));
            Proc.emptyDir(bench.data.resolve(d));
        }
        // XRootD stores checksums in xattrs of the files it serves (as it would own them in production); without write
        // access it recomputes on every request, and 5.5 was seen to hang and crash under concurrent HEAD + Want-Digest.
        for (String d : List.of("big", "small", "dir10k")) {
            try (var files = Files.list(bench.data.resolve(d))) {
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
}
