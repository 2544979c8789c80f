package org.tributary.qos.rules;

import org.tributary.backend.AreaPath;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One transition-over-time rule of a storage area (issue 13 item 4, docs/decisions/0034): the files below
 * {@link #path} go through {@link #steps} in order, each step due {@link Step#after} after the file's modification
 * time (the time its bytes were last written, the only age every backend keeps), and none before {@link #from}.
 *
 * <pre>
 * - {path: /lofar, class: CHEAP-ANALYSIS, then: [{after: 3h, class: SAFE}]}   # steps (0, CHEAP-ANALYSIS), (3h, SAFE)
 * - {path: /old, from: 2027-01-01, class: CHEAP-ANALYSIS}                     # one step, due from 2027-01-01 on
 * </pre>
 *
 * @param path  a directory of the area's storage (a path of the plain view, not of a class view)
 * @param from  no step is due before this instant (null: no such bound)
 * @param steps at least one; the {@code after} of each is larger than the one before
 */
public record TimeRule(AreaPath path, Instant from, List<Step> steps) {

    /**
     * One step: from {@code after} past the file's modification time on, the file is in class {@code className}.
     */
    public record Step(Duration after, String className) {
        public Step {
            Objects.requireNonNull(after, "after");
            Objects.requireNonNull(className, "className");
            if (after.isNegative()) throw new IllegalArgumentException("after must not be negative");
        }
    }

    /** The step a file is due to be in and since when. */
    public record Due(TimeRule rule, int index, Step step, Instant since) {
        /** The value the sweep records on a file once it applied this step (see {@link RuleSweep#APPLIED_KEY}). */
        public String marker() { return rule.path() + " " + index; }
    }

    public TimeRule {
        Objects.requireNonNull(path, "path");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException("a rule needs at least one step");
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).after().compareTo(steps.get(i - 1).after()) <= 0) {
                throw new IllegalArgumentException("step " + i + " is not later than the step before");
            }
        }
    }

    public boolean covers(AreaPath p) { return p.startsWith(path); }

    /**
     * When step {@code i} is due for a file modified at {@code modified}: the later of modified + after / timeScale
     * and {@link #from}. A time scale above 1 makes every duration pass that many times faster (demonstrations and
     * tests; dates are never scaled).
     */
    public Instant dueAt(int i, Instant modified, long timeScale) {
        Instant t = modified.plus(steps.get(i).after().dividedBy(timeScale));
        return from != null && from.isAfter(t) ? from : t;
    }

    /** The last step due at {@code now}; empty when none is due yet. */
    public Optional<Due> due(Instant modified, Instant now, long timeScale) {
        for (int i = steps.size() - 1; i >= 0; i--) {
            Instant at = dueAt(i, modified, timeScale);
            if (!at.isAfter(now)) return Optional.of(new Due(this, i, steps.get(i), at));
        }
        return Optional.empty();
    }

    /** The first step not due yet at {@code now}, with the time it falls due; empty when every step is due. */
    public Optional<Due> next(Instant modified, Instant now, long timeScale) {
        for (int i = 0; i < steps.size(); i++) {
            Instant at = dueAt(i, modified, timeScale);
            if (at.isAfter(now)) return Optional.of(new Due(this, i, steps.get(i), at));
        }
        return Optional.empty();
    }
}
