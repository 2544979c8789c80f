package org.tributary.gateway.config;

import org.tributary.backend.AreaPath;
import org.tributary.backend.InvalidPathException;
import org.tributary.backend.placement.Placement;
import org.tributary.qos.rules.TimeRule;
import org.tributary.qos.rules.TimeRules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an area's {@code qos} key: a free-text label ({@code qos: tape}), or a section with the area's QoS classes.
 *
 * <pre>
 * qos:
 *   classes:
 *     - {name: FAST, placement: disk, access-point: /km3net/fast}
 *     - {name: SAFE, placement: disk+tape, access-point: /km3net/safe}
 *   default-class: FAST
 *   rules:                       # transitions over time (docs/decisions/0034)
 *     - {path: /lofar, class: FAST, then: [{after: 3h, class: SAFE}]}
 *   sweep-every: 1m
 * </pre>
 */
final class QosYaml {

    static final String[] KEYS = {"classes", "default-class", "rules", "sweep-every", "time-scale"};
    static final String[] RULE_KEYS = {"path", "from", "class", "then"};
    static final String[] STEP_KEYS = {"after", "class"};
    private static final String RULE_EXAMPLE = "{path: /lofar, class: CHEAP-ANALYSIS, then: [{after: 3h, class: SAFE}]}";
    static final String[] CLASS_KEYS = {"name", "placement", "storage-class", "access-point", "directory"};
    private static final String EXAMPLE = "classes: [{name: FAST, placement: disk, access-point: /data/fast}]";

    private QosYaml() { }

    /** Whether the area's {@code qos} is the classes section rather than a label. */
    static boolean isSection(YamlSection area) {
        return area.raw("qos") instanceof java.util.Map<?, ?>;
    }

