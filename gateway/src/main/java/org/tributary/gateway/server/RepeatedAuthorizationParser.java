package org.tributary.gateway.server;

import org.eclipse.jetty.http.ComplianceViolation;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Jetty's HTTP/1.1 request parser, except that an {@code Authorization} line this connection has already sent, byte
 * for byte, is not read again character by character.
 *
 * <p>Why: a client keeps its bearer token for many requests on one kept-alive connection (an FTS transfer, a gfal2
 * listing, a Rucio crawl), and Jetty's parser spends about 5 ns per byte of it: ~4 µs of a ~50 µs small GET for an
 * ordinary 700-character token, nearly all of what a token costs (docs/performance.md). Jetty's own per-connection
 * header cache would avoid that, but it matched values case-insensitively (a case-altered token was taken for the
 * valid one) and, exact or not, walking its trie cost more than plain parsing once 64 connections each had one.
 *
 * <p>How: when a request starts and its whole head is in the buffer, the head is scanned for line starts. If it has
 * exactly one Authorization line, that line equals {@code "Authorization: " + value + CRLF} for the value Jetty parsed
 * from the last Authorization line of this connection, the next line starts a field or ends the head, and nothing in
 * the head is unusual (bare CR or LF, a folded line, a head over the size limit), Jetty parses the head up to that line, the remembered field is handed to the
 * request where Jetty would have handed it (right after the field of the line above, which Jetty holds until the
 * next line starts), and Jetty parses the rest. Anything else is left to Jetty entirely.
 * {@code RepeatedAuthorizationParserTest} compares this parser with Jetty's, event by event, on thousands of mutated
 * requests.
 */
final class RepeatedAuthorizationParser extends HttpParser {

    private static final byte[] NAME = "authorization:".getBytes(StandardCharsets.US_ASCII);

    /** The last Authorization field Jetty parsed on this connection, with the exact line that carries it. */
    private record Known(HttpField field, ByteBuffer line) {

