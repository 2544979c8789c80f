package org.tributary.gateway.server;

import org.tributary.gateway.http.LogText;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One line per request, written by a background thread in batches so request threads never wait for the log's
 * disk or terminal. If the log cannot keep up, lines are dropped and counted (the count is logged), never blocking.
 * Format: time client "METHOD path" status bytes-in bytes-out millis identity "user agent" [(note)]
 * Every value a client or a token chose is escaped ({@link LogText}): a line is always one whole record.
 */
public final class AccessLog implements AutoCloseable {

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(65536);
    private final AtomicLong dropped = new AtomicLong();
    private final Writer out;
    private final Thread writer;
    private volatile boolean closed;

    private AccessLog(Writer out) {
        this.out = out;
        this.writer = out == null ? null : Thread.ofPlatform().daemon().name("access-log").start(this::drain);
    }

    /** "stdout", "off", or a file path (appended). */
    public static AccessLog open(String target) throws IOException {
        if (target == null || target.equals("off")) return new AccessLog(null);
        OutputStream os = target.equals("stdout") ? System.out
                : Files.newOutputStream(Path.of(target), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new AccessLog(new OutputStreamWriter(os, StandardCharsets.UTF_8));
    }

    public boolean enabled() { return out != null; }

    /** {@code identity} comes escaped ({@link org.tributary.gateway.access.Identity#logName()}); all else is escaped here. */
    public void log(String client, String method, String path, int status, long in, long outBytes, long micros,
                    String identity, String userAgent, String note) {
        if (out == null) return;
        StringBuilder sb = new StringBuilder(160);
        sb.append(Instant.now()).append(' ').append(LogText.field(client)).append(" \"").append(LogText.quoted(method))
                .append(' ').append(LogText.quoted(path)).append("\" ").append(status).append(' ').append(in)
                .append(' ').append(outBytes).append(' ').append(micros / 1000).append('.')
                .append((micros % 1000) / 100).append("ms ").append(identity)
                .append(" \"").append(LogText.quoted(userAgent)).append('"');
        if (note != null) sb.append(" (").append(LogText.quoted(note)).append(')');
        sb.append('\n');
        if (!queue.offer(sb.toString())) dropped.incrementAndGet();
    }

    private void drain() {
        List<String> batch = new ArrayList<>(1024);
        try {
            while (!closed || !queue.isEmpty()) {
                String first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, 4096);
                for (String s : batch) out.write(s);
                long d = dropped.getAndSet(0);
                if (d > 0) out.write(Instant.now() + " access log: " + d + " lines dropped (log too slow)\n");
                out.flush();
                batch.clear();
            }
        } catch (InterruptedException | IOException e) {
            // the log is best effort; the server goes on
        }
    }

    @Override
    public void close() {
        closed = true;
        if (writer != null) {
            try {
                writer.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
