package org.tributary.gateway.config;

import org.junit.jupiter.api.Test;
import org.tributary.backend.AreaPath;
import org.tributary.qos.rules.TimeRule;
import org.tributary.qos.rules.TimeRules;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The {@code rules} of an area's qos section: transitions over time, their sweep, and the mistakes named by key. */
class QosRulesConfigTest {

    private static final String CLASSES = """
                  classes:
                    - {name: FAST, placement: disk, access-point: /data/fast}
                    - {name: CHEAP-ANALYSIS, placement: disk, access-point: /data/cheap}
                    - {name: SAFE, placement: disk, access-point: /data/safe}
            """;

    private static String qos(String more) {
        return ConfigTestSupport.AREA + "    qos:\n" + CLASSES + more;
    }

    @Test
    void rulesReadAsStepsCountedFromTheModificationTime() throws Exception {
        GatewayConfig c = ConfigTestSupport.parse(qos("""
                  rules:
                    - {path: /lofar, class: CHEAP-ANALYSIS, then: [{after: 3h, class: SAFE}]}
                    - {path: /old, from: 2027-01-01, class: CHEAP-ANALYSIS}
                    - {path: /km3net, then: [{after: 24h, class: SAFE}, {after: 720h, class: CHEAP-ANALYSIS}]}
                  sweep-every: 30s
                  time-scale: 360
            """));
        TimeRules r = c.areas().getFirst().qosClasses().rules();
        assertEquals(List.of(
                new TimeRule(AreaPath.parse("/lofar"), null, List.of(new TimeRule.Step(Duration.ZERO, "CHEAP-ANALYSIS"),
                        new TimeRule.Step(Duration.ofHours(3), "SAFE"))),
                new TimeRule(AreaPath.parse("/old"), Instant.parse("2027-01-01T00:00:00Z"),
                        List.of(new TimeRule.Step(Duration.ZERO, "CHEAP-ANALYSIS"))),
                new TimeRule(AreaPath.parse("/km3net"), null, List.of(new TimeRule.Step(Duration.ofHours(24), "SAFE"),
                        new TimeRule.Step(Duration.ofHours(720), "CHEAP-ANALYSIS")))), r.rules());
        assertEquals(Duration.ofSeconds(30), r.sweepEvery());
        assertEquals(360, r.timeScale());
        assertEquals(c, GatewayConfig.parse(c.toYaml(), "check-config"), "check-config prints what it read");
    }

    @Test
    void withoutRulesNothingChanges() throws Exception {
        TimeRules r = ConfigTestSupport.parse(qos("")).areas().getFirst().qosClasses().rules();
        assertEquals(TimeRules.NONE, r);
    }

    @Test
    void mistakesAreNamedWithTheirKeys() {
        String at = "storage-areas[0].qos.";
        assertEquals(at + "rules[0].class: 'COLD' is not one of the classes (FAST, CHEAP-ANALYSIS, SAFE)",
                ConfigTestSupport.errorOf(qos("      rules: [{path: /a, class: COLD}]\n")));
        assertEquals(at + "rules[0].then[1].class: 'COLD' is not one of the classes (FAST, CHEAP-ANALYSIS, SAFE)",
                ConfigTestSupport.errorOf(qos("      rules: [{path: /a, class: FAST, then: [{after: 1h, class: SAFE},"
                        + " {after: 2h, class: COLD}]}]\n")));
        assertEquals(at + "rules[0].then[1].after: 1h is not later than the step before (3h); list the steps in the"
                        + " order they happen",
                ConfigTestSupport.errorOf(qos("      rules: [{path: /a, then: [{after: 3h, class: SAFE},"
                        + " {after: 1h, class: FAST}]}]\n")));
        assertEquals(at + "rules[0].then[0].after: is required, e.g. after: 3h (counted from the file's modification"
                        + " time)",
                ConfigTestSupport.errorOf(qos("      rules: [{path: /a, then: [{class: SAFE}]}]\n")));
        assertEquals(at + "rules[0].then[0].after: '3' has no unit; use " + DurationText.ALLOWED,
                ConfigTestSupport.errorOf(qos("      rules: [{path: /a, then: [{after: 3, class: SAFE}]}]\n")));
        assertEquals(at + "rules[0].from: 'next year' is not a date; use 2027-06-01 (midnight UTC) or"
                        + " 2027-06-01T12:00:00Z",
                ConfigTestSupport.errorOf(qos("      rules: [{path: /a, from: next year, class: SAFE}]\n")));
        assertEquals(at + "rules[0]: needs class: (the class from the start) or then: (later steps), e.g. {path:"
                        + " /lofar, class: CHEAP-ANALYSIS, then: [{after: 3h, class: SAFE}]}",
                ConfigTestSupport.errorOf(qos("      rules: [{path: /a}]\n")));
        assertEquals(at + "rules[1].path: '/a' already has rules[0]; write the steps of one directory in one rule",
                ConfigTestSupport.errorOf(qos("      rules: [{path: /a, class: SAFE}, {path: /a/, class: FAST}]\n")));
        assertEquals(at + "time-scale: '0' is not allowed; use a whole number from 1 (real time) to 999999999, e.g."
                        + " 360 makes 3h pass in 30s",
                ConfigTestSupport.errorOf(qos("      time-scale: 0\n")));
        assertEquals(at + "sweep-every: must be longer than 0, e.g. 1m",
                ConfigTestSupport.errorOf(qos("      sweep-every: 0s\n")));
    }
}
