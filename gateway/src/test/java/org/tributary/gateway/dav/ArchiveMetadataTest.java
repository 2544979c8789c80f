package org.tributary.gateway.dav;

import org.junit.jupiter.api.Test;
import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.staging.ArchiveMetadata;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.TestGateway;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ArchiveMetadata header of PUT and COPY (SPECS §2.5, §2.5a): base64 JSON, checked before the body and stored with
 * the file as one attribute for the tape layer; anything else is a 400 with the reason, and nothing is written.
 */
class ArchiveMetadataTest extends DefaultGatewayTest {

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> attributes(String areaPath) throws Exception {
        StorageBackend b = gw.server().areas().getFirst().backend();
        return b.attributes(AreaPath.parse(areaPath));
    }

    @Test
    void aPutStoresTheDecodedJsonWithTheFile() throws Exception {
        String json = "{\"collocation\":\"lofar/L123456\",\"activity\":\"T0 Tape\"}";
        assertEquals(201, gw.put("/data/am/put.dat", "bytes", "ArchiveMetadata", b64(json)).statusCode());
        assertEquals(json, attributes("/am/put.dat").get(ArchiveMetadata.ATTRIBUTE));
    }

    @Test
    void theOlderNameTransferMetadataIsReadToo() throws Exception {
        assertEquals(201, gw.put("/data/am/old.dat", "bytes", "TransferMetadata", b64("{\"a\":1}")).statusCode());
        assertEquals("{\"a\":1}", attributes("/am/old.dat").get(ArchiveMetadata.ATTRIBUTE));
    }

    @Test
    void aPutWithoutTheHeaderStoresNoSuchAttribute() throws Exception {
        assertEquals(201, gw.put("/data/am/plain.dat", "bytes").statusCode());
        assertFalse(attributes("/am/plain.dat").containsKey(ArchiveMetadata.ATTRIBUTE));
    }

    @Test
    void aHeaderThatIsNotBase64JsonIsRefusedAndNothingIsWritten() throws Exception {
        Map<String, String> bad = Map.of(
                "not base64 at all!", "not base64",
                b64("[1,2,3]"), "not one",
                b64("{\"unclosed\": "), "not one",
                Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe, '{', '}'}), "not UTF-8",
                b64("{\"k\":\"" + "x".repeat(ArchiveMetadataHeader.MAX_DECODED_BYTES) + "\"}"), "at most");
        int i = 0;
        for (var e : bad.entrySet()) {
            String path = "/data/am/bad" + (i++) + ".dat";
            var r = gw.put(path, "bytes", "ArchiveMetadata", e.getKey());
            assertEquals(400, r.statusCode(), e.getValue());
            assertTrue(TestGateway.text(r).contains("ArchiveMetadata") && TestGateway.text(r).contains(e.getValue()),
                    TestGateway.text(r));
            assertFalse(Files.exists(gw.root(TestGateway.DATA).resolve(path.substring("/data/".length()))), path);
        }
    }

    @Test
    void aLocalCopyOfAFileStoresTheCopysHeaderOnTheNewFile() throws Exception {
        assertEquals(201, gw.put("/data/am/src.dat", "bytes").statusCode());
        var r = gw.copyOrMove("COPY", "/data/am/src.dat", "/data/am/copy.dat", "ArchiveMetadata", b64("{\"c\":true}"));
        assertEquals(201, r.statusCode(), TestGateway.text(r));
        assertEquals("{\"c\":true}", attributes("/am/copy.dat").get(ArchiveMetadata.ATTRIBUTE));
        assertFalse(attributes("/am/src.dat").containsKey(ArchiveMetadata.ATTRIBUTE));
        var refused = gw.copyOrMove("COPY", "/data/am/src.dat", "/data/am/copy2.dat", "ArchiveMetadata", "%%%");
        assertEquals(400, refused.statusCode());
        assertFalse(Files.exists(gw.root(TestGateway.DATA).resolve("am/copy2.dat")));
    }
}
