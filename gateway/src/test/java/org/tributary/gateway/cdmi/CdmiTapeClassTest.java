package org.tributary.gateway.cdmi;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.TestGateway;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.server.GatewayServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Class changes that move bytes: a tape-sim area with the KM3NeT classes FAST (disk), SAFE (disk+tape) and
 * CHEAP-ANALYSIS (tape), its library clock sped up. A change by CDMI is answered at once and completes in the
 * background: until then the object is "Processing" in the class it still has, with the new one as
 * {@code cdmi_capabilities_target}; then "Complete" in the new class, its bytes where the class says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CdmiTapeClassTest {

    @TempDir
    static Path dir;
    GatewayServer server;
    String base;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        Path buffer = Files.createDirectories(dir.resolve("buffer")).toRealPath();
        Path library = Files.createDirectories(dir.resolve("library")).toRealPath();
        String yaml = "server: {bind: 127.0.0.1, http: {port: 18080}, access-log: off, shutdown-grace: 0s}\n"
                + "storage-areas:\n"
                + "  - name: km3net\n    access-points: [/km3net]\n    anonymous: read-write\n"
                + "    backend: {type: tape-sim, buffer: \"" + buffer + "\", library: \"" + library + "\", drives: 1,"
                + " time-scale: 100000, buffer-capacity: 1GiB, migrate-after: 0s, migrate-batch-bytes: 0,"
                + " migrate-max-delay: 0s}\n"
                + "    qos: {default-class: FAST, classes: [{name: FAST, placement: disk, access-point: /km3net/fast},"
                + " {name: SAFE, placement: disk+tape, access-point: /km3net/safe},"
                + " {name: CHEAP-ANALYSIS, placement: tape, access-point: /km3net/cheap}]}\n"
                + "tape-rest: {sitename: TEST, state-directory: \"" + dir.resolve("state") + "\"}\n";
        GatewayConfig parsed = GatewayConfig.parse(yaml, "cdmi-tape.yaml");
        server = new GatewayServer(new GatewayConfig(parsed.server().withHttpPort(0), parsed.areas(), parsed.tokens(),
                parsed.tpc(), parsed.tapeRest(), parsed.site(), parsed.cdmi()));
        try {
            server.start();
        } catch (Exception e) {
            server.close();
            server = null;
            throw e;
        }
        base = "http://127.0.0.1:" + server.httpPort();
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) server.close();
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) b.headers(headers);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    Map<String, Object> object(String path) throws Exception {
        HttpResponse<String> r = send("GET", "/cdmi" + path, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSONObjectUtils.parse(r.body());
    }

    static String meta(Map<String, Object> o, String key) {
        Object v = ((Map<?, ?>) o.get("metadata")).get(key);
        return v == null ? null : v.toString();
    }

    /** Changes the class, checks the answer while it is under way, and waits for it to complete. */
    void changeAndWait(String path, String from, String to, String locality) throws Exception {
        HttpResponse<String> r = send("PUT", "/cdmi" + path, "{\"capabilitiesURI\":\"/cdmi_capabilities/dataobject/"
                + to + "\"}", "Content-Type", "application/cdmi-object");
        assertEquals(204, r.statusCode(), r.body());
        Map<String, Object> o = object(path);
        if ("Processing".equals(o.get("completionStatus"))) {
            assertEquals("/cdmi_capabilities/dataobject/" + from, o.get("capabilitiesURI"), o.toString());
            assertEquals("/cdmi_capabilities/dataobject/" + to, meta(o, "cdmi_capabilities_target"), o.toString());
        }
        assertTrue(TestGateway.eventually(() -> {
            try {
                Map<String, Object> now = object(path);
                return "Complete".equals(now.get("completionStatus"))
                        && ("/cdmi_capabilities/dataobject/" + to).equals(now.get("capabilitiesURI"))
                        && locality.equals(meta(now, "tributary_locality"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }), "no complete change to " + to + ": " + object(path));
    }

    @Test
    void km3netFastToSafeToCheapAnalysis() throws Exception {
        assertEquals(201, send("PUT", "/km3net/fast/run7/f", "detector bytes").statusCode());
        assertEquals("/cdmi_capabilities/dataobject/FAST", object("/km3net/fast/run7/f").get("capabilitiesURI"));
        changeAndWait("/km3net/fast/run7/f", "FAST", "SAFE", "DISK_AND_TAPE");
        changeAndWait("/km3net/fast/run7/f", "SAFE", "CHEAP-ANALYSIS", "TAPE");
        assertEquals(200, send("HEAD", "/km3net/fast/run7/f", null).statusCode(), "still there, on tape");
    }
}
