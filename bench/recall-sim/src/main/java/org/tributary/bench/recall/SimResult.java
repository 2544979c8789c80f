package org.tributary.bench.recall;

import java.time.Duration;
import java.util.Map;

/**
 * What one policy did with one trace.
 *
 * @param mounts      cartridges mounted (a drive staying on its cartridge mounts nothing)
 * @param locate      time all drives together spent locating
 * @param driveUse    share of the drives' time, from the start to the last file on disk, spent reading files
 * @param lastOnDisk  from the start of the trace until the last file was on disk
 * @param meanWait    from asking for a file until it was on disk, averaged over the files
 * @param longestWait the same, for the file that waited longest
 * @param requests    per requester, from its first file asked for until its last file was on disk
 */
public record SimResult(int mounts, Duration locate, double driveUse, Duration lastOnDisk, Duration meanWait, Duration longestWait,
                        Map<String, Duration> requests) {

    public SimResult {
        requests = Map.copyOf(requests);
    }
}
