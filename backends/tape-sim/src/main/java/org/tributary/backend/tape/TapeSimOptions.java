package org.tributary.backend.tape;

import org.tributary.backend.InvalidOption;
import org.tributary.backend.tape.model.DriveSpec;
import org.tributary.backend.tape.schedule.CartridgeScheduler;
import org.tributary.backend.tape.schedule.FifoScheduler;
import org.tributary.backend.tape.schedule.RecallScheduler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The settings of one simulated tape area, read from the {@code backend:} section of the gateway configuration
 * ({@code type: tape-sim}). docs/configuration.md describes each key; docs/tape.md the model behind them.
 *
 * <p>Durations of the policies ({@code migrate-after}, {@code migrate-max-delay}) are wall-clock time, as an
 * administrator means them; only the drive and robot steps of the model are sped up by {@code timeScale}.
 *
 * @param buffer            the disk buffer: a directory served like a posix area
 * @param library           where the library keeps its cartridges (one file each) and its catalogue (SQLite)
 * @param createDirectories create {@code buffer} and {@code library} at start when missing
 * @param drives            how many drives the library has
 * @param timeScale         simulated seconds per real second (1: real LTO-9 timing; 1000: a mount takes 26 ms)
 * @param scheduler         the recall order: "cartridge" (grouped by cartridge, by position, fair, bounded wait) or "fifo"
 * @param drive             the drive generation's figures (LTO-9), with the cartridge capacity of this library
 * @param bufferCapacity    bytes the buffer may hold (the eviction marks are fractions of it)
 * @param highWater         above this fraction of {@code bufferCapacity}, migrated files are evicted ...
 * @param lowWater          ... down to this fraction
 * @param migrateAfter      a file goes to tape once it is this old (since its last write)
 * @param migrateBatchBytes a collocation group is written once it holds this many bytes of old-enough files ...
 * @param migrateMaxDelay   ... or once its oldest such file has waited this long beyond {@code migrateAfter}
 * @param evictOnRelease    release of the last pin evicts a migrated file at once (false: only under pressure)
 */
