package org.tributary.backend.tape.schedule;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Drive time each requester with queued jobs has received, for sharing the drives fairly between requesters (start-time
 * fair queueing): the requester that has received least goes next. A requester that (re)joins starts at the least
 * any waiting requester has received, so a newcomer neither jumps ahead of everybody for hours nor lines up behind
 * the drive time others were given before it came; one that has nothing queued any more is forgotten.
 */
final class FairShare {

    private final Map<String, Integer> queued = new HashMap<>();
    private final Map<String, Double> received = new HashMap<>();

    void queued(String requester) {
        if (queued.merge(requester, 1, Integer::sum) == 1) {
            double floor = received.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
            received.put(requester, floor);
        }
    }

    void dequeued(String requester) {
        if (queued.computeIfPresent(requester, (r, n) -> n == 1 ? null : n - 1) == null) received.remove(requester);
    }

    /** Adds drive time (seconds) a requester was given; a requester with nothing queued is not tracked any more. */
    void charge(String requester, double seconds) {
        received.computeIfPresent(requester, (r, s) -> s + seconds);
    }

    /** The least drive time any of these requesters has received (how deserving a cartridge that serves them is). */
    double leastReceived(Collection<String> requesters) {
        double least = Double.POSITIVE_INFINITY;
        for (String r : requesters) least = Math.min(least, received.getOrDefault(r, 0.0));
        return least;
    }
}
