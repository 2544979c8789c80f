package org.tributary.gateway.report;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.Multistatus;
import org.tributary.gateway.TestGateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reporting (issue 13 item 6): the SRR document at /api/v1/srr, one share per area and per class with measured sizes,
 * and RFC 4331 quota properties of a class view that are the class's own, not the area's.
 */
class StorageReportTest {

    @TempDir
    Path dir;
    static TestGateway gw;

    // one gateway per test: the sizes each test checks are its own
    @BeforeEach
    void start() throws Exception {
        gw = TestGateway.in(dir)
                .area("data", "quota: 1MiB", "qos: {classes: [{name: FAST, placement: disk, access-point: /data/fast},"
                        + " {name: CHEAP-ANALYSIS, placement: disk, access-point: /cheap}]}")
                .area("plain", "read-only: true", "anonymous: read").start();
    }

    @AfterEach
    void stop() throws Exception {
        gw.close();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> service() throws Exception {
        var r = gw.get("/api/v1/srr");
        assertEquals(200, r.statusCode(), TestGateway.text(r));
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        return (Map<String, Object>) JSONObjectUtils.parse(TestGateway.text(r)).get("storageservice");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> share(String name) throws Exception {
        for (Object o : (List<Object>) service().get("storageshares")) {
            Map<String, Object> s = (Map<String, Object>) o;
            if (s.get("name").equals(name)) return s;
        }
        throw new AssertionError("no share " + name);
    }

    /** Polls until the share's used size passes the test: class usage is measured in the background. */
    static Map<String, Object> awaitShare(String name, Predicate<Long> used) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            Map<String, Object> s = share(name);
            if (s.get("usedsize") instanceof Number n && used.test(n.longValue())) return s;
            if (System.nanoTime() > deadline) throw new AssertionError(name + ": usedsize still " + s.get("usedsize"));
            Thread.sleep(50);
        }
    }

    static long classQuotaUsed(String collection) {
        Multistatus.Resp r = gw.propfind207(collection, "0", "").responses().getFirst(); // allprop, as Rucio asks
        return r.dav("quota-used-bytes").map(Long::parseLong).orElse(-1L);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theServiceItsEndpointAndOneSharePerAreaAndClass() throws Exception {
        Map<String, Object> s = service();
        assertEquals("TRIBUTARY", s.get("name"));
        assertEquals("tributary-se", s.get("id"));
        assertEquals("disk", s.get("servicetype"));
        assertEquals("tributary", s.get("implementation"));
        List<Object> endpoints = (List<Object>) s.get("storageendpoints");
        assertEquals(1, endpoints.size(), "plain http only");
        Map<String, Object> e = (Map<String, Object>) endpoints.getFirst();
        assertEquals("http://127.0.0.1:" + gw.port() + "/", e.get("endpointurl"));
        assertEquals("http", e.get("interfacetype"));
        List<String> names = ((List<Object>) s.get("storageshares")).stream()
                .map(o -> (String) ((Map<String, Object>) o).get("name")).toList();
        assertEquals(List.of("data", "data.fast", "data.cheap-analysis", "plain"), names);
        Map<String, Object> cheap = share("data.cheap-analysis");
        assertEquals(List.of("/cheap"), cheap.get("path"));
        assertEquals(List.of(), cheap.get("vos"), "no token issuer accepts this area");
        assertEquals("open", cheap.get("servingstate"));
        assertEquals("readonly", share("plain").get("servingstate"));
        Map<String, Object> online = (Map<String, Object>) ((Map<String, Object>) s.get("storagecapacity")).get("online");
        assertTrue(((Number) online.get("totalsize")).longValue() >= 1 << 20, online.toString());
    }

    @Test
    void aClassShareAndItsCollectionsCountTheClassOnly() throws Exception {
        assertEquals(201, gw.put("/data/fast/run/a", new byte[3000]).statusCode());
        assertEquals(201, gw.put("/data/outside", new byte[500]).statusCode());
        Map<String, Object> fast = awaitShare("data.fast", u -> u == 3000);
        Map<String, Object> area = awaitShare("data", u -> u == 3500);
        assertEquals(1L << 20, ((Number) area.get("totalsize")).longValue(), "the area's quota");
        // a class may fill what its area has left
        assertEquals(3000 + (1L << 20) - 3500, ((Number) fast.get("totalsize")).longValue());
        assertEquals(0L, ((Number) awaitShare("data.cheap-analysis", u -> u == 0).get("usedsize")).longValue());

        assertTrue(TestGateway.eventually(() -> classQuotaUsed("/data/fast/") == 3000), "" + classQuotaUsed("/data/fast/"));
        assertEquals(0, classQuotaUsed("/cheap/"));
        assertEquals(3500, classQuotaUsed("/data/"), "the area's own access point counts the whole storage");
    }

    @Test
    void writtenBehindTheClassViewShowsAtTheNextMeasurement() throws Exception {
        // through the area's own access point, into the class directory: not through the view's layers
        assertEquals(201, gw.put("/data/CHEAP-ANALYSIS/b", new byte[700]).statusCode());
        Files.writeString(gw.root("data").resolve("CHEAP-ANALYSIS/c"), "x".repeat(300));
        // a write through the view asks for a new measurement, which finds all three
        assertEquals(201, gw.put("/cheap/d", new byte[1]).statusCode());
        assertTrue(TestGateway.eventually(() -> classQuotaUsed("/cheap/") == 1001), "" + classQuotaUsed("/cheap/"));
    }

    @Test
    void onlyReadsAreServedAndAnonymousCallersMayRead() {
        var r = gw.send("POST", "/api/v1/srr", "{}");
        assertEquals(405, r.statusCode());
        assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(""));
        var head = gw.head("/api/v1/srr");
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
        assertEquals(404, gw.get("/api/v1/srr/x").statusCode());
        assertFalse(TestGateway.text(gw.get("/api/v1/srr")).contains("null"));
    }
}
