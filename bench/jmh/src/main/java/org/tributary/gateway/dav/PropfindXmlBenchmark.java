package org.tributary.gateway.dav;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.EntryType;
import org.tributary.backend.Locality;
import org.tributary.backend.SpaceUsage;
import org.tributary.bench.jmh.GatewayFixture;
import org.tributary.gateway.security.Identity;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The body of a Depth: 1 PROPFIND answer for a collection of 1,000 files, written by the handler's own code
 * ({@link PropfindMethod#writeResponse} through {@link DavXmlWriter}) into the same buffered UTF-8 writer, with the
 * entries already listed: hrefs (percent-encoding), dates, ETags, XML escaping and encoding, no storage access.
 * The request asks for the properties davix and gfal2 ask for (all live, so no attribute reads). This class sits in
 * the gateway's package because the writer is package-private; it is the only benchmark that does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PropfindXmlBenchmark {

    static final int ENTRIES = 1000;
    static final String BODY = """
            <?xml version="1.0" encoding="utf-8"?>
            <D:propfind xmlns:D="DAV:"><D:prop>
              <D:resourcetype/><D:getcontentlength/><D:getlastmodified/><D:creationdate/><D:displayname/><D:getetag/>
            </D:prop></D:propfind>
            """;

    /** Counts what the writer produced, so the output is consumed and can be checked. */
    static final class CountingSink extends OutputStream {
        long bytes;
        @Override public void write(int b) { bytes++; }
        @Override public void write(byte[] b, int off, int len) { bytes += len; }
    }

    private DavExchange exchange;
    private PropfindRequest request;
    private EntryInfo collection;
    private final List<EntryInfo> entries = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp(GatewayFixture gateway) throws IOException {
        // only the route is read while writing (hrefs); no request, response or guard is needed
        exchange = new DavExchange(null, null, gateway.route("/data/atlas/rucio/user.jdoe"), Identity.ANONYMOUS, null);
        request = PropfindRequest.parse(BODY.getBytes(StandardCharsets.UTF_8));
        AreaPath dir = exchange.path();
        Instant t = Instant.parse("2026-11-05T01:02:03.456789Z");
        collection = new EntryInfo(dir, EntryType.DIRECTORY, 4096, t, "4096-1", Locality.DISK);
        for (int i = 0; i < ENTRIES; i++) {
            String name = "user.jdoe.38124717._" + String.format("%06d", i) + ".pool.root.1";
            long size = 1_000_000L + 7919L * i;
            entries.add(new EntryInfo(dir.child(name), EntryType.FILE, size, t.plusSeconds(i),
                    size + "-" + (1_730_768_523_456_789_000L + i), Locality.DISK));
        }
        long bytes = listing();
        if (bytes < ENTRIES * 500L) throw new IllegalStateException("the answer is only " + bytes + " bytes");
    }

    /** Returns the size of the answer in bytes. */
    @Benchmark
    public long listing() throws IOException {
        CountingSink sink = new CountingSink();
        try (Writer w = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), 1 << 16)) {
            DavXmlWriter x = DavXmlWriter.multistatus(w);
            PropfindMethod.writeResponse(exchange, x, collection, request, SpaceUsage.UNKNOWN);
            for (EntryInfo e : entries) PropfindMethod.writeResponse(exchange, x, e, request, SpaceUsage.UNKNOWN);
            x.finish();
        }
        return sink.bytes;
    }
}
