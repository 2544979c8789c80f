package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.Multistatus;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Depth 1 PROPFIND of a very large directory is streamed out completely: every entry, once, collection first. */
class PropfindStreamingTest {

    static final int ENTRIES = 20_000;

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.startDefault(dir);
        Path big = gw.root().resolve("big");
        Files.createDirectories(big);
        for (int i = 0; i < ENTRIES; i++) {
            Files.createFile(big.resolve("entry-" + i + ".dat")); // empty: creating is what costs here, not bytes
        }
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @Test
    void everyEntryIsListedOnce() {
        HttpResponse<byte[]> r = gw.propfind("/data/big/", "1", "");
        assertEquals(207, r.statusCode());
        String body = TestGateway.text(r);
        Matcher m = Pattern.compile("<D:response>").matcher(body);
        int count = 0;
        while (m.find()) count++;
        assertEquals(ENTRIES + 1, count, "the collection plus every member");
        assertTrue(body.trim().endsWith("</D:multistatus>"), "the document is complete");

        Multistatus ms = Multistatus.parse(r.body());
        assertEquals("/data/big/", ms.hrefs().getFirst());
        Set<String> hrefs = new HashSet<>(ms.hrefs().subList(1, ms.hrefs().size()));
        assertEquals(ENTRIES, hrefs.size(), "no duplicates");
        for (int i = 0; i < ENTRIES; i++) {
            assertTrue(hrefs.contains("/data/big/entry-" + i + ".dat"), "missing entry-" + i);
        }
        assertEquals("0", ms.response("/data/big/entry-19999.dat").dav("getcontentlength").orElseThrow());
    }

    @Test
    void htmlListingOfTheSameDirectoryIsComplete() {
        HttpResponse<byte[]> r = gw.get("/data/big/");
        assertEquals(200, r.statusCode());
        String html = TestGateway.text(r);
        Matcher m = Pattern.compile("entry-\\d+\\.dat</a>").matcher(html);
        int count = 0;
        while (m.find()) count++;
        assertEquals(ENTRIES, count);
        assertTrue(html.trim().endsWith("</html>"));
    }
}
