package org.tributary.bench.recall;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.tributary.backend.tape.model.DriveSpec;
import org.tributary.backend.tape.schedule.CartridgeScheduler;

/**
 * The command behind {@code bench/recall-sim/run}: replays the three generated traces (or trace files) through FIFO
 * and the cartridge scheduler and prints the table docs/tape-scheduler.md shows.
 *
 * <pre>
 *   run [--seed N] [--write-traces DIR] [TRACE-FILE...]
 *   run --load-sweep [--seed N]
 * </pre>
 *
 * {@code --load-sweep} replays the mixed trace's 600 requests arriving at lower rates, through FIFO and the cartridge
 * scheduler with three hold-back times: how mounts trade against waiting when the drives are not the bottleneck.
 */
public final class RecallSim {

    /** The seed of the traces the docs and the test use. */
    public static final long SEED = 20261203L;

    private RecallSim() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException | IOException e) {
            // a bad option or trace file: one line that says what, no stack trace
            String what = e instanceof NoSuchFileException ? "no such file: " + e.getMessage() : e.getMessage();
            System.err.println("recall-sim: " + what);
            System.exit(2);
        }
    }

    private static void run(String[] args) throws IOException {
        long seed = SEED;
        Path writeTo = null;
        boolean sweep = false;
        List<Trace> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seed" -> seed = seed(value(args, ++i, "--seed"));
                case "--write-traces" -> writeTo = Path.of(value(args, ++i, "--write-traces"));
                case "--load-sweep" -> sweep = true;
                case "--help", "-h" -> {
                    System.out.println("usage: run [--seed N] [--write-traces DIR] [TRACE-FILE...] | run --load-sweep [--seed N]");
                    return;
                }
                default -> {
                    if (args[i].startsWith("-")) throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
                    files.add(Trace.read(Path.of(args[i])));
                }
            }
        }
        if (sweep) {
            loadSweep(seed, DriveSpec.lto9(), System.out);
            return;
        }
        List<Trace> traces = files.isEmpty() ? TraceGenerator.all(seed) : files;
        if (writeTo != null) {
            Files.createDirectories(writeTo);
            for (Trace t : traces) t.write(writeTo.resolve(t.name() + ".trace"));
        }
        DriveSpec d = DriveSpec.lto9();
        System.out.printf(Locale.ROOT, "%s%s: mount %d s, dismount %d s, full-length locate %d s, read %.0f MB/s%n",
                files.isEmpty() ? "traces from seed " + seed + "; " : "", d.generation(), d.mount().toSeconds(),
                d.dismount().toSeconds(), d.fullLocate().toSeconds(), d.readBytesPerSec() / 1e6);
        print(traces, DriveSpec.lto9(), System.out);
        if (files.isEmpty()) sharing(seed, DriveSpec.lto9(), System.out);
    }

    static void print(List<Trace> traces, DriveSpec drive, PrintStream out) {
        RecallSimulator simulator = new RecallSimulator(drive);
        String row = "| %-10s | %-9s | %7s | %7s | %9s | %9s | %11s | %11s | %11s |%n";
        out.printf(row, "trace", "policy", "mounts", "x bound", "locate", "drive use", "last file", "mean wait", "longest wait");
        out.printf(row, "-".repeat(10), "-".repeat(9), "-".repeat(7), "-".repeat(7), "-".repeat(9), "-".repeat(9), "-".repeat(11), "-".repeat(11), "-".repeat(11));
        for (Trace trace : traces) {
            LowerBound bound = LowerBound.of(trace, drive);
            String label = trace.name();
            for (Policy p : Policy.all()) {
                SimResult r = simulator.run(trace, p.scheduler().get());
                out.printf(row, label, p.name(), r.mounts(), String.format(Locale.ROOT, "%.2f", r.mounts() / (double) bound.mounts()),
                        hms(r.locate()), String.format(Locale.ROOT, "%.0f %%", 100 * r.driveUse()), hms(r.lastOnDisk()),
                        hms(r.meanWait()), hms(r.longestWait()));
                label = "";
            }
            out.printf(row, "", "bound", bound.mounts(), "1.00", "0", "100 %", hms(bound.lastOnDisk()), "", "");
        }
        describe(traces, out);
    }

    /** Whether small requests wait for a bulk: the sharing trace, per policy, by request rather than by file. */
    static void sharing(long seed, DriveSpec drive, PrintStream out) {
        Trace trace = TraceGenerator.sharing(seed);
        RecallSimulator simulator = new RecallSimulator(drive);
        out.printf("%nsharing: a bulk of 2,000 files at the start, 60 small requests (1-3 files) one every 2 min; time from a request's first file asked for to its last on disk%n");
        String row = "| %-9s | %7s | %7s | %11s | %13s | %13s |%n";
        out.printf(row, "policy", "mounts", "x bound", "bulk", "small median", "small longest");
        out.printf(row, "-".repeat(9), "-".repeat(7), "-".repeat(7), "-".repeat(11), "-".repeat(13), "-".repeat(13));
        for (Policy p : Policy.all()) {
            SimResult r = simulator.run(trace, p.scheduler().get());
            List<Duration> small = smallRequests(r);
            out.printf(row, p.name(), r.mounts(), String.format(Locale.ROOT, "%.2f", r.mounts() / (double) trace.distinctCartridges()),
                    hms(r.requests().get(TraceGenerator.SHARING_BULK)), hms(small.get(small.size() / 2)), hms(small.getLast()));
        }
        describe(List.of(trace), out);
    }

    /** The sharing trace's small requests' times, shortest first. */
    static List<Duration> smallRequests(SimResult r) {
        return r.requests().entrySet().stream().filter(e -> !e.getKey().equals(TraceGenerator.SHARING_BULK))
                .map(Map.Entry::getValue).sorted().toList();
    }

    private static void describe(List<Trace> traces, PrintStream out) {
        for (Trace t : traces) {
            out.printf(Locale.ROOT, "%s: %,d files, %.1f TB, %d cartridges, %d drives, last request at %s%n", t.name(),
                    t.recalls().size(), t.bytes() / 1e12, t.distinctCartridges(), t.drives(), hms(Duration.ofMillis(t.lastArrivalMillis())));
        }
    }

    static void loadSweep(long seed, DriveSpec drive, PrintStream out) {
        RecallSimulator simulator = new RecallSimulator(drive);
        CartridgeScheduler.Settings d = CartridgeScheduler.Settings.defaults();
        List<Duration> holds = List.of(Duration.ZERO, d.minAge(), Duration.ofHours(1));
        out.printf("mixed trace (seed %d) with its 600 requests arriving further apart; mounts / mean wait per policy%n", seed);
        String row = "| %-12s | %-10s | %-19s |" + " %-19s |".repeat(holds.size()) + "%n";
        List<Object> head = new ArrayList<>(List.of("one every", "arrive in", "fifo"));
        for (Duration h : holds) head.add("cartridge, hold " + h.toMinutes() + "m");
        out.printf(row, head.toArray());
        List<Object> rule = new ArrayList<>(List.of("-".repeat(12), "-".repeat(10)));
        for (int i = 0; i <= holds.size(); i++) rule.add("-".repeat(19));
        out.printf(row, rule.toArray());
        for (int gapSeconds : new int[] {6, 15, 30, 60, 120}) {
            Trace t = TraceGenerator.mixed(seed, "mixed", 600, gapSeconds * 1_000.0);
            List<Object> cells = new ArrayList<>(List.of(gapSeconds + " s", hms(Duration.ofMillis(t.lastArrivalMillis()))));
            cells.add(cell(simulator.run(t, Policy.FIFO.scheduler().get())));
            for (Duration h : holds) {
                Duration maxWait = h.compareTo(d.maxWait()) > 0 ? h : d.maxWait();
                var settings = new CartridgeScheduler.Settings(h, d.minBytes(), d.minFiles(), maxWait);
                cells.add(cell(simulator.run(t, new CartridgeScheduler(drive, settings))));
            }
            out.printf(row, cells.toArray());
        }
        out.printf("(bound: %d mounts, one per cartridge)%n", TraceGenerator.mixed(seed).distinctCartridges());
    }

    private static String cell(SimResult r) { return "%5d / %s".formatted(r.mounts(), hms(r.meanWait())); }

    static String hms(Duration d) {
        long s = Math.round(d.toNanos() / 1e9);
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    private static long seed(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--seed wants a whole number, not '" + text + "'");
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}
