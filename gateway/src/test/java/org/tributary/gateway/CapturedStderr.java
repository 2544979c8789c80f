package org.tributary.gateway;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the server writes to standard error (its log: our own lines and Jetty's, through slf4j-simple) while this is
 * open; the text still reaches the real stderr too. Test classes run one after another, so nothing else writes here.
 */
public final class CapturedStderr implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    public CapturedStderr() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (copy) { copy.write(b); }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (copy) { copy.write(b, off, len); }
                original.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    public String text() {
        synchronized (copy) { return copy.toString(StandardCharsets.UTF_8); }
    }

    /** Whether anything looks like a stack trace or an internal error. */
    public boolean hasStackTrace() {
        String t = text();
        return t.contains("\tat ") || t.contains("internal error") || t.contains("Exception");
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
