package org.tributary.gateway.http;

import java.util.Map;

/** "Busy, come back later": {@code 503} with {@code Retry-After}, and the reason it is counted under. */
public final class RetryLater extends HttpError {

    private final RetryLaterAnswers.Reason reason;

    public RetryLater(RetryLaterAnswers.Reason reason, String message) {
        super(503, message, Map.of("Retry-After", String.valueOf(reason.retryAfterSeconds())));
        this.reason = reason;
    }

    public RetryLaterAnswers.Reason reason() { return reason; }
}
