package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Durations need a unit; shutdown-grace is read and written with them. */
class DurationTest {

    private static String grace(String value) {
        return "server: {http: {port: 8080}, shutdown-grace: " + value + "}\n" + ConfigTestSupport.AREA;
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "10s, 10000", "5m, 300000", "1h, 3600000", "0s, 0", "90 s, 90000"})
    void unitsAreUnderstood(String text, long millis) throws Exception {
        assertEquals(Duration.ofMillis(millis), ConfigTestSupport.parse(grace(text)).server().shutdownGrace());
    }

    @Test
    void aNumberWithoutUnitIsRefused() {
        assertEquals("server.shutdown-grace: '10' has no unit; use a whole number with a unit ms, s, m or h (e.g."
                + " 500ms, 10s, 5m, 1h)", ConfigTestSupport.errorOf(grace("10")));
    }

    @Test
    void anUnknownUnitIsRefused() {
        assertEquals("server.shutdown-grace: '10 seconds' is not a duration; use a whole number with a unit ms, s, m"
                + " or h (e.g. 500ms, 10s, 5m, 1h)", ConfigTestSupport.errorOf(grace("10 seconds")));
        assertEquals("server.shutdown-grace: '1.5s' is not a duration; use a whole number with a unit ms, s, m or h"
                + " (e.g. 500ms, 10s, 5m, 1h)", ConfigTestSupport.errorOf(grace("1.5s")));
    }

    @Test
    void formatUsesTheLargestExactUnit() {
        assertEquals("10s", DurationText.format(Duration.ofSeconds(10)));
        assertEquals("90s", DurationText.format(Duration.ofSeconds(90)));
        assertEquals("2m", DurationText.format(Duration.ofMinutes(2)));
        assertEquals("1h", DurationText.format(Duration.ofMinutes(60)));
        assertEquals("1500ms", DurationText.format(Duration.ofMillis(1500)));
        assertEquals("0s", DurationText.format(Duration.ZERO));
    }
}
