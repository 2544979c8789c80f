package org.tributary.gateway.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tape-rest section: defaults, what is refused and how the message says so, and the round trip. */
class TapeRestConfigTest {

    @Test
    void absentMeansOff() throws Exception {
        assertFalse(ConfigTestSupport.parse(ConfigTestSupport.AREA).tapeRest().enabled());
    }

    @Test
    void aSectionWithAStateDirectoryTurnsItOnWithTheDefaults() throws Exception {
        TapeRestConfig t = ConfigTestSupport.parse(ConfigTestSupport.AREA
                + "tape-rest: {sitename: EXAMPLE-TAPE, state-directory: /var/lib/tributary}\n").tapeRest();
        assertTrue(t.enabled());
        assertEquals("EXAMPLE-TAPE", t.sitename());
        assertEquals("/api/v1/tape", t.path());
        assertEquals(Duration.ofHours(24), t.defaultPinLifetime());
        assertEquals(Duration.ofHours(24), t.requestLifetime());
        assertEquals(10_000, t.maxFilesPerRequest());
        assertEquals(TapeRestConfig.Store.sqlite(Path.of("/var/lib/tributary")), t.store());
    }

    @Test
    void theStoreMustBeSomewhere() {
        String e = ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "tape-rest: {sitename: X}\n");
        assertTrue(e.startsWith("tape-rest.state-directory: is required"), e);
    }

    @Test
    void postgresqlNeedsAJdbcUrl() {
        String e = ConfigTestSupport.errorOf(ConfigTestSupport.AREA
                + "tape-rest: {store: {type: postgresql, url: 'postgres://db/tape'}}\n");
        assertTrue(e.startsWith("tape-rest.store.url: 'postgres://db/tape' is not allowed; use jdbc:postgresql://"), e);
        e = ConfigTestSupport.errorOf(ConfigTestSupport.AREA
                + "tape-rest: {state-directory: /x, store: {type: sqlite, url: 'jdbc:postgresql://db/t'}}\n");
        assertTrue(e.startsWith("tape-rest.store.url: only for type: postgresql"), e);
    }

    @Test
    void fewerThanTwoThousandFilesPerRequestIsRefused() {
        String e = ConfigTestSupport.errorOf(ConfigTestSupport.AREA
                + "tape-rest: {state-directory: /x, max-files-per-request: 500}\n");
        assertTrue(e.startsWith("tape-rest.max-files-per-request: 500 is not allowed; use at least 2000"), e);
    }

    @Test
    void thePathMayNotLieInAnArea() {
        String e = ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "tape-rest: {state-directory: /x, path: /data/api}\n");
        assertTrue(e.startsWith("tape-rest.path: '/data/api' overlaps access point '/data'"), e);
    }

    @Test
    void aDefaultPinLongerThanTheMaximumIsRefused() {
        String e = ConfigTestSupport.errorOf(ConfigTestSupport.AREA
                + "tape-rest: {state-directory: /x, default-pin-lifetime: 200h}\n");
        assertTrue(e.startsWith("tape-rest.default-pin-lifetime: 200h is longer than max-pin-lifetime (168h)"), e);
    }

    @Test
    void theStageGrantsReadSwitchIsReadAndWritten() throws Exception {
        GatewayConfig c = ConfigTestSupport.parse(ConfigTestSupport.AREA + """
                token-issuers:
                  - {name: old, issuer: "https://iam.example.org/", stage-grants-read: true}
                """);
        assertTrue(c.tokens().issuers().getFirst().stageGrantsRead());
        assertEquals(c, GatewayConfig.parse(c.toYaml(), "check-config"));
    }

    @Test
    void everySettingRoundTrips() throws Exception {
        GatewayConfig c = ConfigTestSupport.parse(ConfigTestSupport.AREA + """
                tape-rest:
                  sitename: EXAMPLE-TAPE
                  description: the tape of the example site
                  path: /tape-api
                  default-pin-lifetime: 2h
                  max-pin-lifetime: 48h
                  request-lifetime: 12h
                  max-files-per-request: 5000
                  store: {type: postgresql, url: "jdbc:postgresql://db.example.org/tape", user: tributary,
                          password-file: /etc/tributary/db-password}
                """);
        String yaml = c.toYaml();
        assertTrue(yaml.contains("tape-rest:"), yaml);
        assertEquals(c, GatewayConfig.parse(yaml, "check-config"));
    }
}
