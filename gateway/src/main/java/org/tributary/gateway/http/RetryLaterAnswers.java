package org.tributary.gateway.http;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often the gateway told a client "busy, come back later" ({@code 503} with {@code Retry-After}), per reason:
 * the figures a site watches to size its limits, kept here for the metrics exporter to read. One instance per
 * gateway ({@code GatewayServer.retryLaterAnswers()}).
 */
public final class RetryLaterAnswers {

    /** Why the gateway was busy, with the delay it suggests. */
    public enum Reason {
        /** The third-party-copy queue is full ({@code tpc.max-queued}). */
        TPC_QUEUE_FULL(30),
        /** Too many uploads receive a body at once ({@code server.max-concurrent-uploads}). */
        TOO_MANY_UPLOADS(10),
        /** The storage behind an area timed out, throttled or is down. */
        BACKEND_UNAVAILABLE(30),
        /**
         * A read of a file that is only on tape: it must be staged first. 503 rather than 409 (which davix and gfal2
         * read as "file exists") so that FTS counts it as a recoverable failure; a recall takes minutes.
         */
        NEARLINE(300),
        /** The gateway is stopping; a restart usually follows. */
        SHUTTING_DOWN(10),
        /** Any other 503 (from Jetty itself). */
        OTHER(30);

        private final int retryAfterSeconds;

        Reason(int retryAfterSeconds) {
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int retryAfterSeconds() { return retryAfterSeconds; }
    }

    private final Map<Reason, LongAdder> counts = new EnumMap<>(Reason.class);

    public RetryLaterAnswers() {
        for (Reason r : Reason.values()) counts.put(r, new LongAdder());
    }

    public void count(Reason reason) {
        counts.get(reason).increment();
    }

    public long get(Reason reason) {
        return counts.get(reason).sum();
    }

    /** Every reason with its count so far, zeros included. */
    public Map<Reason, Long> snapshot() {
        Map<Reason, Long> m = new EnumMap<>(Reason.class);
        counts.forEach((r, n) -> m.put(r, n.sum()));
        return m;
    }
}
