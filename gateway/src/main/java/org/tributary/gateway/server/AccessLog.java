package org.tributary.gateway.server;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.security.BearerTokenExtractor;
import org.tributary.gateway.front.ExchangeHandler;
import org.tributary.gateway.http.LogText;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request log: Jetty's {@link RequestLog} hook on the {@code Server}, so it sees every request once its response
 * is complete, whichever endpoint served it, and also those Jetty refused before any handler ran (a malformed request
 * line or header, answered by {@link PlainTextErrorHandler}) and those a stopping server refused. One line each:
 * <pre>time client "METHOD path?query" status bytes-in bytes-out millis identity "user agent" [(note)]</pre>
 * or, with {@code server.access-log-format: json}, the same fields as one JSON object per line.
 * The identity ({@code sub=.. iss=.. jti=..}, never a token) and the note come from the {@link ExchangeHandler}
 * (request attributes); a request that never reached it shows {@code -} as its identity. Tokens in the query are
 * redacted, and every value a client or a token chose is escaped ({@link LogText}): a line is always one record.
 *
 * <p>Lines are written by one background thread (a single-thread executor with a bounded queue), so a request never
 * waits for the log's disk or terminal; when the log cannot keep up, lines are dropped and counted in the server log.
 * Jetty's {@code CustomRequestLog}/{@code AsyncRequestLogWriter} are not used: the format codes cannot escape values
 * or print request attributes, and the writer writes only to files or stderr (decision record 0018).
 */
public final class AccessLog implements RequestLog, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLog.class);
    private static final int QUEUE = 65536;

    private final java.io.Writer out;
    private final ThreadPoolExecutor writer;
    private final AtomicLong dropped = new AtomicLong();

    private final boolean json;

    private AccessLog(java.io.Writer out, boolean json) {
        this.out = out;
        this.json = json;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                Thread.ofPlatform().daemon().name("access-log").factory(), (line, pool) -> dropped.incrementAndGet());
    }

    /**
     * {@code server.access-log}: "stdout", or a file path (appended to, created if missing). "off" has no log at all:
     * the server installs none ({@link #open} returns null). The lines as text.
     */
    public static AccessLog open(String target) throws IOException {
        return open(target, false);
    }

    /**
     * @param json one JSON object per line ({@code server.access-log-format: json}), the same fields as the text
     */
    public static AccessLog open(String target, boolean json) throws IOException {
        if (target == null || target.equals("off")) return null;
        OutputStream os = target.equals("stdout") ? System.out
                : Files.newOutputStream(Path.of(target), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new AccessLog(new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 64 * 1024), json);
    }

    @Override
    public void log(Request request, Response response) {
        String line;
        try {
            line = json ? jsonLine(request, response) : line(request, response);
        } catch (RuntimeException e) {
            // Never let the log break the answer; the exception names no client value (no message printed).
            LOG.warn("access log: a request could not be logged ({})", e.getClass().getSimpleName());
            return;
        }
        try {
            writer.execute(() -> write(line));
        } catch (RejectedExecutionException closed) {
            dropped.incrementAndGet(); // after close(): a request that outlived the server
        }
    }

    /** What one record says, before it is written as text or as JSON. */
    private record Fields(Instant time, String client, String method, String target, int status, long bytesIn,
                          long bytesOut, long micros, String identity, String userAgent, Object note) {

        static Fields of(Request request, Response response) {
            HttpURI uri = request.getHttpURI();
            Object identity = request.getAttribute(ExchangeHandler.LOG_IDENTITY);
            return new Fields(Instant.now(), Request.getRemoteAddr(request), request.getMethod(),
                    uri == null ? null : BearerTokenExtractor.redactQuery(uri.getPathQuery()), response.getStatus(),
                    Request.getContentBytesRead(request), Response.getContentBytesWritten(response),
                    NanoTime.since(request.getBeginNanoTime()) / 1000,
                    identity instanceof Identity who ? who.logName() : "-",
                    request.getHeaders().get(HttpHeader.USER_AGENT), request.getAttribute(ExchangeHandler.LOG_NOTE));
        }
    }

    /** One record; values the client or a token chose are escaped, the identity comes escaped. */
    static String line(Request request, Response response) {
        Fields f = Fields.of(request, response);
        StringBuilder sb = new StringBuilder(160);
        sb.append(f.time()).append(' ').append(LogText.field(f.client())).append(" \"")
                .append(LogText.quoted(f.method())).append(' ').append(LogText.quoted(f.target())).append("\" ")
                .append(f.status()).append(' ').append(f.bytesIn())
                .append(' ').append(f.bytesOut()).append(' ').append(f.micros() / 1000)
                .append('.').append((f.micros() % 1000) / 100).append("ms ")
                .append(f.identity())
                .append(" \"").append(LogText.quoted(f.userAgent())).append('"');
        if (f.note() != null) sb.append(" (").append(LogText.quoted(f.note().toString())).append(')');
        return sb.append('\n').toString();
    }

    /**
     * The same record as one JSON object on one line (a JSON writer escapes every control character, so a value
     * cannot end the line or add a field); absent values are left out.
     */
    static String jsonLine(Request request, Response response) {
        Fields f = Fields.of(request, response);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("time", f.time().toString());
        o.put("client", f.client());
        o.put("method", f.method());
        o.put("target", f.target());
        o.put("status", f.status());
        o.put("bytes_in", f.bytesIn());
        o.put("bytes_out", f.bytesOut());
        o.put("duration_ms", f.micros() / 1000.0);
        o.put("identity", f.identity());
        o.put("user_agent", f.userAgent());
        if (f.note() != null) o.put("note", f.note().toString());
        o.values().removeIf(java.util.Objects::isNull);
        return JSONObjectUtils.toJSONString(o) + "\n";
    }

    /** On the writer thread: flushes when no further line is waiting, so a busy log writes in large blocks. */
    private void write(String line) {
        try {
            out.write(line);
            if (writer.getQueue().isEmpty()) {
                out.flush();
                long d = dropped.getAndSet(0);
                if (d > 0) LOG.warn("access log: {} lines dropped (the log could not keep up)", d);
            }
        } catch (IOException e) {
            // the log is best effort; the server goes on (a full disk must not fail requests)
        }
    }

    /** Writes what is queued (bounded wait), then flushes; later lines are dropped. */
    @Override
    public void close() {
        ExecutorService w = writer;
        w.shutdown();
        try {
            if (!w.awaitTermination(5, TimeUnit.SECONDS)) LOG.warn("access log: lines still queued at exit were lost");
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // best effort, as above
        }
    }
}
