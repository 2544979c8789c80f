package org.tributary.packaging;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * When to kill: after a random time, or a random few microseconds after a client starts a request of a chosen kind
 * (a MOVE onto an existing name, say). Timed kills land mostly in long uploads; aimed ones land inside the short
 * requests whose window of inconsistency is a few microseconds wide (delete-then-rename is found this way).
 */
final class KillTrigger {

    static final String[] KINDS = {"PUT new", "PUT overwrite", "MOVE onto a new name", "MOVE onto an existing name",
            "MOVE onto an existing name", "DELETE", "COPY pull"};

    private final String kind;
    private final CountDownLatch begun = new CountDownLatch(1);

    /** {@code kind} null: a timed kill. */
    KillTrigger(String kind) {
        this.kind = kind;
    }

    String kind() { return kind; }

    void begun(String what) {
        if (kind != null && what.startsWith(kind)) begun.countDown();
    }

    /** Waits for a request of the kind (at most {@code maxMillis}), then {@code delayMicros} more. */
    void await(long maxMillis, long delayMicros) throws InterruptedException {
        if (kind == null) {
            Thread.sleep(maxMillis);
            return;
        }
        begun.await(maxMillis, TimeUnit.MILLISECONDS);
        long until = System.nanoTime() + delayMicros * 1000;
        while (System.nanoTime() < until) Thread.onSpinWait();
    }
}
