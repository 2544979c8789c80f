package org.tributary.backend.tape.library;

import java.time.Duration;

/**
 * How the library lets simulated time pass: every step of the model (robot, load, locate, read, write, unload) is a
 * {@link #pass} of its {@link org.tributary.backend.tape.model.DriveSpec} duration. The gateway's is {@link #scaled}: a
 * real sleep of the duration divided by the time scale. Tests may inject one that records or blocks.
 */
@FunctionalInterface
public interface TapeTime {

    void pass(Duration simulated) throws InterruptedException;

    /** Sleeps {@code simulated / scale} of real time (scale 1000: a 26 s mount takes 26 ms). */
    static TapeTime scaled(double scale) {
        if (!(scale > 0)) throw new IllegalArgumentException("scale must be positive");
        return simulated -> {
            long nanos = Math.round(simulated.toNanos() / scale);
            if (nanos > 0) Thread.sleep(Duration.ofNanos(nanos));
        };
    }
}
