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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * PROPFIND and PROPPATCH bodies are parsed safely: malformed XML is 400, and DTDs (external entities, entity
 * expansion) are refused with 400 without ever reading the entity's target or echoing it.
 */
class XmlRequestBodySafetyTest {

    @TempDir
    static Path dir;
    static TestGateway gw;
    static Path secret;
    static final String MARKER = "TOP-SECRET-7f3a9c";

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.startDefault(dir);
        secret = dir.resolve("outside-secret.txt");
        Files.writeString(secret, MARKER + "\n");
        assertEquals(201, gw.put("/data/x/file", "content").statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    private static void assert400NoLeak(HttpResponse<byte[]> r) {
        String body = TestGateway.text(r);
        assertEquals(400, r.statusCode(), body);
        assertFalse(body.contains(MARKER), "entity target content echoed: " + body);
        assertFalse(body.contains("root:x:0:0"), "/etc/passwd echoed: " + body);
    }

    @Test
    void malformedPropfindIs400() {
        assert400NoLeak(gw.propfind("/data/x/file", "0", "<D:propfind xmlns:D=\"DAV:\"><D:prop>"));
        assert400NoLeak(gw.propfind("/data/x/file", "0", "this is not xml"));
        assert400NoLeak(gw.propfind("/data/x/file", "0", "<D:propfind xmlns:D=\"DAV:\"><D:prop></D:propfind>"));
    }

    @Test
    void wrongDocumentElementIs400() {
        assert400NoLeak(gw.propfind("/data/x/file", "0", "<D:propertyupdate xmlns:D=\"DAV:\"/>"));
        assert400NoLeak(gw.propfind("/data/x/file", "0", "<propfind><prop/></propfind>"));
    }

    @Test
    void externalEntityToEtcPasswdIs400() {
        String body = """
                <?xml version="1.0"?>
                <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
                <D:propfind xmlns:D="DAV:"><D:prop><X:a xmlns:X="urn:x">&e;</X:a></D:prop></D:propfind>""";
        assert400NoLeak(gw.propfind("/data/x/file", "0", body));
    }

    @Test
    void externalEntityToALocalFileIs400() {
        String body = "<?xml version=\"1.0\"?>\n<!DOCTYPE D:propfind [<!ENTITY e SYSTEM \"" + secret.toUri()
                + "\">]>\n<D:propfind xmlns:D=\"DAV:\"><D:prop><X:a xmlns:X=\"urn:x\">&e;</X:a></D:prop></D:propfind>";
        assert400NoLeak(gw.propfind("/data/x/file", "0", body));
    }

    @Test
    void entityExpansionBombIs400() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        String prev = "lol";
        for (int i = 1; i <= 9; i++) {
            sb.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) sb.append('&').append(prev).append(';');
            sb.append("\">");
            prev = "lol" + i;
        }
        sb.append("]>\n<D:propfind xmlns:D=\"DAV:\"><D:prop><X:a xmlns:X=\"urn:x\">&").append(prev)
                .append(";</X:a></D:prop></D:propfind>");
        assert400NoLeak(gw.propfind("/data/x/file", "0", sb.toString()));
    }

    @Test
    void proppatchWithExternalEntityIs400AndStoresNothing() {
        String body = """
                <?xml version="1.0"?>
                <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
                <D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><X:leak xmlns:X="urn:x">&e;</X:leak></D:prop></D:set>
                </D:propertyupdate>""";
        assert400NoLeak(gw.send("PROPPATCH", "/data/x/file", body, "Content-Type", "application/xml"));
        String ask = "<D:propfind xmlns:D=\"DAV:\"><D:prop><X:leak xmlns:X=\"urn:x\"/></D:prop></D:propfind>";
        HttpResponse<byte[]> r = gw.propfind("/data/x/file", "0", ask);
        assertEquals(207, r.statusCode());
        assertFalse(TestGateway.text(r).contains("root:"), TestGateway.text(r));
        assertEquals(404, Multistatus.parse(r.body()).responses().getFirst()
                .propstatOf("urn:x", "leak").orElseThrow().code());
    }

    @Test
    void malformedProppatchIs400() {
        assert400NoLeak(gw.send("PROPPATCH", "/data/x/file", "<D:propertyupdate xmlns:D=\"DAV:\"><D:set>",
                "Content-Type", "application/xml"));
        assert400NoLeak(gw.send("PROPPATCH", "/data/x/file", "", "Content-Type", "application/xml"));
    }

    @Test
    void aGoodBodyStillWorksAfterBadOnes() {
        String body = "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getcontentlength/></D:prop></D:propfind>";
        assertEquals("7", gw.propfind207("/data/x/file", "0", body).responses().getFirst().dav("getcontentlength").orElseThrow());
    }
}
