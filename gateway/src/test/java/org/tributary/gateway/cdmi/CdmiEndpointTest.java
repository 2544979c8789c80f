package org.tributary.gateway.cdmi;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CDMI subset gfal2's QoS calls use, against a real gateway: a POSIX area "data" with two disk classes (FAST at
 * /data/fast, CHEAP-ANALYSIS at /cheap) and an area "plain" without classes that anonymous callers may only read. A
 * change between disk classes completes at once, so it shows as the new class and as the override attribute of the
 * file (tape placement: {@link CdmiTapeClassTest}).
 */
class CdmiEndpointTest {

    static final String OBJECT = "application/cdmi-object";

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.in(dir).area("data", "qos: {classes: [{name: FAST, placement: disk, access-point: /data/fast},"
                        + " {name: CHEAP-ANALYSIS, placement: disk, access-point: /cheap}]}")
                .area("plain", "anonymous: read").start();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    static Map<String, Object> json(HttpResponse<byte[]> r) throws Exception {
        String text = TestGateway.text(r);
        assertFalse(text.contains("null"), "never a null field: " + text);
        return JSONObjectUtils.parse(text);
    }

    static HttpResponse<byte[]> change(String path, String uri) {
        return gw.put(path, "{\"capabilitiesURI\":\"" + uri + "\"}", "Content-Type", OBJECT);
    }

    @Test
    void theCapabilitiesListTheClassesOfEveryArea() throws Exception {
        HttpResponse<byte[]> r = gw.get("/cdmi/cdmi_capabilities/dataobject");
        assertEquals(200, r.statusCode(), TestGateway.text(r));
        assertEquals(List.of("FAST", "CHEAP-ANALYSIS", "disk"), json(r).get("children"));
        // gfal2 and users may add a slash; the front door drops it
        assertEquals(List.of("FAST", "CHEAP-ANALYSIS", "disk"),
                json(gw.get("/cdmi/cdmi_capabilities/container/")).get("children"));
    }

    @Test
    void aClassNamesItsTransitions() throws Exception {
        Map<String, Object> fast = json(gw.get("/cdmi/cdmi_capabilities/dataobject/FAST"));
        Map<?, ?> meta = (Map<?, ?>) fast.get("metadata");
        assertEquals(List.of("/cdmi_capabilities/dataobject/CHEAP-ANALYSIS"), meta.get("cdmi_capabilities_allowed"));
        assertEquals(Map.of("data", "disk"), meta.get("tributary_placement"));
        Map<?, ?> disk = (Map<?, ?>) json(gw.get("/cdmi/cdmi_capabilities/dataobject/disk")).get("metadata");
        assertEquals(List.of(), disk.get("cdmi_capabilities_allowed"), "an area without classes has no transitions");
        HttpResponse<byte[]> none = gw.get("/cdmi/cdmi_capabilities/dataobject/TAPE");
        assertEquals(404, none.statusCode());
        assertTrue(TestGateway.text(none).contains("no QoS class 'TAPE' here; the classes are FAST, CHEAP-ANALYSIS,"
                + " disk"), TestGateway.text(none));
    }

    @Test
    void aFileShowsItsClassAndChangesItOnRequest() throws Exception {
        assertEquals(201, gw.put("/data/fast/run/f1", "bytes").statusCode());
        Map<String, Object> o = json(gw.get("/cdmi/data/fast/run/f1"));
        assertEquals("application/cdmi-object", o.get("objectType"));
        assertEquals("f1", o.get("objectName"));
        assertEquals("/cdmi/data/fast/run/", o.get("parentURI"));
        assertEquals("/cdmi_capabilities/dataobject/FAST", o.get("capabilitiesURI"));
        assertEquals("Complete", o.get("completionStatus"));
        assertFalse(((Map<?, ?>) o.get("metadata")).containsKey("cdmi_capabilities_target"));
        assertEquals("FAST", classProperty("/data/fast/run/f1"));

        HttpResponse<byte[]> put = change("/cdmi/data/fast/run/f1", "/cdmi_capabilities/dataobject/CHEAP-ANALYSIS");
        assertEquals(204, put.statusCode(), TestGateway.text(put));
        assertEquals("/cdmi_capabilities/dataobject/CHEAP-ANALYSIS",
                json(gw.get("/cdmi/data/fast/run/f1")).get("capabilitiesURI"));
        Path file = gw.root("data").resolve("fast/run/f1");
        assertEquals("CHEAP-ANALYSIS", override(file));
        assertEquals("CHEAP-ANALYSIS", classProperty("/data/fast/run/f1"));

        // back to the class of its directory: the override goes
        assertEquals(204, change("/cdmi/data/fast/run/f1", "/cdmi_capabilities/dataobject/FAST").statusCode());
        assertEquals(null, override(file));
        assertEquals("/cdmi_capabilities/dataobject/FAST", json(gw.get("/cdmi/data/fast/run/f1")).get("capabilitiesURI"));
    }

