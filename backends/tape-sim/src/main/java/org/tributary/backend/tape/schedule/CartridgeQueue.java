package org.tributary.backend.tape.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;

/** The jobs waiting for one cartridge, in position order, with what the scheduler weighs: bytes, age, requesters. */
final class CartridgeQueue {

    static final Comparator<RecallJob> BY_POSITION =
            Comparator.comparingLong(RecallJob::position).thenComparingLong(RecallJob::id);
    static final Comparator<RecallJob> BY_AGE =
            Comparator.comparing(RecallJob::submitted).thenComparingLong(RecallJob::id);

    private final String cartridge;
    private final NavigableSet<RecallJob> byPosition = new TreeSet<>(BY_POSITION);
    private final NavigableSet<RecallJob> byAge = new TreeSet<>(BY_AGE);
    private final Map<String, Integer> perRequester = new HashMap<>();
    private long bytes;

    CartridgeQueue(String cartridge) { this.cartridge = cartridge; }

    String cartridge() { return cartridge; }

    void add(RecallJob job) {
        byPosition.add(job);
        byAge.add(job);
        perRequester.merge(job.requester(), 1, Integer::sum);
        bytes += job.size();
    }

    void remove(RecallJob job) {
        if (!byPosition.remove(job)) return;
        byAge.remove(job);
        perRequester.computeIfPresent(job.requester(), (r, n) -> n == 1 ? null : n - 1);
        bytes -= job.size();
    }

    boolean isEmpty() { return byPosition.isEmpty(); }

    int size() { return byPosition.size(); }

    long bytes() { return bytes; }

    Instant oldest() { return byAge.first().submitted(); }

    Set<String> requesters() { return perRequester.keySet(); }

    /**
     * All the jobs, in the order one forward pass reads them from {@code head}: those at or beyond the head in position
     * order, then those behind it from the beginning (one locate back). Tape reads forward; a sweep in one direction
     * locates across each stretch of tape at most twice, where jumping in submit order may cross it once per file.
     */
    List<RecallJob> sweepFrom(long head) {
        RecallJob probe = new RecallJob(Long.MIN_VALUE, cartridge, head, 0, Instant.MIN, "");
        List<RecallJob> order = new ArrayList<>(byPosition.tailSet(probe, true));
        order.addAll(byPosition.headSet(probe, false));
        return order;
    }
}
