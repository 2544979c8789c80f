package org.tributary.gateway.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The site section (SRR service name and id, SRR path): defaults, refusals, round trip. */
class SiteConfigTest {

    @Test
    void absentMeansTheDefaultNameAndDCachesPath() throws Exception {
        SiteConfig s = ConfigTestSupport.parse(ConfigTestSupport.AREA).site();
        assertEquals(new SiteConfig("TRIBUTARY", "tributary-se", "/api/v1/srr"), s);
        assertFalse(ConfigTestSupport.parse(ConfigTestSupport.AREA).toYaml().contains("site:"),
                "an absent section stays absent in check-config's output");
    }

    @Test
    void withoutANameTheTapeRestSitenameIsTheSitesName() throws Exception {
        SiteConfig s = ConfigTestSupport.parse(ConfigTestSupport.AREA
                + "tape-rest: {sitename: EXAMPLE-TAPE, state-directory: /x}\n").site();
        assertEquals("EXAMPLE-TAPE", s.name());
        assertEquals("example-tape-se", s.id());
    }

    @Test
    void aGivenSiteIsKeptAndWrittenBack() throws Exception {
        GatewayConfig c = ConfigTestSupport.parse(ConfigTestSupport.AREA
                + "site: {name: EXAMPLE-SITE, id: example-webdav, srr-path: /info/srr/}\n");
        assertEquals(new SiteConfig("EXAMPLE-SITE", "example-webdav", "/info/srr"), c.site());
        assertTrue(c.toYaml().contains("site:\n  name: EXAMPLE-SITE\n  id: example-webdav\n  srr-path: /info/srr\n"),
                c.toYaml());
        assertEquals(c, GatewayConfig.parse(c.toYaml(), "check-config"));
    }

    @Test
    void theSrrPathMayNotOverlapAnAreaOrAClassOrTapeRest() {
        String e = ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "site: {srr-path: /data/srr}\n");
        assertEquals("site.srr-path: '/data/srr' overlaps access point '/data' of storage area 'data'; choose a path"
                + " outside every area, e.g. /api/v1/srr", e);
        e = ConfigTestSupport.errorOf(ConfigTestSupport.AREA.replace("backend:", "qos: {classes: [{name: FAST,"
                + " placement: disk, access-point: /api}]}\n    backend:"));
        assertTrue(e.startsWith("site.srr-path: '/api/v1/srr' overlaps access point '/api' of storage area 'data'"), e);
        e = ConfigTestSupport.errorOf(ConfigTestSupport.AREA
                + "tape-rest: {state-directory: /x, path: /api/v1}\n");
        assertEquals("site.srr-path: '/api/v1/srr' overlaps the Tape REST path '/api/v1'; use e.g. /api/v1/srr", e);
    }

    @Test
    void badNamesAreRefusedWithTheKey() {
        String e = ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "site: {name: 'my site'}\n");
        assertTrue(e.startsWith("site.name: 'my site' is not allowed; use letters, digits"), e);
        e = ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "site: {srr-path: srr}\n");
        assertTrue(e.startsWith("site.srr-path: 'srr' is not allowed; use an absolute URL path"), e);
        e = ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "site: {nme: X}\n");
        assertTrue(e.contains("nme"), e);
    }
}