        /** CRLF "Authorization: " value CRLF; null for a value with bytes this shortcut does not handle. */
        static Known of(HttpField field) {
            String v = field.getValue();
            if (v == null || v.isEmpty() || v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' ') return null;
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c < 0x20 || c > 0x7e) return null; // visible ASCII and space only: no tabs, no obs-text
            }
            byte[] line = ("\r\nAuthorization: " + v + "\r\n").getBytes(StandardCharsets.US_ASCII);
            return new Known(field, ByteBuffer.wrap(line).asReadOnlyBuffer());
        }
    }

    private final Observer observer;
    private final int maxHeaderBytes;
    private FieldState fieldState = FieldState.FIELD;
    private boolean rightAfterRequestLine; // set by repeatedLine: no header line above the one found
    private long shortcuts;

    RepeatedAuthorizationParser(RequestHandler handler, int maxHeaderBytes, HttpCompliance compliance) {
        this(new Observer(handler), maxHeaderBytes, compliance);
    }

    private RepeatedAuthorizationParser(Observer observer, int maxHeaderBytes, HttpCompliance compliance) {
        super(observer, maxHeaderBytes, compliance);
        this.observer = observer;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** How many requests took the shortcut (tests check that it is taken, not only that it is harmless). */
    long shortcuts() {
        return shortcuts;
    }

    @Override
    public boolean parseNext(ByteBuffer buffer) {
        Known known = observer.known;
        if (known == null || getState() != State.START) return super.parseNext(buffer);
        int at = repeatedLine(buffer, known);
        if (at < 0) return super.parseNext(buffer);
        int limit = buffer.limit();
        boolean handled;
        buffer.limit(at + 2); // up to and including the CRLF that ends the line above
        try {
            handled = super.parseNext(buffer);
        } finally {
            buffer.limit(limit);
        }
        if (handled) return true;
        if (buffer.position() == at + 2 && getState() == State.HEADER && fieldState == FieldState.FIELD) {
            // Jetty holds each field until the next line starts: a line above ours is still pending, and goes first.
            if (rightAfterRequestLine) observer.target.parsedHeader(known.field());
            else observer.deferred = known.field();
            buffer.position(at + known.line().remaining()); // after the Authorization line and its CRLF
            shortcuts++;
        }
        return super.parseNext(buffer);
    }

    /**
     * Where the remembered Authorization line starts (its leading CRLF) in the request head at the buffer's position,
     * or -1 when the head is not whole in the buffer, is too long, has anything but CRLF line ends, a folded line, or
     * other than exactly one Authorization line, or that line is not exactly the remembered one.
     */
    private int repeatedLine(ByteBuffer b, Known known) {
        int start = b.position(), end = b.limit(), found = -1;
        int lineLength = known.line().remaining();
        boolean firstLineEnd = true;
        for (int i = start; i < end; i++) {
            byte c = b.get(i);
            if (c == '\n') return -1; // a LF not preceded by CR
            if (c != '\r') continue;
            if (i + 2 >= end || b.get(i + 1) != '\n') return -1;
            byte first = b.get(i + 2);
            if (first == '\r') { // CRLF CRLF: the end of the head
                if (i + 3 >= end || b.get(i + 3) != '\n') return -1;
                if (maxHeaderBytes > 0 && i + 4 - start > maxHeaderBytes) return -1;
                return found;
            }
            if (first == ' ' || first == '\t' || i == start) return -1; // folded line; empty line before the request
            if ((first | 0x20) == 'a' && startsWithName(b, i + 2, end)) {
                if (found >= 0 || i + lineLength >= end) return -1;
                if (b.slice(i, lineLength).mismatch(known.line()) != -1) return -1;
                // The next line must start a field or end the head: then Jetty hands on the held field (and, after
                // it, ours) exactly as it would have; on anything else it fails the request, so let it see it all.
                byte next = b.get(i + lineLength);
                if (next != '\r' && !isTokenChar(next)) return -1;
                found = i;
                rightAfterRequestLine = firstLineEnd;
                firstLineEnd = false;
                i += lineLength - 3; // on to the CR that ends this line (the loop adds one)
                continue;
            }
            firstLineEnd = false;
            i++; // past the LF: the loop goes on with the next line's first byte
        }
        return -1; // the head is not complete in this buffer
    }

    /** RFC 9110 tchar: what may start a field name. */
    private static boolean isTokenChar(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean startsWithName(ByteBuffer b, int at, int end) {
        if (at + NAME.length > end) return false;
        for (int k = 0; k < NAME.length; k++) {
            if ((b.get(at + k) | 0x20) != NAME[k]) return false;
        }
        return true;
    }

    @Override
    protected void setState(FieldState state) {
        fieldState = state;
        super.setState(state);
    }

    @Override
    public void reset() {
        super.reset();
        if (getState() == State.START) fieldState = FieldState.FIELD;
    }

    /** Passes every event to Jetty's handler and remembers the last Authorization field Jetty parsed. */
    private static final class Observer implements RequestHandler {

        final RequestHandler target;
        Known known;
        /** The remembered field, to hand on right after the field Jetty is still holding (see parseNext). */
        HttpField deferred;

        Observer(RequestHandler target) {
            this.target = target;
        }

        @Override
        public void parsedHeader(HttpField field) {
            if (field.getHeader() == HttpHeader.AUTHORIZATION) known = Known.of(field);
            target.parsedHeader(field);
            if (deferred != null) {
                HttpField d = deferred;
                deferred = null;
                target.parsedHeader(d);
            }
        }

        @Override public void startRequest(String method, String uri, HttpVersion version) { target.startRequest(method, uri, version); }
        @Override public void messageBegin() { deferred = null; target.messageBegin(); }
        @Override public boolean content(ByteBuffer item) { return target.content(item); }
        @Override public boolean headerComplete() { return target.headerComplete(); }
        @Override public boolean contentComplete() { return target.contentComplete(); }
        @Override public boolean messageComplete() { return target.messageComplete(); }
        @Override public void parsedTrailer(HttpField field) { target.parsedTrailer(field); }
        @Override public void earlyEOF() { target.earlyEOF(); }
        @Override public void onViolation(ComplianceViolation.Event event) { target.onViolation(event); }
        @Override public ComplianceViolation.Listener getComplianceViolationListener() { return target.getComplianceViolationListener(); }
        @Override public void badMessage(HttpException failure) { deferred = null; target.badMessage(failure); }
    }
}
