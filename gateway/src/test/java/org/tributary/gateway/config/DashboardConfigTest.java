package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.tributary.gateway.config.ConfigTestSupport.AREA;
import static org.tributary.gateway.config.ConfigTestSupport.errorOf;
import static org.tributary.gateway.config.ConfigTestSupport.parse;

import org.junit.jupiter.api.Test;

import java.util.List;

/** The dashboard section: on at /dashboard for loopback by default, a path of its own, admin groups that are groups. */
class DashboardConfigTest {

    @Test
    void onAtSlashDashboardForLoopbackByDefault() throws Exception {
        assertEquals(new DashboardConfig(true, "/dashboard", List.of()), parse(AREA).dashboard());
        assertEquals(new DashboardConfig(true, "/ops/live", List.of("/escape/admins")),
                parse(AREA + "dashboard: {path: /ops/live/, admin-groups: [/escape/admins]}").dashboard());
        assertFalse(parse(AREA + "dashboard: {enabled: false}").dashboard().enabled());
        assertEquals(new DashboardConfig(true, "/dashboard", List.of()), GatewayConfig.embeddedDefault().dashboard());
    }

    @Test
    void aPathInsideAnAreaOrAnotherApiIsRefused() {
        assertEquals("dashboard.path: '/data/live' overlaps access point '/data' of storage area 'data'; choose a path"
                + " outside every area (dashboard.path), or dashboard.enabled: false",
                errorOf(AREA + "dashboard: {path: /data/live}"));
        assertEquals("dashboard.path: '/cdmi/dashboard' overlaps cdmi.path '/cdmi'; choose another dashboard.path,"
                + " e.g. /dashboard", errorOf(AREA + "dashboard: {path: /cdmi/dashboard}"));
        assertEquals("dashboard.path: '/' is not allowed; '/' is reserved for the gateway's own endpoints, use a"
                + " prefix such as /data", errorOf(AREA + "dashboard: {path: /}"));
    }

    @Test
    void anAreaAtSlashDashboardNeedsTheDashboardMovedOrOff() throws Exception {
        String area = AREA.replace("/data]", "/dashboard]");
        assertEquals("dashboard.path: '/dashboard' overlaps access point '/dashboard' of storage area 'data'; choose a"
                + " path outside every area (dashboard.path), or dashboard.enabled: false", errorOf(area));
        assertFalse(parse(area + "dashboard: {enabled: false}").dashboard().enabled());
    }

    @Test
    void adminGroupsAreGroupNamesAndUnknownKeysAreNamed() {
        assertEquals("dashboard.admin-groups[1]: 'admins' is not a group; use a wlcg.groups name such as"
                + " /escape/admins", errorOf(AREA + "dashboard: {admin-groups: [/escape/admins, admins]}"));
        assertEquals("dashboard.admin-groups: expected a list, e.g. [/escape/admins], found '/escape/admins'",
                errorOf(AREA + "dashboard: {admin-groups: /escape/admins}"));
        assertEquals("dashboard.admin-scopes: unknown key; allowed keys here: enabled, path, admin-groups",
                errorOf(AREA + "dashboard: {admin-scopes: [x]}"));
    }

    @Test
    void checkConfigWritesItBack() throws Exception {
        GatewayConfig c = parse(AREA + "dashboard: {path: /live, admin-groups: [/escape/admins]}");
        assertEquals(c.dashboard(), GatewayConfig.parse(c.toYaml(), "toYaml").dashboard());
    }
}