    static QosConfig read(YamlSection q) throws ConfigException {
        q.allowOnly(KEYS);
        Object v = q.raw("classes");
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(q.keyPath("classes") + ": at least one class is required, e.g. " + EXAMPLE
                    + " (or write qos: <label> for an area without classes)");
        }
        List<QosClassConfig> classes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            YamlSection c = YamlSection.of(q.keyPath("classes") + "[" + i + "]", list.get(i));
            classes.add(readClass(c));
        }
        TimeRules rules = readRules(q);
        try {
            return new QosConfig(classes, q.text("default-class", null), rules);
        } catch (ConfigProblem p) {
            throw p.under(q.path()).toConfigException();
        }
    }

    private static TimeRules readRules(YamlSection q) throws ConfigException {
        Duration every = q.duration("sweep-every", TimeRules.DEFAULT_SWEEP_EVERY);
        if (every.isZero()) throw new ConfigException(q.keyPath("sweep-every") + ": must be longer than 0, e.g. 1m");
        Object scaleValue = q.raw("time-scale");
        long scale = 1;
        if (scaleValue != null) {
            if (!YamlSection.isWholeNumber(scaleValue) || new java.math.BigInteger(scaleValue.toString())
                    .compareTo(java.math.BigInteger.ONE) < 0 || scaleValue.toString().length() > 9) {
                throw new ConfigException(q.keyPath("time-scale") + ": " + YamlSection.describe(scaleValue)
                        + " is not allowed; use a whole number from 1 (real time) to 999999999, e.g. 360 makes 3h"
                        + " pass in 30s");
            }
            scale = Long.parseLong(scaleValue.toString());
        }
        Object v = q.raw("rules");
        List<TimeRule> rules = new ArrayList<>();
        if (v != null) {
            if (!(v instanceof List<?> list)) {
                throw new ConfigException(q.keyPath("rules") + ": expected a list of rules, e.g. - " + RULE_EXAMPLE
                        + ", found " + YamlSection.describe(v));
            }
            for (int i = 0; i < list.size(); i++) {
                rules.add(readRule(YamlSection.of(q.keyPath("rules") + "[" + i + "]", list.get(i))));
            }
        }
        return new TimeRules(rules, every, scale);
    }

    /** {path, from?, class?, then?: [{after, class}]}: class is the step due at once, then the later ones. */
    private static TimeRule readRule(YamlSection r) throws ConfigException {
        r.allowOnly(RULE_KEYS);
        String pathText = r.requiredText("path", "path: /lofar (a directory of the area's storage)");
        AreaPath path;
        try {
            path = AreaPath.parse(pathText);
        } catch (InvalidPathException e) {
            throw new ConfigException(r.keyPath("path") + ": '" + pathText + "': " + e.getMessage());
        }
        Instant from = TokenYaml.instant(r, "from");
        List<TimeRule.Step> steps = new ArrayList<>();
        String first = r.text("class", null);
        if (first != null) steps.add(new TimeRule.Step(Duration.ZERO, first));
        Object then = r.raw("then");
        if (then != null) {
            if (!(then instanceof List<?> list) || list.isEmpty()) {
                throw new ConfigException(r.keyPath("then") + ": expected a list of later steps, e.g. [{after: 3h,"
                        + " class: SAFE}], found " + YamlSection.describe(then));
            }
            for (int i = 0; i < list.size(); i++) {
                YamlSection s = YamlSection.of(r.keyPath("then") + "[" + i + "]", list.get(i));
                s.allowOnly(STEP_KEYS);
                Duration after = s.duration("after", null);
                if (after == null || after.isZero()) {
                    throw new ConfigException(s.keyPath("after") + ": " + (after == null ? "is required" : "must be"
                            + " longer than 0") + ", e.g. after: 3h (counted from the file's modification time)");
                }
                if (!steps.isEmpty() && after.compareTo(steps.getLast().after()) <= 0) {
                    throw new ConfigException(s.keyPath("after") + ": " + DurationText.format(after) + " is not later"
                            + " than the step before (" + DurationText.format(steps.getLast().after()) + "); list the"
                            + " steps in the order they happen");
                }
                steps.add(new TimeRule.Step(after, s.requiredText("class", "class: SAFE")));
            }
        }
        if (steps.isEmpty()) {
            throw new ConfigException(r.path() + ": needs class: (the class from the start) or then: (later steps),"
                    + " e.g. " + RULE_EXAMPLE);
        }
        return new TimeRule(path, from, steps);
    }

    private static QosClassConfig readClass(YamlSection c) throws ConfigException {
        c.allowOnly(CLASS_KEYS);
        String placementText = c.requiredText("placement", "placement: disk (or disk+tape, tape)");
        Placement placement = Placement.parse(placementText).orElseThrow(() -> new ConfigException(
                c.keyPath("placement") + ": '" + placementText + "' is not allowed; use disk, disk+tape or tape"));
        AreaPath directory = null;
        String d = c.text("directory", null);
        if (d != null) {
            try {
                directory = AreaPath.parse(d);
            } catch (InvalidPathException e) {
                throw new ConfigException(c.keyPath("directory") + ": '" + d + "': " + e.getMessage());
            }
        }
        try {
            return new QosClassConfig(c.requiredText("name", "name: SAFE"), placement,
                    Optional.ofNullable(c.text("storage-class", null)), c.text("access-point", null), directory);
        } catch (ConfigProblem p) {
            throw p.under(c.path()).toConfigException();
        }
    }

    /** The section as {@link #read} reads it, every directory written out. */
    static java.util.Map<String, Object> write(QosConfig q) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        List<Object> classes = new ArrayList<>();
        for (QosClassConfig c : q.classes()) {
            java.util.Map<String, Object> cm = new java.util.LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("placement", c.placement().wireName());
            c.storageClass().ifPresent(s -> cm.put("storage-class", s));
            cm.put("access-point", c.accessPoint());
            cm.put("directory", c.directory().toString());
            classes.add(cm);
        }
        m.put("classes", classes);
        m.put("default-class", q.defaultClass());
        TimeRules t = q.rules();
        if (!t.isEmpty()) {
            List<Object> rules = new ArrayList<>();
            for (TimeRule r : t.rules()) {
                java.util.Map<String, Object> rm = new java.util.LinkedHashMap<>();
                rm.put("path", r.path().toString());
                if (r.from() != null) rm.put("from", r.from().toString());
                List<Object> then = new ArrayList<>();
                for (TimeRule.Step s : r.steps()) {
                    if (s.after().isZero()) {
                        rm.put("class", s.className());
                    } else {
                        java.util.Map<String, Object> sm = new java.util.LinkedHashMap<>();
                        sm.put("after", DurationText.format(s.after()));
                        sm.put("class", s.className());
                        then.add(sm);
                    }
                }
                if (!then.isEmpty()) rm.put("then", then);
                rules.add(rm);
            }
            m.put("rules", rules);
        }
        if (!t.isEmpty() || !t.sweepEvery().equals(TimeRules.DEFAULT_SWEEP_EVERY)) {
            m.put("sweep-every", DurationText.format(t.sweepEvery()));
        }
        if (t.timeScale() != 1) m.put("time-scale", t.timeScale());
        return m;
    }
}
