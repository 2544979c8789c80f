package org.tributary.tpc;

import java.util.HashMap;
import java.util.Map;

/**
 * Admission control: at most {@code maxActive} transfers move data at once (and {@code maxActivePerArea} per storage
 * area); up to {@code maxQueued} more are accepted and wait for a slot (they already have their 202 and send perf
 * markers with zero bytes while waiting); beyond that {@link #admit} returns null and the gateway answers 503 with
 * Retry-After. Waiting is FIFO-ish (a monitor; fairness is not guaranteed but no transfer waits for a full queue).
 */
public final class TransferLimiter {

    private final int maxActive;
    private final int maxActivePerArea;
    private final int maxQueued;
    private int active;
    private int queued;
    private final Map<String, Integer> activePerArea = new HashMap<>();

    public TransferLimiter(int maxActive, int maxActivePerArea, int maxQueued) {
        this.maxActive = maxActive;
        this.maxActivePerArea = maxActivePerArea;
        this.maxQueued = maxQueued;
    }

    /** A place in the system: queued until {@link #awaitSlot} returns, active until {@link #close}. */
    public final class Ticket implements AutoCloseable {
        private final String area;
        private boolean isActive;
        private boolean closed;

        private Ticket(String area) { this.area = area; }

        /** Blocks until this transfer may move data. Interruptible (a cancelled transfer leaves the queue). */
        public void awaitSlot() throws InterruptedException {
            synchronized (TransferLimiter.this) {
                if (isActive) return;
                while (!free(area)) TransferLimiter.this.wait();
                queued--;
                activate();
            }
        }

        private void activate() {
            isActive = true;
            active++;
            activePerArea.merge(area, 1, Integer::sum);
        }

        @Override
        public void close() {
            synchronized (TransferLimiter.this) {
                if (closed) return;
                closed = true;
                if (isActive) {
                    active--;
                    activePerArea.merge(area, -1, Integer::sum);
                } else {
                    queued--;
                }
                TransferLimiter.this.notifyAll();
            }
        }
    }

    /** A ticket (active at once if a slot is free, else queued), or null when the queue is full too. */
    public synchronized Ticket admit(String area) {
        Ticket t = new Ticket(area);
        if (queued == 0 && free(area)) {
            t.activate();
            return t;
        }
        if (queued >= maxQueued) return null;
        queued++;
        return t;
    }

    private boolean free(String area) {
        return active < maxActive && activePerArea.getOrDefault(area, 0) < maxActivePerArea;
    }

    public synchronized int active() { return active; }

    public synchronized int queued() { return queued; }
}
