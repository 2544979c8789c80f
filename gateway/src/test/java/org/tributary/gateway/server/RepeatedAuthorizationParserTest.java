package org.tributary.gateway.server;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shortcut parser against Jetty's own: the same bytes on one connection must give the same events in the same
 * order (fields, values, errors), and the shortcut must actually be taken where it applies.
 */
class RepeatedAuthorizationParserTest {

    private static final String TOKEN = "eyJraWQiOiJkZXYtcnNhIiwidHlwIjoiSldUIiwiYWxnIjoiUlMyNTYifQ.eyJzdWIiOiJkZXYt"
            + "dXNlciIsInNjb3BlIjoic3RvcmFnZS5yZWFkOi8ifQ.Zm9vYmFyLWJhei1xdXgtX19zaWduYXR1cmVfXy1BQkNERUZHSElKS0xN";
    private static final int MAX_HEAD = 8192;

    /** One connection: a Jetty parser and ours, each with a recorder, fed the same bytes. */
    private static final class Pair {
        final Recorder jettyEvents = new Recorder(), ourEvents = new Recorder();
        final HttpParser jetty = new HttpParser(jettyEvents, MAX_HEAD, HttpCompliance.RFC9110);
        final RepeatedAuthorizationParser ours = new RepeatedAuthorizationParser(ourEvents, MAX_HEAD, HttpCompliance.RFC9110);

        /** Sends one request in two reads split at {@code split}; asserts both parsers saw the same thing. */
        void send(byte[] request, int split, String what) {
            feed(jetty, request, split);
            feed(ours, request, split);
            assertEquals(jettyEvents.canonical(), ourEvents.canonical(), what);
            jettyEvents.events.clear();
            ourEvents.events.clear();
        }

        void send(String request) {
            send(bytes(request), request.length(), request);
        }
    }

    @Test
    void aRepeatedTokenTakesTheShortcutAndGivesTheSameRequest() {
        Pair p = new Pair();
        for (int i = 0; i < 4; i++) p.send(get("Authorization: Bearer " + TOKEN));
        assertEquals(3, p.ours.shortcuts(), "every request after the first");
        p.send(get("Authorization: Bearer " + TOKEN, "User-Agent: gfal2-util/1.8", "X-A: b"));
        p.send("GET /f HTTP/1.1\r\nAuthorization: Bearer " + TOKEN + "\r\nHost: h\r\n\r\n"); // as the first line
        p.send("PUT /f HTTP/1.1\r\nHost: h\r\nContent-Length: 30\r\nAuthorization: Bearer " + TOKEN
                + "\r\n\r\nAuthorization: Bearer x\r\n\r\n\r\n"); // a body that looks like a header line
        assertEquals(6, p.ours.shortcuts());
    }

    @Test
    void anythingButTheSameLineIsLeftToJetty() {
        int at = 40;
        while (!Character.isLowerCase(TOKEN.charAt(at))) at++;
        String altered = TOKEN.substring(0, at) + Character.toUpperCase(TOKEN.charAt(at)) + TOKEN.substring(at + 1);
        List<String> unusual = List.of(
                get("Authorization: Bearer " + altered),                 // one letter's case changed
                get("authorization: Bearer " + TOKEN),                   // the name in lower case
                get("Authorization:  Bearer " + TOKEN),                  // two spaces
                get("Authorization: Bearer " + TOKEN + " "),             // a trailing space
                get("Authorization:Bearer " + TOKEN),                    // no space
                get("Authorization: Bearer " + TOKEN, "Authorization: Bearer " + TOKEN),  // twice
                get("Authorization: Bearer " + TOKEN, "authorization: Bearer other"),     // twice, another value
                get("Authorization: Bearer " + TOKEN, " folded"),        // an obsolete line folding after it
                "GET /f HTTP/1.1\nHost: h\nAuthorization: Bearer " + TOKEN + "\n\n",      // bare LF line ends
                "GET /f HTTP/1.1\r\nHost: h\nAuthorization: Bearer " + TOKEN + "\r\n\r\n", // one bare LF
                "GET /f HTTP/1.1\r\nHost: h\rAuthorization: Bearer " + TOKEN + "\r\n\r\n", // a bare CR
                get("Authorization: Bearer " + TOKEN, "X-Pad: " + "p".repeat(MAX_HEAD)),  // a head over the limit
                get("Authorization: Bearer " + TOKEN.substring(1)),      // a shorter token
                get("Authorization: Bearer " + TOKEN + "x"));            // a longer token
        for (String request : unusual) {
            Pair p = new Pair();
            p.send(get("Authorization: Bearer " + TOKEN));
            p.send(request);
            p.send(get("Authorization: Bearer " + TOKEN)); // whatever Jetty parsed last is what is remembered
        }
    }

