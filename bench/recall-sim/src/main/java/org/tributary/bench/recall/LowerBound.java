package org.tributary.bench.recall;

import java.time.Duration;

import org.tributary.backend.tape.model.DriveSpec;

/**
 * What no policy can beat on a trace: one mount per distinct cartridge, and the bytes read at the aggregate rate of
 * all drives with no mount, locate or idle time. Arrival times are ignored, so on a trace whose requests arrive over
 * time the bound is optimistic (a cartridge asked for again after it was read must be mounted again, or held idle).
 */
public record LowerBound(long mounts, Duration lastOnDisk) {

    public static LowerBound of(Trace trace, DriveSpec drive) {
        return new LowerBound(trace.distinctCartridges(), Duration.ofNanos(drive.read(trace.bytes()).toNanos() / trace.drives()));
    }
}
