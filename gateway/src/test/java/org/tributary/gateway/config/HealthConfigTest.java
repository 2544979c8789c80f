package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tributary.gateway.config.ConfigTestSupport.AREA;
import static org.tributary.gateway.config.ConfigTestSupport.errorOf;
import static org.tributary.gateway.config.ConfigTestSupport.parse;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The health section: /health by default, a path of its own, IP literals and CIDR blocks in allow. */
class HealthConfigTest {

    @Test
    void atSlashHealthForLoopbackByDefault() throws Exception {
        assertEquals(HealthConfig.DEFAULT, parse(AREA).health());
        assertEquals(new HealthConfig("/ops/health", List.of("10.0.0.0/8", "2001:db8::/32"), Duration.ofMillis(500),
                Duration.ZERO), parse(AREA + "health: {path: /ops/health/, allow: [10.0.0.0/8, \"2001:db8::/32\"],"
                + " probe-timeout: 500ms, probe-cache: 0s}").health());
    }

    @Test
    void aPathInsideAnAreaOrOnAnotherApiIsRefused() {
        assertEquals("health.path: '/data/health' overlaps access point '/data' of storage area 'data'; choose a path"
                + " outside every area, e.g. /health", errorOf(AREA + "health: {path: /data/health}"));
        assertEquals("health.path: '/cdmi/health' overlaps cdmi.path '/cdmi'; give health a path of its own, e.g."
                + " /health", errorOf(AREA + "health: {path: /cdmi/health}"));
        assertEquals("health.path: '/api/v1/srr' overlaps site.srr-path '/api/v1/srr'; give health a path of its own,"
                + " e.g. /health", errorOf(AREA + "health: {path: /api/v1/srr}"));
        assertEquals("health.path: '/dashboard/health' overlaps dashboard.path '/dashboard'; give health a path of its"
                + " own, e.g. /health", errorOf(AREA + "health: {path: /dashboard/health}"));
    }

    @Test
    void allowTakesAddressesAndBlocksNotNames() {
        assertEquals("health.allow[1]: 'lb.example.org' is not an IP address or a CIDR block; use e.g. 10.0.0.0/8,"
                + " 192.0.2.7 or 2001:db8::/32", errorOf(AREA + "health: {allow: [10.0.0.0/8, lb.example.org]}"));
        assertEquals("health.allow[0]: '10.0.0.0/99' is not an IP address or a CIDR block; use e.g. 10.0.0.0/8,"
                + " 192.0.2.7 or 2001:db8::/32", errorOf(AREA + "health: {allow: [10.0.0.0/99]}"));
    }

    @Test
    void probesNeedATimeAndUnknownKeysAreNamed() {
        assertEquals("health.probe-timeout: must be more than zero, e.g. 2s",
                errorOf(AREA + "health: {probe-timeout: 0s}"));
        assertEquals("server.access-log-format: 'xml' is not allowed; use text or json",
                errorOf("server: {access-log-format: xml}\n" + AREA));
        errorOf(AREA + "health: {enabled: false}");
    }
}
