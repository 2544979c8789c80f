package org.tributary.qos.rules;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Listing;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.qos.AreaClasses;
import org.tributary.qos.ClassChanges;
import org.tributary.qos.QosClass;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The background task that applies an area's {@link TimeRules}: every {@link TimeRules#sweepEvery} it walks the rule
 * directories of the shared storage and gives each file whose rule step fell due that step's class, with
 * {@link ClassChanges#change} (which records the class and hands the placement to the backend).
 *
 * <p>A step is applied once: the sweep records it in the file's {@link #APPLIED_KEY} attribute, so a class a user asks
 * for later (a CDMI request) holds until the rule's next step falls due, instead of being undone every sweep. A file
 * already in the step's class only gets the record.
 *
 * <p>Work per sweep is bounded ({@code entriesPerSweep} entries looked at): a large tree is walked over several
 * sweeps, each going on where the last one stopped, and the walk starts again from the rule directories once done.
 * One directory's entries are read at once (a listing is never held open between sweeps).
 */
public final class RuleSweep implements AutoCloseable {

    /** The rule step last applied to a file: "{rule path} {step index}". */
    public static final String APPLIED_KEY = "tributary.qos-rule-step";

    private static final System.Logger LOG = System.getLogger(RuleSweep.class.getName());

    /** What one sweep did. */
    public record Report(int looked, int changed, int failed, boolean walkDone) { }

    private final String areaName;
    private final StorageBackend shared;
    private final AreaClasses classes;
    private final TimeRules rules;
    private final Clock clock;
    private final int entriesPerSweep;
    private final Deque<EntryInfo> pending = new ArrayDeque<>();
    private final Object wake = new Object();
    private Thread thread;
    private volatile boolean closed;

    public RuleSweep(String areaName, StorageBackend shared, AreaClasses classes, TimeRules rules, Clock clock,
                     int entriesPerSweep) {
        if (entriesPerSweep < 1) throw new IllegalArgumentException("entriesPerSweep must be >= 1");
        this.areaName = areaName;
        this.shared = shared;
        this.classes = classes;
        this.rules = rules;
        this.clock = clock;
        this.entriesPerSweep = entriesPerSweep;
    }

    /** Starts sweeping on a virtual thread, the first sweep at once. */
    public RuleSweep start() {
        thread = Thread.ofVirtual().name("qos-sweep-" + areaName).start(this::loop);
        return this;
    }

    private void loop() {
        while (!closed) {
            try {
                sweep();
            } catch (RuntimeException e) {
                warn("QoS rule sweep failed: " + e);
            }
            synchronized (wake) {
                if (closed) return;
                try {
                    wake.wait(Math.max(1, rules.sweepEvery().toMillis()));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One bounded sweep (the background task calls it; tests call it with their own clock). */
    public synchronized Report sweep() {
        if (pending.isEmpty()) restartWalk();
        Instant now = clock.instant();
        int looked = 0, changed = 0, failed = 0;
        while (looked < entriesPerSweep && !pending.isEmpty() && !closed) {
            EntryInfo e = pending.poll();
            looked++;
            try {
                if (e.isDirectory()) {
                    readDirectory(e.path());
                } else if (e.isFile() && apply(e, now)) {
                    changed++;
                }
            } catch (StorageException x) {
                if (x.kind() != StorageException.Kind.NOT_FOUND) { // gone since it was listed: nothing to do
                    failed++;
                    warn("QoS rule for " + e.path() + ": "
                            + x.getMessage());
                }
            } catch (IOException | RuntimeException x) {
                failed++;
                warn("QoS rule for " + e.path() + ": " + x);
            }
        }
        if (changed > 0) {
            LOG.log(System.Logger.Level.INFO, "storage area '" + areaName + "': QoS rules changed the class of "
                    + changed + " files");
        }
        return new Report(looked, changed, failed, pending.isEmpty());
    }

    private void restartWalk() {
        for (TimeRule r : rules.rules()) {
            // a rule inside another rule's directory is walked with it; walking it again would look twice
            boolean nested = rules.rules().stream().anyMatch(o -> o != r && r.path().startsWith(o.path())
                    && !o.path().equals(r.path()));
            if (nested) continue;
            try {
                shared.stat(r.path()).ifPresent(pending::add);
            } catch (IOException e) {
                warn("QoS rule directory " + r.path()
                        + ": " + e.getMessage());
            }
        }
    }

    private void readDirectory(AreaPath dir) throws IOException {
        try (Listing l = shared.list(dir)) {
            for (EntryInfo c : l) pending.add(c);
        }
    }

    /** Applies the due step of the file's rule, if not yet applied; true when the class changed. */
    private boolean apply(EntryInfo file, Instant now) throws IOException {
        Optional<TimeRule> rule = rules.ruleFor(file.path());
        if (rule.isEmpty()) return false;
        Optional<TimeRule.Due> due = rule.get().due(file.modified(), now, rules.timeScale());
        if (due.isEmpty()) return false;
        Map<String, String> attrs = shared.attributes(file.path(), Set.of(AreaClasses.OVERRIDE_KEY, APPLIED_KEY));
        String marker = due.get().marker();
        if (marker.equals(attrs.get(APPLIED_KEY))) return false;
        QosClass to = classes.byName(due.get().step().className()).orElseThrow(() -> new IllegalStateException(
                "rule " + rule.get().path() + " names unknown class " + due.get().step().className()));
        boolean change = !classes.classOf(file.path(), attrs).equals(to);
        if (change) ClassChanges.change(shared, classes, file.path(), to);
        shared.updateAttributes(file.path(), Map.of(APPLIED_KEY, marker), Set.of());
        return change;
    }

    private void warn(String what) {
        LOG.log(System.Logger.Level.WARNING, "storage area '" + areaName + "': " + what);
    }

    /** Wakes the task for a sweep now (tests, an admin's request); no effect once closed. */
    public void wakeUp() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    @Override
    public void close() {
        closed = true;
        wakeUp();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
