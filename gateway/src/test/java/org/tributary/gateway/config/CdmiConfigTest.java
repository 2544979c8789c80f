package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.tributary.gateway.config.ConfigTestSupport.AREA;
import static org.tributary.gateway.config.ConfigTestSupport.errorOf;
import static org.tributary.gateway.config.ConfigTestSupport.parse;

import org.junit.jupiter.api.Test;

/** The cdmi section: on at /cdmi by default, a path of its own outside every access point. */
class CdmiConfigTest {

    @Test
    void onAtSlashCdmiByDefault() throws Exception {
        assertEquals(new CdmiConfig(true, "/cdmi"), parse(AREA).cdmi());
        assertEquals(new CdmiConfig(true, "/api/cdmi"), parse(AREA + "cdmi: {path: /api/cdmi/}").cdmi());
        assertFalse(parse(AREA + "cdmi: {enabled: false}").cdmi().enabled());
    }

    @Test
    void aPathInsideAnAccessPointOrAClassPointIsRefused() {
        assertEquals("cdmi.path: '/data/cdmi' overlaps access point '/data' of storage area 'data'; choose a path"
                + " outside every area (cdmi.path), or cdmi.enabled: false", errorOf(AREA + "cdmi: {path: /data/cdmi}"));
        assertEquals("cdmi.path: '/fast' overlaps access point '/fast' of storage area 'data'; choose a path outside"
                + " every area (cdmi.path), or cdmi.enabled: false", errorOf(AREA.replace("root: /srv/data}",
                "root: /srv/data}\n    qos: {classes: [{name: FAST, placement: disk, access-point: /fast}]}")
                + "cdmi: {path: /fast}"));
        assertEquals("cdmi.path: '/' is not allowed; '/' is reserved for the gateway's own endpoints, use a prefix"
                        + " such as /data",
                errorOf(AREA + "cdmi: {path: /}"));
        assertEquals("cdmi.url: unknown key; allowed keys here: enabled, path",
                errorOf(AREA + "cdmi: {url: /x}"));
    }

    @Test
    void anAreaAtSlashCdmiNeedsCdmiMovedOrOff() throws Exception {
        String area = AREA.replace("/data]", "/cdmi]");
        assertEquals("cdmi.path: '/cdmi' overlaps access point '/cdmi' of storage area 'data'; choose a path outside"
                + " every area (cdmi.path), or cdmi.enabled: false", errorOf(area));
        assertFalse(parse(area + "cdmi: {enabled: false}").cdmi().enabled());
    }
}
