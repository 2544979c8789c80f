package org.tributary.qos.rules;

import org.tributary.backend.AreaPath;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The time rules of one storage area and how often they are applied. A file is governed by the rule with the longest
 * path that holds it (a rule for {@code /lofar/calibration} wins over one for {@code /lofar}), so an admin can make
 * an exception for a subtree without repeating the rule of its parent.
 *
 * @param rules      paths distinct
 * @param sweepEvery the pause between two sweeps
 * @param timeScale  every rule duration passes this many times faster (1 in production; see {@link TimeRule#dueAt})
 */
public record TimeRules(List<TimeRule> rules, Duration sweepEvery, long timeScale) {

    public static final Duration DEFAULT_SWEEP_EVERY = Duration.ofMinutes(1);
    public static final TimeRules NONE = new TimeRules(List.of(), DEFAULT_SWEEP_EVERY, 1);

    public TimeRules {
        rules = List.copyOf(rules);
        if (sweepEvery == null) sweepEvery = DEFAULT_SWEEP_EVERY;
        if (sweepEvery.isNegative() || sweepEvery.isZero()) throw new IllegalArgumentException("sweepEvery must be > 0");
        if (timeScale < 1) throw new IllegalArgumentException("timeScale must be >= 1");
    }

    public boolean isEmpty() { return rules.isEmpty(); }

    /** The rule that governs {@code file}, if any. */
    public Optional<TimeRule> ruleFor(AreaPath file) {
        return rules.stream().filter(r -> r.covers(file))
                .max(Comparator.comparingInt(r -> r.path().segments().size()));
    }
}
