package org.tributary.gateway.server;

import org.tributary.gateway.http.RetryLater;
import org.tributary.gateway.http.RetryLaterAnswers;

import java.util.concurrent.Semaphore;

/**
 * At most {@code server.max-concurrent-uploads} PUTs receive a body at once. Each holds a temporary file, a digest
 * state and a thread while its client sends; past the limit a PUT is answered {@code 503} with {@code Retry-After}
 * before any byte of its body is read, instead of every upload slowing down together until clients time out.
 */
final class ConcurrentUploads {

    private final int max;
    private final Semaphore slots;

    ConcurrentUploads(int max) {
        this.max = max;
        this.slots = new Semaphore(max);
    }

    /** A slot, released by closing it; or RetryLater when all are taken. */
    AutoCloseable enter() {
        if (!slots.tryAcquire()) {
            throw new RetryLater(RetryLaterAnswers.Reason.TOO_MANY_UPLOADS, max
                    + " uploads are already in progress (server.max-concurrent-uploads); retry later");
        }
        return slots::release;
    }
}
