package org.tributary.gateway.server;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;
import org.eclipse.jetty.util.thread.Scheduler;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A request head (request line and headers) must arrive completely within {@code server.request-head-timeout}. The
 * idle timeout alone does not stop a client that sends one byte of its head every few seconds ("slowloris"): each
 * byte restarts it, and such clients can hold every connection. Jetty 12.1 has no head timeout of its own (its
 * minimum data rates apply to bodies), so this watches each network connection from the outside, through public API
 * only: a {@link Connection.Listener} learns when a connection opens and closes, this handler when a request head
 * was complete (its request reaches the handler) and when its exchange ended.
 *
 * <p>On a new connection the head must be complete one timeout after the connection opened (a TLS handshake counts).
 * Between requests on a kept-alive connection the client may stay silent (the idle timeout governs that); once bytes
 * of a next request have arrived, seen by the connection's byte count at most one timeout later, the head must be
 * complete one timeout after that. So a head gets between one and two timeouts; a slow client is closed.
 *
 * <p>Because it knows which connections are between requests, it also closes those when a graceful stop begins
 * ({@link Graceful}): the connectors keep the normal idle timeout while stopping (running uploads may pause), so
 * without this every kept-alive idle connection (FTS keeps many) would hold the stop for the whole grace period.
 */
final class RequestHeadTimeout extends Handler.Wrapper implements Connection.Listener, Graceful {

    private final long timeoutMillis;
    private final Scheduler scheduler;
    private final Map<EndPoint, Watch> watches = new ConcurrentHashMap<>();
    private volatile boolean shutdown;

    RequestHeadTimeout(Handler next, long timeoutMillis, Scheduler scheduler) {
        super(next);
        this.timeoutMillis = timeoutMillis;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection.getEndPoint() instanceof EndPoint.Wrapper) return; // TLS: the network connection is watched
        Watch w = new Watch(connection);
        watches.put(connection.getEndPoint(), w);
        w.awaitHead();
    }

    @Override
    public void onClosed(Connection connection) {
        Watch w = watches.remove(connection.getEndPoint());
        if (w != null) w.stop();
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        shutdown = true;
        for (Watch w : watches.values()) w.closeIfIdle();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Watch w = watches.get(network(request.getConnectionMetaData().getConnection().getEndPoint()));
        if (w == null) return super.handle(request, response, callback);
        w.requestStarted();
        // Ended before Jetty completes the exchange: it may start the next pipelined request right away.
        return super.handle(request, response, new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                w.requestEnded();
                super.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                w.requestEnded();
                super.failed(x);
            }
        });
    }

    private static EndPoint network(EndPoint ep) {
        while (ep instanceof EndPoint.Wrapper w) ep = w.unwrap();
        return ep;
    }

    /** One network connection: waiting for a head (deadline), idle between requests, or in a request (no timer). */
    private final class Watch implements Runnable {
        private final Connection connection;
        private Scheduler.Task task;
        private boolean deadline;      // the timer ends the head's time (else: it looks for a next request's bytes)
        private boolean inRequest;
        private boolean stopped;
        private long bytesAtIdle;

        Watch(Connection connection) {
            this.connection = connection;
        }

        synchronized void awaitHead() {
            schedule(true);
        }

        synchronized void requestStarted() {
            inRequest = true;
            cancel();
        }

        synchronized void requestEnded() {
            inRequest = false;
            if (shutdown) {
                cancel();
                return; // Jetty closes the connection after this response
            }
            bytesAtIdle = connection.getBytesIn();
            schedule(false);
        }

        void closeIfIdle() {
            synchronized (this) {
                if (inRequest || stopped) return;
            }
            connection.getEndPoint().close();
        }

        synchronized void stop() {
            stopped = true;
            cancel();
        }

        @Override
        public void run() {
            synchronized (this) {
                task = null;
                if (stopped || inRequest) return;
                if (!deadline) {
                    // Still silent: idle, not slow. Bytes of a next request: its head now has one timeout.
                    schedule(connection.getBytesIn() != bytesAtIdle);
                    return;
                }
            }
            connection.getEndPoint().close(); // the head did not arrive in time
        }

        private void schedule(boolean isDeadline) {
            if (stopped) return;
            cancel();
            deadline = isDeadline;
            task = scheduler.schedule(this, timeoutMillis, TimeUnit.MILLISECONDS);
        }

        private void cancel() {
            if (task != null) task.cancel();
            task = null;
        }
    }
}
