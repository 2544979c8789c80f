package org.tributary.qos.rules;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.qos.AreaClasses;
import org.tributary.qos.QosClass;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why a file is in its QoS class and what happens to it next, as {@code tributary qos explain} prints it: the class
 * and its reason (an explicit change, a time rule's step, the class directory, the area's default), whether the
 * placement holds, the rule that governs the file and its next step with the date it falls due.
 *
 * <p>Built from what can be read without the running gateway: the file's stat and attributes when the storage could
 * be opened ({@code entry} present), else from the configuration alone (then the rule's steps are listed, relative
 * to the file's modification time, instead of dates).
 */
public final class ClassExplanation {

    private ClassExplanation() { }

    /**
     * @param path    the file's path in the area's shared storage
     * @param entry   the file as stat saw it; empty when the storage was not read or nothing is there
     * @param attrs   its attributes ({@link AreaClasses#OVERRIDE_KEY}, {@link RuleSweep#APPLIED_KEY}); empty if unread
     * @param now     the time the next change is measured from
     */
    public static List<String> lines(AreaClasses classes, TimeRules rules, AreaPath path, Optional<EntryInfo> entry,
                                     Map<String, String> attrs, Instant now) {
        List<String> out = new ArrayList<>();
        QosClass c = classes.classOf(path, attrs);
        out.add("class: " + c.name() + " (placement " + c.target().placement().wireName()
                + c.target().storageClass().map(s -> ", storage class " + s).orElse("") + ")");
        out.add("  because: " + reason(classes, rules, path, attrs, c));
        if (entry.isPresent() && entry.get().isFile()) {
            boolean held = c.target().placement().heldBy(entry.get().locality());
            out.add("placement holds: " + (held ? "yes" : "not yet") + " (the file is " + entry.get().locality()
                    + (held ? ")" : "; the storage is working towards " + c.target().placement().wireName() + ")"));
        }
        Optional<TimeRule> rule = rules.ruleFor(path);
        if (rule.isEmpty()) {
            out.add("time rule: none covers " + path + (rules.isEmpty() ? " (the area has no rules)" : ""));
            return out;
        }
        TimeRule r = rule.get();
        out.add("time rule: " + describe(r, rules.timeScale()));
        if (entry.isEmpty() || !entry.get().isFile()) {
            out.add("next change: depends on the file's modification time (not read)");
            return out;
        }
        Instant modified = entry.get().modified();
        Optional<TimeRule.Due> due = r.due(modified, now, rules.timeScale());
        if (due.isPresent() && !due.get().marker().equals(attrs.get(RuleSweep.APPLIED_KEY))) {
            out.add("due now: " + due.get().step().className() + " since " + due.get().since()
                    + " (the next sweep applies it; sweeps run every " + format(rules.sweepEvery()) + ")");
        }
        Optional<TimeRule.Due> next = r.next(modified, now, rules.timeScale());
        out.add(next.map(n -> "next change: " + n.step().className() + " at " + n.since() + " (modified " + modified
                + (n.step().after().isZero() ? "" : " + " + format(n.step().after())
                + (rules.timeScale() == 1 ? "" : " / " + rules.timeScale())) + ")")
                .orElse("next change: none (every step of the rule is due)"));
        return out;
    }

    private static String reason(AreaClasses classes, TimeRules rules, AreaPath path, Map<String, String> attrs,
                                 QosClass c) {
        String override = attrs.get(AreaClasses.OVERRIDE_KEY);
        if (override != null && override.equals(c.name())) {
            String applied = attrs.get(RuleSweep.APPLIED_KEY);
            Optional<TimeRule> r = rules.ruleFor(path);
            if (applied != null && r.isPresent()) {
                for (int i = 0; i < r.get().steps().size(); i++) {
                    if (applied.equals(r.get().path() + " " + i) && r.get().steps().get(i).className().equals(c.name())) {
                        return "the time rule for " + r.get().path() + " gave it (step " + (i + 1) + ")";
                    }
                }
            }
            return "a change asked for this file (a CDMI request or an in-place copy); recorded in its attribute "
                    + AreaClasses.OVERRIDE_KEY;
        }
        Optional<QosClass> dir = classes.directoryClass(path);
        if (dir.isPresent()) return "it is in " + dir.get().directory() + ", the directory of class " + c.name();
        return "it is outside every class directory, and " + c.name() + " is the area's default class";
    }

    /** "from the start CHEAP-ANALYSIS, after 3h SAFE (from 2027-01-01T00:00:00Z)". */
    static String describe(TimeRule r, long timeScale) {
        List<String> steps = new ArrayList<>();
        for (TimeRule.Step s : r.steps()) {
            steps.add((s.after().isZero() ? "from the start " : "after " + format(s.after()) + " ") + s.className());
        }
        return r.path() + ": " + String.join(", then ", steps) + " (counted from the modification time"
                + (r.from() == null ? "" : "; nothing before " + r.from())
                + (timeScale == 1 ? "" : "; time scale " + timeScale + ": durations pass " + timeScale + " times faster")
                + ")";
    }

    private static String format(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }
}