    /** Also: a change through the area's own access point shows through the class's (one file, one class). */
    @Test
    void aCapabilitiesUriIsAcceptedInEachFormAnAnswerGivesIt() throws Exception {
        assertEquals(201, gw.put("/cheap/forms", "x").statusCode());
        for (String uri : List.of("/cdmi_capabilities/dataobject/FAST/", "/cdmi/cdmi_capabilities/dataobject/FAST",
                gw.base() + "/cdmi/cdmi_capabilities/dataobject/FAST")) {
            assertEquals(204, change("/cdmi/data/CHEAP-ANALYSIS/forms", uri).statusCode(), uri);
            assertEquals("/cdmi_capabilities/dataobject/FAST", json(gw.get("/cdmi/cheap/forms")).get("capabilitiesURI"));
            assertEquals(204, change("/cdmi/cheap/forms", "/cdmi_capabilities/dataobject/CHEAP-ANALYSIS").statusCode());
        }
    }

    @Test
    void badRequestsGetAOneLineReasonAndChangeNothing() throws Exception {
        assertEquals(201, gw.put("/data/fast/bad", "x").statusCode());
        Path file = gw.root("data").resolve("fast/bad");
        expect(400, "capabilitiesURI '/elsewhere/FAST' names no class",
                change("/cdmi/data/fast/bad", "/elsewhere/FAST"));
        expect(409, "storage area 'data' has no QoS class 'TAPE'; its classes are FAST, CHEAP-ANALYSIS",
                change("/cdmi/data/fast/bad", "/cdmi_capabilities/dataobject/TAPE"));
        expect(415, "a class change is a PUT with Content-Type: application/cdmi-object",
                gw.put("/cdmi/data/fast/bad", "{\"capabilitiesURI\":\"/cdmi_capabilities/dataobject/FAST\"}",
                        "Content-Type", "application/json"));
        expect(400, "the body is not a JSON object", gw.put("/cdmi/data/fast/bad", "FAST", "Content-Type", OBJECT));
        expect(400, "'metadata' cannot be changed here", gw.put("/cdmi/data/fast/bad",
                "{\"capabilitiesURI\":\"/cdmi_capabilities/dataobject/FAST\",\"metadata\":{}}", "Content-Type", OBJECT));
        expect(409, "/data/fast is a collection; a QoS class belongs to each file",
                change("/cdmi/data/fast", "/cdmi_capabilities/dataobject/CHEAP-ANALYSIS"));
        expect(404, "no such file or collection: /data/fast/missing",
                change("/cdmi/data/fast/missing", "/cdmi_capabilities/dataobject/FAST"));
        expect(404, "no storage area at '/nowhere/f'", gw.get("/cdmi/nowhere/f"));
        expect(405, "DELETE is not allowed here", gw.delete("/cdmi/data/fast/bad"));
        assertEquals(null, override(file));
        assertEquals("x", Files.readString(file));
        assertEquals("/cdmi_capabilities/dataobject/FAST", json(gw.get("/cdmi/data/fast/bad")).get("capabilitiesURI"));
    }