public record TapeSimOptions(Path buffer, Path library, boolean createDirectories, int drives, double timeScale,
                             String scheduler, DriveSpec drive, long bufferCapacity, double highWater, double lowWater,
                             Duration migrateAfter, long migrateBatchBytes, Duration migrateMaxDelay,
                             boolean evictOnRelease) {

    public static final List<String> KEYS = List.of("buffer", "library", "create-directories", "drives", "time-scale",
            "scheduler", "cartridge-capacity", "buffer-capacity", "high-water", "low-water", "migrate-after",
            "migrate-batch-bytes", "migrate-max-delay", "evict-on-release");

    /** The recall schedulers: FIFO (the baseline) and the cartridge scheduler of issue 12 (docs/tape-scheduler.md). */
    static final List<String> SCHEDULER_NAMES = List.of("cartridge", "fifo");

    public TapeSimOptions {
        Objects.requireNonNull(buffer, "buffer");
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(drive, "drive");
        Objects.requireNonNull(migrateAfter, "migrateAfter");
        Objects.requireNonNull(migrateMaxDelay, "migrateMaxDelay");
        if (drives < 1) throw new IllegalArgumentException("at least one drive");
        if (!(timeScale > 0)) throw new IllegalArgumentException("timeScale must be positive");
        if (!(0 < lowWater && lowWater <= highWater && highWater <= 1)) {
            throw new IllegalArgumentException("0 < lowWater <= highWater <= 1");
        }
        if (bufferCapacity <= 0) throw new IllegalArgumentException("bufferCapacity must be positive");
        if (!SCHEDULER_NAMES.contains(scheduler)) throw new IllegalArgumentException("unknown scheduler " + scheduler);
    }

    /** Defaults for code and tests: two LTO-9 drives, FIFO, 1 GiB of buffer, migration after one second. */
    public static TapeSimOptions of(Path buffer, Path library, double timeScale) {
        return new TapeSimOptions(buffer, library, false, 2, timeScale, "fifo", DriveSpec.lto9(), 1L << 30, 0.9, 0.7,
                Duration.ofSeconds(1), 0, Duration.ZERO, false);
    }

    public TapeSimOptions withDrives(int n) {
        return new TapeSimOptions(buffer, library, createDirectories, n, timeScale, scheduler, drive, bufferCapacity,
                highWater, lowWater, migrateAfter, migrateBatchBytes, migrateMaxDelay, evictOnRelease);
    }

    public TapeSimOptions withBuffer(long capacity, double high, double low) {
        return new TapeSimOptions(buffer, library, createDirectories, drives, timeScale, scheduler, drive, capacity,
                high, low, migrateAfter, migrateBatchBytes, migrateMaxDelay, evictOnRelease);
    }

    public TapeSimOptions withMigration(Duration after, long batchBytes, Duration maxDelay) {
        return new TapeSimOptions(buffer, library, createDirectories, drives, timeScale, scheduler, drive, bufferCapacity,
                highWater, lowWater, after, batchBytes, maxDelay, evictOnRelease);
    }

    public TapeSimOptions withCartridgeCapacity(long bytes) {
        return new TapeSimOptions(buffer, library, createDirectories, drives, timeScale, scheduler,
                withCapacity(drive, bytes), bufferCapacity, highWater, lowWater, migrateAfter, migrateBatchBytes,
                migrateMaxDelay, evictOnRelease);
    }

    public TapeSimOptions withEvictOnRelease(boolean evict) {
        return new TapeSimOptions(buffer, library, createDirectories, drives, timeScale, scheduler, drive, bufferCapacity,
                highWater, lowWater, migrateAfter, migrateBatchBytes, migrateMaxDelay, evict);
    }

    public TapeSimOptions withScheduler(String name) {
        return new TapeSimOptions(buffer, library, createDirectories, drives, timeScale, name, drive, bufferCapacity,
                highWater, lowWater, migrateAfter, migrateBatchBytes, migrateMaxDelay, evictOnRelease);
    }

    public TapeSimOptions withTimeScale(double scale) {
        return new TapeSimOptions(buffer, library, createDirectories, drives, scale, scheduler, drive, bufferCapacity,
                highWater, lowWater, migrateAfter, migrateBatchBytes, migrateMaxDelay, evictOnRelease);
    }

    /**
     * A new scheduler of the configured kind (one per library). The cartridge scheduler's hold-back and bound on waiting
     * are wall-clock durations for real drive times, so they shrink with the time scale as the drive steps do.
     */
    public RecallScheduler newScheduler() {
        return switch (scheduler) {
            case "cartridge" -> new CartridgeScheduler(drive, CartridgeScheduler.Settings.defaults().scaled(timeScale));
            default -> new FifoScheduler();
        };
    }

    private static DriveSpec withCapacity(DriveSpec d, long bytes) {
        return new DriveSpec(d.generation(), bytes, d.readBytesPerSec(), d.writeBytesPerSec(), d.robotMove(), d.load(),
                d.unload(), d.fullLocate());
    }

    /** An invalid option: {@code key} is relative to the backend section. */
    public static final class Invalid extends InvalidOption {
        public Invalid(String key, String detail) {
            super(key, detail);
        }
    }

    /**
     * Reads and validates the options of a {@code type: tape-sim} backend section (every key but {@code type}).
     *
     * @param sizes     parses sizes such as "10GiB" (the gateway's parser, so the syntax is the same everywhere)
     * @param durations parses durations such as "30s" (the gateway's parser)
     * @param resolve   turns a configured path into the one to use (relative to the working directory)
     */
    public static TapeSimOptions parse(Map<String, Object> options, ToLongFunction<String> sizes,
                                       Function<String, Duration> durations, Function<String, Path> resolve) {
        for (String k : options.keySet()) {
            if (!KEYS.contains(k)) throw new Invalid(k, "unknown key; allowed keys here: type, " + String.join(", ", KEYS));
        }
        Path buffer = path(options, "buffer", resolve, "the disk buffer, e.g. buffer: /srv/tape/buffer");
        Path library = path(options, "library", resolve, "where the cartridges and the catalogue live,"
                + " e.g. library: /srv/tape/library");
        if (buffer.toAbsolutePath().normalize().startsWith(library.toAbsolutePath().normalize())
                || library.toAbsolutePath().normalize().startsWith(buffer.toAbsolutePath().normalize())) {
            throw new Invalid("library", "must not be inside the buffer, nor the buffer inside it (the buffer is served"
                    + " to clients, the library is not)");
        }
        boolean create = bool(options, "create-directories", false);
        Object d = options.get("drives");
        if (d != null && !(d instanceof Integer)) throw new Invalid("drives", "'" + d + "' is not a whole number of drives (1 to 64)");
        int drives = (int) number(options, "drives", 2, 1, 64, "a whole number of drives from 1 to 64");
        double scale = number(options, "time-scale", 1, 1e-3, 1e9,
                "simulated seconds per real second, e.g. 1 (real LTO-9 timing) or 1000 (a mount takes 26 ms)");
        String scheduler = text(options, "scheduler", "cartridge");
        if (!SCHEDULER_NAMES.contains(scheduler)) {
            throw new Invalid("scheduler", "'" + scheduler + "' is not a recall scheduler; use one of: "
                    + String.join(", ", SCHEDULER_NAMES));
        }
        DriveSpec drive = DriveSpec.lto9();
        long cartridge = size(options, "cartridge-capacity", drive.capacityBytes(), sizes);
        long capacity = size(options, "buffer-capacity", -1, sizes);
        if (capacity < 0) {
            throw new Invalid("buffer-capacity", "is required: the bytes the disk buffer may hold, e.g. buffer-capacity: 100GiB"
                    + " (the eviction marks are fractions of it)");
        }
        double high = number(options, "high-water", 0.9, 0.01, 1, "a fraction of buffer-capacity, e.g. 0.9");
        double low = number(options, "low-water", 0.7, 0.01, 1, "a fraction of buffer-capacity, e.g. 0.7");
        if (low > high) throw new Invalid("low-water", low + " is above high-water " + high + "; eviction goes from high-water down to low-water");
        Duration after = duration(options, "migrate-after", Duration.ofMinutes(10), durations);
        long batch = size(options, "migrate-batch-bytes", 0, sizes);
        Duration maxDelay = duration(options, "migrate-max-delay", Duration.ofHours(1), durations);
        boolean evict = bool(options, "evict-on-release", false);
        return new TapeSimOptions(buffer, library, create, drives, scale, scheduler, withCapacity(drive, cartridge),
                capacity, high, low, after, batch, maxDelay, evict);
    }

    private static Path path(Map<String, Object> o, String key, Function<String, Path> resolve, String what) {
        Object v = o.get(key);
        if (!(v instanceof String s) || s.isBlank()) throw new Invalid(key, "is required for a tape-sim backend: " + what);
        return resolve.apply(s);
    }

    private static boolean bool(Map<String, Object> o, String key, boolean dflt) {
        Object v = o.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new Invalid(key, "must be true or false");
    }

    private static String text(Map<String, Object> o, String key, String dflt) {
        Object v = o.get(key);
        if (v == null) return dflt;
        if (v instanceof String s) return s;
        throw new Invalid(key, "must be text");
    }

    private static double number(Map<String, Object> o, String key, double dflt, double min, double max, String what) {
        Object v = o.get(key);
        if (v == null) return dflt;
        if (!(v instanceof Number n)) throw new Invalid(key, "'" + v + "' is not a number; " + what);
        double d = n.doubleValue();
        if (!(d >= min && d <= max)) throw new Invalid(key, d + " is out of range " + min + ".." + max + "; " + what);
        return d;
    }

    private static long size(Map<String, Object> o, String key, long dflt, ToLongFunction<String> sizes) {
        Object v = o.get(key);
        if (v == null) return dflt;
        try {
            long n = v instanceof Number num ? num.longValue() : sizes.applyAsLong(String.valueOf(v));
            if (n < 0) throw new IllegalArgumentException("must not be negative");
            if (n == 0 && !key.equals("migrate-batch-bytes")) throw new IllegalArgumentException("must be more than zero");
            return n;
        } catch (IllegalArgumentException e) {
            throw new Invalid(key, e.getMessage());
        }
    }

    private static Duration duration(Map<String, Object> o, String key, Duration dflt, Function<String, Duration> durations) {
        Object v = o.get(key);
        if (v == null) return dflt;
        try {
            Duration d = durations.apply(String.valueOf(v));
            if (d.isNegative()) throw new IllegalArgumentException("must not be negative");
            return d;
        } catch (IllegalArgumentException e) {
            throw new Invalid(key, e.getMessage());
        }
    }
}
