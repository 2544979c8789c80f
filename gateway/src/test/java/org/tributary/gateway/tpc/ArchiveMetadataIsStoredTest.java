package org.tributary.gateway.tpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.staging.ArchiveMetadata;

/**
 * The {@code ArchiveMetadata} header (base64 JSON) of a PUT and of a third-party pull is stored with the file as the
 * decoded JSON (where a tape backend reads its collocation hint); a header that is not base64 JSON is refused with 400
 * before anything is written.
 */
class ArchiveMetadataIsStoredTest {

    static final String JSON = "{\"collocation\": \"lofar-L123456\", \"scope\": \"lofar\"}";
    static final String HEADER = Base64.getEncoder().encodeToString(JSON.getBytes(StandardCharsets.UTF_8));

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

    static String stored(TpcPeers.Gw gw, String path) throws Exception {
        return gw.server.areas().getFirst().backend().attributes(AreaPath.parse(path)).get(ArchiveMetadata.ATTRIBUTE);
    }

    @Test
    void putStoresTheDecodedJson() throws Exception {
        HttpResponse<Void> r = TpcPeers.HTTP.send(HttpRequest.newBuilder(URI.create(src.url("/data/f")))
                .header(ArchiveMetadata.HEADER, HEADER).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(201, r.statusCode());
        assertEquals(JSON, stored(src, "/f"));
    }

    @Test
    void aPullStoresTheDecodedJson() throws Exception {
        assertEquals(201, TpcPeers.put(src.url("/data/f"), "bytes".getBytes(StandardCharsets.UTF_8)).statusCode());
        HttpResponse<String> r = TpcPeers.send("COPY", dst.url("/data/f"), "Source", src.url("/data/f"),
                "Credential", "none", ArchiveMetadata.HEADER, HEADER);
        assertEquals(202, r.statusCode());
        assertTrue(TpcPeers.lastLine(r.body()).startsWith("success"), r.body());
        assertEquals(JSON, stored(dst, "/f"));
    }

    @Test
    void aHeaderThatIsNotBase64JsonIsRefusedAndNothingIsWritten() throws Exception {
        for (String bad : new String[] {"not base64!", Base64.getEncoder().encodeToString("[1, 2".getBytes())}) {
            HttpResponse<String> r = TpcPeers.HTTP.send(HttpRequest.newBuilder(URI.create(src.url("/data/g")))
                    .header(ArchiveMetadata.HEADER, bad).PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("ArchiveMetadata must be base64 of a JSON object"), r.body());
            assertFalse(Files.exists(src.root.resolve("g")));
        }
    }
}
