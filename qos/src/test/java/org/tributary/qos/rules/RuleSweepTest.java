package org.tributary.qos.rules;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.AreaPath;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.placement.Placement;
import org.tributary.backend.placement.PlacementTarget;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.qos.AreaClasses;
import org.tributary.qos.ClassChanges;
import org.tributary.qos.QosClass;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sweep applies due steps once, on the shared storage, with a clock the test moves. */
class RuleSweepTest {

    @TempDir Path root;
    StorageBackend shared;
    final QosClass fast = cls("FAST", "fast");
    final QosClass cold = cls("COLD", "cold");
    final QosClass warm = cls("WARM", "warm");
    AreaClasses classes;
    final MovableClock clock = new MovableClock();

    @BeforeEach void open() throws Exception {
        shared = PosixBackend.open(root);
        classes = new AreaClasses(List.of(fast, warm, cold), fast);
        for (String d : List.of("fast", "warm", "cold", "obs", "obs/calib")) shared.createDirectory(AreaPath.parse(d));
    }

    static QosClass cls(String name, String dir) {
        return new QosClass(name, new PlacementTarget(Placement.DISK, Optional.empty()), AreaPath.parse(dir), "/" + dir);
    }

    @Test void eachStepIsAppliedWhenItFallsDue() throws Exception {
        AreaPath f = write("/obs/run1");
        Instant written = shared.stat(f).orElseThrow().modified();
        RuleSweep sweep = sweep(new TimeRule(AreaPath.parse("/obs"), null, List.of(
                new TimeRule.Step(Duration.ZERO, "WARM"), new TimeRule.Step(Duration.ofHours(3), "COLD"))), 1, 100);

        clock.at(written);
        assertEquals(1, sweep.sweep().changed());
        assertEquals(warm, classOf(f));

        clock.at(written.plus(Duration.ofHours(3)).minusSeconds(1));
        assertEquals(0, sweep.sweep().changed());
        assertEquals(warm, classOf(f));

        clock.at(written.plus(Duration.ofHours(3)));
        assertEquals(1, sweep.sweep().changed());
        assertEquals(cold, classOf(f));
    }

    @Test void aClassAskedForLaterHoldsUntilTheNextStep() throws Exception {
        AreaPath f = write("/obs/run1");
        Instant written = shared.stat(f).orElseThrow().modified();
        RuleSweep sweep = sweep(new TimeRule(AreaPath.parse("/obs"), null, List.of(
                new TimeRule.Step(Duration.ZERO, "WARM"), new TimeRule.Step(Duration.ofHours(3), "COLD"))), 1, 100);
        clock.at(written.plusSeconds(1));
        sweep.sweep();
        ClassChanges.change(shared, classes, f, fast); // a user's CDMI request
        assertEquals(0, sweep.sweep().changed());
        assertEquals(fast, classOf(f));
        clock.at(written.plus(Duration.ofHours(4)));
        sweep.sweep();
        assertEquals(cold, classOf(f));
    }

    @Test void theLongestRulePathWinsAndFromDelaysEveryStep() throws Exception {
        AreaPath run = write("/obs/run1");
        AreaPath calib = write("/obs/calib/c1");
        Instant written = shared.stat(run).orElseThrow().modified();
        Instant from = written.plus(Duration.ofDays(30));
        RuleSweep sweep = sweep(List.of(
                new TimeRule(AreaPath.parse("/obs"), null, List.of(new TimeRule.Step(Duration.ZERO, "WARM"))),
                new TimeRule(AreaPath.parse("/obs/calib"), from, List.of(new TimeRule.Step(Duration.ZERO, "COLD")))),
                1, 100);
        clock.at(written.plusSeconds(5));
        sweep.sweep();
        assertEquals(warm, classOf(run));
        assertEquals(fast, classOf(calib), "the calibration rule is not due before its from date");
        clock.at(from);
        sweep.sweep();
        assertEquals(cold, classOf(calib));
    }