    @Test
    void aHeadArrivingInPiecesGivesTheSameRequest() {
        byte[] request = bytes(get("Authorization: Bearer " + TOKEN, "Accept: */*"));
        Pair p = new Pair();
        p.send(get("Authorization: Bearer " + TOKEN));
        for (int split = 0; split <= request.length; split++) p.send(request, split, "split at " + split);
        assertEquals(2, p.ours.shortcuts(), "only where the head arrived whole (split at 0 and at the end)");
    }

    @Test
    void mutatedRequestsGiveWhatJettyGives() {
        Random random = new Random(20261125);
        byte[] alphabet = {'\r', '\n', ' ', '\t', ':', 'A', 'a', 'x', '/', 0, (byte) 0x80, (byte) 0xff};
        byte[] base = bytes(get("User-Agent: gfal2-util/1.8.1 neon/0.0.29", "Authorization: Bearer " + TOKEN, "Accept: */*",
                "X-Request-Id: 7d1c9a52-54c3-4a41-a6f8-0d4f5e1a9c33"));
        int shortcuts = 0;
        for (int n = 0; n < 5000; n++) {
            Pair p = new Pair();
            p.send(get("Authorization: Bearer " + TOKEN));
            long before = p.ours.shortcuts();
            byte[] mutated = base.clone();
            for (int m = 1 + random.nextInt(3); m > 0; m--) mutated = mutate(mutated, random, alphabet);
            int split = random.nextInt(4) == 0 ? random.nextInt(mutated.length + 1) : mutated.length;
            p.send(mutated, split, "mutation " + n + ": " + new String(mutated, StandardCharsets.ISO_8859_1));
            shortcuts += (int) (p.ours.shortcuts() - before);
        }
        assertTrue(shortcuts > 250, "the mutations outside the Authorization line still take the shortcut: " + shortcuts);
    }

    private static byte[] mutate(byte[] in, Random random, byte[] alphabet) {
        int at = random.nextInt(in.length);
        byte b = alphabet[random.nextInt(alphabet.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(3)) {
            case 0 -> { out.write(in, 0, at); out.write(b); out.write(in, at + 1, in.length - at - 1); } // replace
            case 1 -> { out.write(in, 0, at); out.write(b); out.write(in, at, in.length - at); }         // insert
            default -> { out.write(in, 0, at); out.write(in, at + 1, in.length - at - 1); }             // delete
        }
        return out.toByteArray();
    }

    private static String get(String... headers) {
        StringBuilder sb = new StringBuilder("GET /data/f HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n");
        for (String h : headers) sb.append(h).append("\r\n");
        return sb.append("\r\n").toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Feeds one request in two reads, as a connection would, until the message is complete or the parser gives up. */
    private static void feed(HttpParser parser, byte[] request, int split) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(request.length + 16);
        buffer.put(request, 0, split).flip();
        drive(parser, buffer);
        buffer.compact().put(request, split, request.length - split).flip();
        drive(parser, buffer);
        if (parser.isState(HttpParser.State.END)) parser.reset();
    }

    private static void drive(HttpParser parser, ByteBuffer buffer) {
        for (int guard = 0; guard < 100 && buffer.hasRemaining(); guard++) {
            int before = buffer.position();
            boolean done = parser.parseNext(buffer);
            if (parser.isState(HttpParser.State.END) || parser.isState(HttpParser.State.CLOSE)
                    || parser.isState(HttpParser.State.CLOSED)) return;
            if (!done && buffer.position() == before) return;
        }
    }

    /** What a parser reported, as text. */
    private static final class Recorder implements HttpParser.RequestHandler {
        final List<String> events = new ArrayList<>();

        @Override public void startRequest(String method, String uri, HttpVersion version) { events.add("start " + method + " " + uri + " " + version); }
        @Override public void parsedHeader(HttpField field) { events.add("field " + field.getHeader() + " [" + field.getName() + "] [" + field.getValue() + "]"); }
        @Override public boolean headerComplete() { events.add("header complete"); return false; }
        @Override public boolean content(ByteBuffer item) { events.add("content " + item.remaining()); return false; }
        @Override public boolean contentComplete() { events.add("content complete"); return false; }
        @Override public boolean messageComplete() { events.add("message complete"); return true; }
        @Override public void earlyEOF() { events.add("early EOF"); }
        @Override public void badMessage(HttpException failure) { events.add("bad " + failure.getCode() + " " + failure.getReason()); }

        String canonical() {
            return String.join("\n", events);
        }
    }
}
