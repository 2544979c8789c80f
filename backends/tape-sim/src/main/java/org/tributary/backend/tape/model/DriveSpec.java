package org.tributary.backend.tape.model;

import java.time.Duration;

/**
 * How long a tape drive and its library take for each step of a recall or a migration. The simulated library and
 * the recall-scheduler trace simulator ({@code bench/}) use the same figures, so what the simulator judges is what the
 * library does.
 *
 * <p>Positions are byte offsets from the beginning of the cartridge. Locating is modelled as linear in the distance:
 * real LTO is serpentine (a far position can be close in tape length), so this overstates some seeks and understates
 * none by much; what matters for scheduling - reading a cartridge in position order beats jumping around, and a
 * mount costs far more than a locate - holds either way.
 *
 * @param generation       a name for the documentation ("LTO-9")
 * @param capacityBytes    native capacity of one cartridge
 * @param readBytesPerSec  native (uncompressed) read rate
 * @param writeBytesPerSec native write rate
 * @param robotMove        the robot moving a cartridge between its slot and a drive (each way)
 * @param load             load and thread to ready, for an initialised cartridge
 * @param unload           rewind and unload (LTO-9 re-tensions on unload, which is why it is long)
 * @param fullLocate       a locate over the whole length of the tape (twice the average from the load point)
 */
public record DriveSpec(String generation, long capacityBytes, double readBytesPerSec, double writeBytesPerSec,
                        Duration robotMove, Duration load, Duration unload, Duration fullLocate) {

    public DriveSpec {
        if (capacityBytes <= 0 || readBytesPerSec <= 0 || writeBytesPerSec <= 0) {
            throw new IllegalArgumentException("capacity and rates must be positive");
        }
        for (Duration d : new Duration[] {robotMove, load, unload, fullLocate}) {
            if (d.isNegative()) throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /**
     * LTO-9 full-height: 18 TB native, 400 MB/s native (LTO Program); load-to-ready 16 s, unload 56 s, average space
     * from load point 65 s (IBM TS2290 LTO-9 figures); the robot's move of 10 s is an assumption for a mid-size
     * library. docs/tape.md cites them.
     */
    public static DriveSpec lto9() {
        return new DriveSpec("LTO-9", 18_000_000_000_000L, 400e6, 400e6,
                Duration.ofSeconds(10), Duration.ofSeconds(16), Duration.ofSeconds(56), Duration.ofSeconds(130));
    }

    /** Robot to the drive, then load: from "in its slot" to "ready at the beginning". */
    public Duration mount() { return robotMove.plus(load); }

    /** Rewind and unload, then robot back to the slot. */
    public Duration dismount() { return unload.plus(robotMove); }

    /** Moving the head from one position to another on a loaded cartridge. */
    public Duration locate(long fromByte, long toByte) {
        double fraction = Math.min(1.0, Math.abs(toByte - fromByte) / (double) capacityBytes);
        return Duration.ofNanos(Math.round(fullLocate.toNanos() * fraction));
    }

    /** Streaming {@code bytes} off the tape. */
    public Duration read(long bytes) { return Duration.ofNanos(Math.round(bytes / readBytesPerSec * 1e9)); }

    /** Streaming {@code bytes} onto the tape. */
    public Duration write(long bytes) { return Duration.ofNanos(Math.round(bytes / writeBytesPerSec * 1e9)); }
}
