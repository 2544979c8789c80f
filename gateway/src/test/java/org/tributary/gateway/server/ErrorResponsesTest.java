package org.tributary.gateway.server;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every failure the pipeline maps becomes a status plus one plain-text line (ErrorResponses), never a stack trace
 * or a host path; HEAD errors have no body.
 */
class ErrorResponsesTest extends DefaultGatewayTest {

    @BeforeAll
    static void seed() throws Exception {
        assertEquals(201, gw.put("/data/afile", "x").statusCode());
        Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(gw.root().resolve("out"), dir.resolve("elsewhere"));
    }

    /** A sample of failing requests, one per kind of failure. */
    private static List<HttpResponse<byte[]>> failures() {
        List<HttpResponse<byte[]>> out = new ArrayList<>();
        out.add(gw.get("/data/missing"));                                        // 404 not found
        out.add(gw.put("/data/afile/below", "x"));                               // 409 file in the way
        out.add(gw.mkcol("/data/no/parent"));                                    // 409 parent missing
        out.add(gw.delete("/data/"));                                            // 403 area root
        out.add(gw.get("/data/out/x"));                                          // 403/404 link out of the root
        out.add(gw.put("/data/out/x", "x"));                                     // 403 link out of the root
        out.add(gw.put("/data/sum", "x", "Digest", "adler32=00000001"));         // 400 checksum mismatch
        out.add(gw.propfind("/data/", "infinity", ""));                          // 403 finite depth
        out.add(gw.propfind("/data/", "0", "<not-xml"));                         // 400 bad XML
        out.add(gw.get("/data/afile", "If-Match", "\"nope\""));                  // 412
        out.add(gw.get("/data/afile", "Range", "bytes=100-200"));                // 416
        return out;
    }

    @Test
    void errorBodiesAreOneLineOfText() {
        for (HttpResponse<byte[]> r : failures()) {
            String what = r.request().method() + " " + r.request().uri().getPath() + " -> " + r.statusCode();
            assertTrue(r.statusCode() >= 400, what);
            if (r.statusCode() == 403 && r.request().method().equals("PROPFIND")) continue; // DAV:error XML body
            String ct = r.headers().firstValue("Content-Type").orElse("");
            assertTrue(ct.startsWith("text/plain"), what + ": " + ct);
            String body = TestGateway.text(r);
            assertTrue(body.endsWith("\n") && body.indexOf('\n') == body.length() - 1, what + ": one line: " + body);
            assertFalse(body.isBlank(), what + ": a reason");
        }
    }

    @Test
    void errorBodiesNeverShowHostPathsOrStackTraces() {
        String hostDir = dir.toString();
        for (HttpResponse<byte[]> r : failures()) {
            String body = TestGateway.text(r);
            String what = r.request().method() + " " + r.request().uri().getPath();
            assertFalse(body.contains(hostDir), what + " shows a host path: " + body);
            assertFalse(body.contains("Exception"), what + " shows an exception: " + body);
            assertFalse(body.contains("\tat "), what + " shows a stack trace: " + body);
        }
    }

    @Test
    void headErrorHasNoBody() throws Exception {
        RawHttp.Response r = gw.raw("HEAD", "/data/missing", null);
        assertEquals(404, r.status());
        assertEquals(0, r.body().length);
        // and nothing follows on the wire: a body after a HEAD response would corrupt the next response
        try (java.net.Socket s = RawHttp.connect(gw.port())) {
            s.getOutputStream().write(RawHttp.head(gw.port(), "HEAD", "/data/missing", null));
            RawHttp.Response first = RawHttp.read(s.getInputStream(), true);
            assertEquals(404, first.status());
            assertEquals(-1, s.getInputStream().read(), "no bytes after the HEAD response");
        }
    }

    @Test
    void errorsCarryContentLength() {
        HttpResponse<byte[]> r = gw.get("/data/missing");
        assertEquals(String.valueOf(r.body().length), r.headers().firstValue("Content-Length").orElse(null));
    }
}
