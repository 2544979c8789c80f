package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Access points are normalised, and two of them may never be able to claim the same URL. */
class AccessPointTest {

    private static String areas(String first, String second) {
        return """
                storage-areas:
                  - name: one
                    access-points: %s
                    backend: {type: posix, root: /srv/one}
                  - name: two
                    access-points: %s
                    backend: {type: posix, root: /srv/two}
                """.formatted(first, second);
    }

    @Test
    void normalisation() {
        assertEquals("/data", AccessPoint.normalise("/data"));
        assertEquals("/data", AccessPoint.normalise("data"));
        assertEquals("/data", AccessPoint.normalise("/data/"));
        assertEquals("/atlas/scratch", AccessPoint.normalise(" /atlas/scratch "));
    }

    @Test
    void malformedPrefixesAreRefusedNotRepaired() {
        assertEquals("'/a//b' contains '//'; write each '/' once",
                assertThrows(IllegalArgumentException.class, () -> AccessPoint.normalise("/a//b")).getMessage());
        assertEquals("'/a/../b' contains a '..' segment; write the path without dot segments",
                assertThrows(IllegalArgumentException.class, () -> AccessPoint.normalise("/a/../b")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> AccessPoint.normalise("/a b"));
        assertThrows(IllegalArgumentException.class, () -> AccessPoint.normalise("/a%2Fb"));
        assertThrows(IllegalArgumentException.class, () -> AccessPoint.normalise("/.well-known"));
        assertThrows(IllegalArgumentException.class, () -> AccessPoint.normalise("/.tributary-tmp"));
    }

    @Test
    void rootIsReserved() {
        assertEquals("storage-areas[0].access-points[0]: '/' is not allowed; '/' is reserved for the gateway's own"
                + " endpoints, use a prefix such as /data", ConfigTestSupport.errorOf(areas("[/]", "[/two]")));
    }

    @Test
    void componentWisePrefixTest() {
        assertTrue(AccessPoint.covers("/data", "/data"));
        assertTrue(AccessPoint.covers("/data", "/data/x"));
        assertFalse(AccessPoint.covers("/data", "/database"));
        assertFalse(AccessPoint.covers("/data/x", "/data"));
    }

    @Test
    void twoAreasCannotShareAnAccessPoint() {
        assertEquals("storage-areas[1].access-points[1]: '/data' is already an access point of area 'one'"
                        + " (storage-areas[0]); each URL prefix can serve one area",
                ConfigTestSupport.errorOf(areas("[/data]", "[/two, /data/]")));
    }

    @Test
    void nestedAccessPointsAreAmbiguous() {
        assertEquals("storage-areas[1].access-points[0]: '/data/x' overlaps access point '/data' of area 'one'"
                        + " (storage-areas[0]); a URL under the inner one would be ambiguous, so use prefixes where"
                        + " neither contains the other (e.g. /data and /data2, not /data and /data/x)",
                ConfigTestSupport.errorOf(areas("[/data]", "[/data/x]")));
        // The same, declared the other way round.
        assertTrue(ConfigTestSupport.errorOf(areas("[/data/x]", "[/data]"))
                .startsWith("storage-areas[1].access-points[0]: '/data' overlaps access point '/data/x'"));
    }

    @Test
    void aSharedStringPrefixIsFine() throws Exception {
        GatewayConfig config = ConfigTestSupport.parse(areas("[/data]", "[/database]"));
        assertEquals(List.of("/database"), config.area("two").orElseThrow().accessPoints());
    }

    @Test
    void withinOneAreaToo() {
        assertEquals("storage-areas[0].access-points[1]: '/data' is listed twice",
                ConfigTestSupport.errorOf(areas("[/data, data/]", "[/two]")));
        assertTrue(ConfigTestSupport.errorOf(areas("[/data, /data/x]", "[/two]"))
                .startsWith("storage-areas[0].access-points[1]: '/data/x' overlaps access-points[0] '/data'"));
    }

    @Test
    void atLeastOne() {
        assertEquals("storage-areas[0].access-points: at least one is required, e.g. access-points: [/data]",
                ConfigTestSupport.errorOf(areas("[]", "[/two]")));
    }

    @Test
    void areaNamesAreUnique() {
        assertEquals("storage-areas[1].name: 'data' is already the name of storage-areas[0]; area names must be"
                + " unique", ConfigTestSupport.errorOf(ConfigTestSupport.AREA + """
                          - name: data
                            access-points: [/other]
                            backend: {type: posix, root: /srv/other}
                        """));
    }
}