    @Test
    void aCollectionIsInTheClassOfItsDirectory() throws Exception {
        assertEquals(201, gw.put("/cheap/d/f", "x").statusCode());
        Map<String, Object> c = json(gw.get("/cdmi/cheap/d/"));
        assertEquals("application/cdmi-container", c.get("objectType"));
        assertEquals("d/", c.get("objectName"));
        assertEquals("/cdmi_capabilities/container/CHEAP-ANALYSIS", c.get("capabilitiesURI"));
        assertEquals("/cdmi_capabilities/container/FAST", json(gw.get("/cdmi/data/fast")).get("capabilitiesURI"));
        assertEquals("/cdmi_capabilities/container/FAST", json(gw.get("/cdmi/data")).get("capabilitiesURI"),
                "outside every class directory: the default class");
    }

    @Test
    void anAreaWithoutClassesHasItsLabelAndAnonymousMayOnlyLook() throws Exception {
        Files.writeString(gw.root("plain").resolve("p"), "x");
        Map<String, Object> o = json(gw.get("/cdmi/plain/p"));
        assertEquals("/cdmi_capabilities/dataobject/disk", o.get("capabilitiesURI"));
        assertEquals("disk", classProperty("/plain/p"), "asked for by name");
        // the change is a modification: anonymous callers of a read-only-for-them area are asked to authenticate
        HttpResponse<byte[]> r = change("/cdmi/plain/p", "/cdmi_capabilities/dataobject/disk");
        assertEquals(401, r.statusCode(), TestGateway.text(r));
    }

    @Test
    void anAreaWithoutClassesRefusesAnotherClass(@TempDir Path other) throws Exception {
        try (TestGateway g = TestGateway.in(other).area("open").start()) {
            Files.writeString(g.root("open").resolve("p"), "x");
            assertEquals(204, g.put("/cdmi/open/p", "{\"capabilitiesURI\":\"/cdmi_capabilities/dataobject/disk\"}",
                    "Content-Type", OBJECT).statusCode(), "its own class: nothing to do");
            HttpResponse<byte[]> r = g.put("/cdmi/open/p",
                    "{\"capabilitiesURI\":\"/cdmi_capabilities/dataobject/FAST\"}", "Content-Type", OBJECT);
            assertEquals(409, r.statusCode());
            assertTrue(TestGateway.text(r).contains("storage area 'open' has no QoS classes: every file of it is"
                    + " 'disk'"), TestGateway.text(r));
        }
    }

    @Test
    void propfindShowsTheClassOfFilesInClassAreasUnasked() throws Exception {
        assertEquals(201, gw.put("/cheap/pf/shown", "x").statusCode());
        String all = TestGateway.text(gw.propfind("/cheap/pf/shown", "0", null));
        assertTrue(all.contains("<qos-class xmlns=\"https://tributary.invalid/ns/qos\">CHEAP-ANALYSIS</qos-class>"),
                all);
        String listing = TestGateway.text(gw.propfind("/cheap/pf/", "1", null));
        assertEquals(1, listing.split("qos-class", -1).length / 2,
                "the collection has none, the file has it: " + listing);
        String plain = TestGateway.text(gw.propfind("/plain/", "1", null));
        assertFalse(plain.contains("qos-class"), "no classes: shown only when asked for: " + plain);
    }

    static void expect(int status, String reason, HttpResponse<byte[]> r) {
        assertEquals(status, r.statusCode(), TestGateway.text(r));
        assertTrue(TestGateway.text(r).contains(reason), TestGateway.text(r));
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    static String classProperty(String path) {
        String body = "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\" xmlns:Q=\"https://tributary.invalid/ns/qos\">"
                + "<D:prop><Q:qos-class/></D:prop></D:propfind>";
        String x = TestGateway.text(gw.propfind(path, "0", body));
        int i = x.indexOf("qos-class");
        int start = x.indexOf('>', i) + 1;
        return x.substring(start, x.indexOf('<', start));
    }

    /** The override attribute as the posix backend keeps it (an xattr), or null. */
    static String override(Path file) throws Exception {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        for (String n : v.list()) {
            if (n.contains("qos-class")) {
                var b = java.nio.ByteBuffer.allocate(v.size(n));
                v.read(n, b);
                return new String(b.array(), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
