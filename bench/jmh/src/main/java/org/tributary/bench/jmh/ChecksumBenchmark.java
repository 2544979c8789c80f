package org.tributary.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.checksum.StreamingDigest;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The streaming checksum a PUT or a TPC pull computes while the bytes pass ({@link StreamingDigest}): 1 MiB of
 * random bytes fed in 64 KiB slices (the checksum layer's own read buffer; request bodies arrive in whatever
 * buffers the connection fills), then the wire value. 1,048.6 divided by the figure (µs) is the rate in GB/s.
 * Direct buffers are what Jetty reads request bodies into; heap buffers are shown beside them because the JDK's
 * intrinsics take different paths for the two.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ChecksumBenchmark {

    static final int TOTAL = 1 << 20, CHUNK = 64 << 10;

    @Param({"adler32", "crc32c"})
    public String algorithm;

    @Param({"direct", "heap"})
    public String buffer;

    private ChecksumAlgorithm alg;
    private ByteBuffer data;

    @Setup(Level.Trial)
    public void setUp() {
        alg = ChecksumAlgorithm.fromName(algorithm).orElseThrow();
        byte[] bytes = new byte[TOTAL];
        new Random(42).nextBytes(bytes);
        data = buffer.equals("direct") ? ByteBuffer.allocateDirect(TOTAL) : ByteBuffer.allocate(TOTAL);
        data.put(bytes).flip();
    }

    @Benchmark
    public String oneMiB() {
        StreamingDigest d = alg.newDigest();
        for (int off = 0; off < TOTAL; off += CHUNK) {
            d.update(data.slice(off, CHUNK));
        }
        return d.finish();
    }
}
