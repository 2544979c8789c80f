package org.tributary.gateway.dashboard;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.tributary.gateway.front.ExchangeHandler;
import org.tributary.gateway.security.Identity;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the dashboard knows of finished requests: the bytes they read and wrote (summed; the page turns two samples
 * into a rate) and the last {@link #KEPT} refusals and failures. It is a second {@link RequestLog} beside the access
 * log, so it sees every request the access log sees, Jetty's own refusals included, and needs no hook in an endpoint.
 *
 * <p>Kept as errors: every 5xx, and 4xx except 401 and 404, which clients meet in normal work (a token challenge, a
 * stat of a file that is not there yet) and which would push the interesting ones out of the buffer.
 */
public final class RecentRequests implements RequestLog {

    /** How many errors the page shows. */
    public static final int KEPT = 50;

    /** One refused or failed request; {@code note} is the one-line reason the client read, when there is one. */
    public record Failure(Instant time, String method, String path, int status, String identity, String note) { }

    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final ArrayDeque<Failure> failures = new ArrayDeque<>(KEPT);

    @Override
    public void log(Request request, Response response) {
        bytesIn.add(Math.max(0, Request.getContentBytesRead(request)));
        bytesOut.add(Math.max(0, Response.getContentBytesWritten(response)));
        int status = response.getStatus();
        if (status < 400 || status == 401 || status == 404) return;
        Object who = request.getAttribute(ExchangeHandler.LOG_IDENTITY);
        Object note = request.getAttribute(ExchangeHandler.LOG_NOTE);
        // the path only: a query may hold a capability (authz=...)
        Failure f = new Failure(Instant.now(), request.getMethod(), String.valueOf(request.getHttpURI().getPath()), status,
                who instanceof Identity i ? i.logName() : "-", note == null ? "" : note.toString());
        synchronized (failures) {
            if (failures.size() == KEPT) failures.removeLast();
            failures.addFirst(f);
        }
    }

    /** Request body bytes read since start. */
    public long bytesIn() { return bytesIn.sum(); }

    /** Response body bytes written since start. */
    public long bytesOut() { return bytesOut.sum(); }

    /** The kept failures, newest first. */
    public List<Failure> failures() {
        synchronized (failures) {
            return new ArrayList<>(failures);
        }
    }
}