    @Test void aTimeScaleMakesDurationsPassFaster() throws Exception {
        AreaPath f = write("/obs/run1");
        Instant written = shared.stat(f).orElseThrow().modified();
        RuleSweep sweep = sweep(new TimeRule(AreaPath.parse("/obs"), null,
                List.of(new TimeRule.Step(Duration.ofHours(3), "COLD"))), 360, 100);
        clock.at(written.plusSeconds(29));
        sweep.sweep();
        assertEquals(fast, classOf(f));
        clock.at(written.plusSeconds(30)); // 3 h / 360
        sweep.sweep();
        assertEquals(cold, classOf(f));
    }

    @Test void aSweepLooksAtABoundedNumberOfEntriesAndGoesOnWhereItStopped() throws Exception {
        for (int i = 0; i < 7; i++) write("/obs/f" + i);
        Instant written = shared.stat(AreaPath.parse("/obs/f0")).orElseThrow().modified();
        RuleSweep sweep = sweep(new TimeRule(AreaPath.parse("/obs"), null,
                List.of(new TimeRule.Step(Duration.ZERO, "COLD"))), 1, 3);
        clock.at(written.plusSeconds(60));
        int changed = 0;
        RuleSweep.Report r;
        int sweeps = 0;
        do {
            r = sweep.sweep();
            assertTrue(r.looked() <= 3);
            changed += r.changed();
            sweeps++;
        } while (!r.walkDone());
        assertEquals(7, changed);
        assertTrue(sweeps >= 3, "7 files and 2 directories take at least 3 sweeps of 3, took " + sweeps);
        assertEquals(0, sweep.sweep().changed() + sweep.sweep().changed() + sweep.sweep().changed()
                + sweep.sweep().changed(), "applied steps are not applied again");
    }

    @Test void theBackgroundTaskSweepsUntilClosed() throws Exception {
        AreaPath f = write("/obs/run1");
        clock.at(shared.stat(f).orElseThrow().modified().plusSeconds(1));
        try (RuleSweep sweep = new RuleSweep("test", shared, classes, new TimeRules(List.of(new TimeRule(
                AreaPath.parse("/obs"), null, List.of(new TimeRule.Step(Duration.ZERO, "COLD")))),
                Duration.ofMillis(20), 1), clock, 100).start()) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!classOf(f).equals(cold) && System.nanoTime() < deadline) Thread.sleep(5);
            assertEquals(cold, classOf(f));
        }
    }

    @Test void fileOutsideEveryRuleIsLeftAlone() throws Exception {
        AreaPath f = write("/warm/x");
        clock.at(shared.stat(f).orElseThrow().modified().plus(Duration.ofDays(400)));
        RuleSweep sweep = sweep(new TimeRule(AreaPath.parse("/obs"), null,
                List.of(new TimeRule.Step(Duration.ZERO, "COLD"))), 1, 100);
        sweep.sweep();
        assertEquals(warm, classOf(f));
        assertFalse(shared.attributes(f).containsKey(RuleSweep.APPLIED_KEY));
    }

    private RuleSweep sweep(TimeRule rule, long scale, int batch) {
        return sweep(List.of(rule), scale, batch);
    }

    private RuleSweep sweep(List<TimeRule> rules, long scale, int batch) {
        return new RuleSweep("test", shared, classes, new TimeRules(rules, Duration.ofMinutes(1), scale), clock, batch);
    }

    private QosClass classOf(AreaPath f) throws Exception {
        return classes.classOf(f, shared.attributes(f, Set.of(AreaClasses.OVERRIDE_KEY)));
    }

    private AreaPath write(String p) throws Exception {
        AreaPath path = AreaPath.parse(p);
        try (PendingWrite w = shared.beginWrite(path, WriteOptions.defaults())) {
            w.write(ByteBuffer.wrap(p.getBytes()));
            w.commit(Map.of());
        }
        return path;
    }

    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.EPOCH;
        void at(Instant t) { now = t; }
        @Override public Instant instant() { return now; }
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    }
}
