package org.tributary.gateway.tpc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.CapturedStderr;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.gateway.tpc.TpcPeers.lastLine;
import static org.tributary.gateway.tpc.TpcPeers.send;

/**
 * Every finished third-party copy leaves one line in the server log with what an FTS operator greps for: result,
 * direction, source, destination, bytes, duration, streams, the checksum comparison and, for a failure, its reason.
 */
class FinishedCopiesAreLoggedTest {

    static final Pattern LINE = Pattern.compile("third-party copy: result=(\\w+) direction=(pull|push)"
            + " mode=(network|in-place) source=\"([^\"]*)\" destination=\"([^\"]*)\" bytes=(\\d+) duration=\\d+\\.\\d{3}s"
            + " streams=(\\d+) checksum=([a-z-]+)( reason=\"(.*)\")?");

    @TempDir
    Path dir;
    TpcPeers.Gw src;
    TpcPeers.Gw dst;

    @BeforeEach
    void start() throws Exception {
        src = new TpcPeers.Gw(dir.resolve("src"), "");
        dst = new TpcPeers.Gw(dir.resolve("dst"), "");
    }

    @AfterEach
    void stop() throws Exception {
        src.close();
        dst.close();
    }

    /** The copy lines the server wrote while {@code copy} ran. */
    static List<java.util.regex.Matcher> copyLines(Copy copy) throws Exception {
        try (CapturedStderr err = new CapturedStderr()) {
            copy.run();
            return err.text().lines().filter(l -> l.contains("third-party copy: "))
                    .map(l -> LINE.matcher(l.substring(l.indexOf("third-party copy: "))))
                    .filter(java.util.regex.Matcher::matches).toList();
        }
    }

    interface Copy {
        void run() throws Exception;
    }

    @Test
    void aVerifiedPullOverFourStreams() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(14).nextBytes(data);
        assertEquals(201, TpcPeers.put(src.url("/data/in/f"), data).statusCode());
        Files.createDirectories(dst.root.resolve("out"));
        var lines = copyLines(() -> {
            HttpResponse<String> r = send("COPY", dst.url("/data/out/f"), "Source", src.url("/data/in/f"),
                    "Credential", "none", "X-Number-Of-Streams", "4", "RequireChecksumVerification", "true");
            assertEquals("success: Created", lastLine(r.body()));
        });
        assertEquals(1, lines.size(), "one line per copy");
        var m = lines.getFirst();
        assertEquals("success", m.group(1));
        assertEquals("pull", m.group(2));
        assertEquals("network", m.group(3));
        assertEquals("http://127.0.0.1:" + src.server.httpPort() + "/data/in/f", m.group(4));
        assertEquals("/data/out/f", m.group(5));
        assertEquals(String.valueOf(data.length), m.group(6));
        assertEquals("4", m.group(7));
        assertEquals("verified", m.group(8));
        assertEquals(null, m.group(9), "no reason for a success");
    }

    @Test
    void aPushWithoutVerificationAndAFailedPullWithItsReason() throws Exception {
        assertEquals(201, TpcPeers.put(dst.url("/data/p"), new byte[1000]).statusCode());
        var lines = copyLines(() -> {
            assertEquals("success: Created", lastLine(send("COPY", dst.url("/data/p"), "Destination",
                    src.url("/data/q"), "Credential", "none", "RequireChecksumVerification", "false").body()));
            String last = lastLine(send("COPY", dst.url("/data/r"), "Source", src.url("/data/missing"),
                    "Credential", "none").body());
            assertTrue(last.startsWith("failure: "), last);
        });
        assertEquals(2, lines.size());
        var push = lines.get(0);
        assertEquals("success push /data/p " + src.url("/data/q") + " 1000 1 not-requested", String.join(" ",
                push.group(1), push.group(2), push.group(4), push.group(5), push.group(6), push.group(7), push.group(8)));
        var failed = lines.get(1);
        assertEquals("failure", failed.group(1));
        assertEquals("0", failed.group(6));
        assertEquals("not-compared", failed.group(8), "verification is on by default; nothing was compared");
        assertTrue(failed.group(10).contains("404"), failed.group());
    }
}
