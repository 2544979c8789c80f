package org.tributary.gateway.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.security.LocalTestIssuer;
import org.tributary.gateway.security.TokenMinter;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.ServerConfig;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whatever a client puts in a request (path, user agent) or a token (sub, iss, groups, scope), every access-log line
 * stays one well-formed record: no CR, LF, NUL or other control character, no line or paragraph separator, no lone
 * surrogate (the file is valid UTF-8), and long values are cut. The values are generated: every C0 control, DEL,
 * every C1 control, U+2028/2029, bidi and zero-width format characters, lone and reversed surrogates, and a value of
 * 100 000 characters full of newlines; each is sent through real requests with tokens from {@link LocalTestIssuer}.
 */
public class AccessLogLinesStayOneRecordTest {

    static final String AUD = "se.example.org";
    /** time client "METHOD path" status in out millis identity "user agent" [(note)] */
    public static final Pattern RECORD = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\S+ \\S+ \"[^\"\\\\]*(?:\\\\.[^\"\\\\]*)*\" \\d{3} \\d+ \\d+ [\\d.]+ms \\S.*");

    @TempDir
    Path dir;

    static List<String> hostileValues() {
        List<String> v = new ArrayList<>();
        for (char c = 0; c < 0x20; c++) v.add("a" + c + "b");
        v.add("a\u007fb");
        for (char c = 0x80; c <= 0x9f; c++) v.add("a" + c + "b");
        for (String s : List.of(" ", "\u2028", "\u2029", "\u202e", "\u2066", "\u200b", "\ufeff", "\ud800", "\udc00",
                "\udc00\ud800", "\ud83d", "x\ud83d\ude00y", "\\", "\"", "\r\n2026-01-01T00:00:00Z 1.2.3.4 \"GET /forged\" 200")) {
            v.add("a" + s + "b");
        }
        v.add("long-" + "\n\u0000\r".repeat(33_000));
        return v;
    }

    @Test
    void everyLineIsOneRecordWhateverTheRequestAndTokenCarry() throws Exception {
        Path log = dir.resolve("access.log");
        Path root = Files.createDirectories(dir.resolve("root/cms"));
        Files.writeString(root.resolve("f"), "data");
        int logged = 0;
        try (LocalTestIssuer issuer = LocalTestIssuer.start();
             GatewayServer gw = start(issuer, log, root.getParent())) {
            int port = gw.httpPort();
            for (String v : hostileValues()) {
                String sub = cut(v, 255);
                String w = cut(v, 1000); // a token must fit in Jetty's request head
                // A valid token whose sub and groups carry the value: logged with its identity.
                String t = TokenMinter.mint(issuer.rsaKey(), new TokenMinter.Spec(issuer.url(), sub, List.of(AUD),
                        null, List.of("/escape", "/g" + w), Duration.ofHours(1), false), Instant.now());
                assertEquals(200, raw(port, "GET", "/escape/cms/f", "Authorization", "Bearer " + t).status());
                logged++;
                // An issuer that is not trusted, and a scope without a path: the refusal reasons quote them.
                t = TokenMinter.mint(issuer.rsaKey(), new TokenMinter.Spec("https://x" + w, "s", List.of(AUD),
                        null, List.of(), Duration.ofHours(1), false), Instant.now());
                assertEquals(401, raw(port, "GET", "/escape/cms/f", "Authorization", "Bearer " + t).status());
                logged++;
                t = TokenMinter.mint(issuer.rsaKey(), new TokenMinter.Spec(issuer.url(), "s", List.of(AUD),
                        "storage.read" + w, List.of(), Duration.ofHours(1), false), Instant.now());
                raw(port, "GET", "/escape/cms/f", "Authorization", "Bearer " + t);
                logged++;
                // The value in the path (percent-encoded: decoded, it reaches error reasons) and as the user agent.
                String p = "/escape/cms/" + percentEncode(v.length() > 3000 ? v.substring(0, 3000) : v);
                raw(port, "GET", p, "Authorization", "Bearer " + token(issuer, "/escape"));
                logged++;
                try {
                    if (v.length() < 3000) {
                        raw(port, "GET", "/escape/cms/f", "User-Agent", v, "Authorization", "Bearer " + token(issuer, "/escape"));
                    }
                } catch (java.io.IOException refusedByJetty) {
                    // Jetty may close on a header it refuses before our handler runs; nothing to log then.
                }
            }
        }
        byte[] bytes = Files.readAllBytes(log);
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        assertTrue(text.endsWith("\n"), "the log ends with a complete line");
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        assertTrue(lines.length >= logged, "every request that reached the handler is logged: " + lines.length);
        int identities = 0;
        for (String line : lines) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                int type = Character.getType(c);
                if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR || type == Character.FORMAT
                        || (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < line.length()
                        && Character.isLowSurrogate(line.charAt(++i))))) {
                    fail("character U+" + Integer.toHexString(c) + " at " + i + " in log line: " + line);
                }
            }
            if (!RECORD.matcher(line).matches()) fail("not a well-formed record: " + line);
            assertTrue(line.length() < 16_384, "a long value is cut: " + line.length());
            if (line.contains(" 200 ") && (line.contains(" sub=a") || line.contains(" sub=long-"))) identities++;
        }
        assertEquals(hostileValues().size(), identities, "each token's identity is logged once, as one field");
        assertTrue(text.contains("sub=a\\x0ab iss="), "a newline in sub is shown escaped");
        assertTrue(text.contains("sub=a\\x00b iss="), "a NUL in sub is shown escaped");
        assertTrue(text.contains("sub=a\\u2028b iss="), "U+2028 in sub is shown escaped");
        assertTrue(text.contains("sub=a\\x20b iss="), "a space in sub cannot fake a further field");
        assertTrue(text.contains("sub=ax\ud83d\ude00yb iss="), "a valid surrogate pair stays as it is");
    }

    static String cut(String v, int n) {
        return v.length() > n ? v.substring(0, n) : v;
    }

    static String token(LocalTestIssuer issuer, String group) {
        return issuer.wlcg(Instant.now(), "reader", AUD, null, List.of(group));
    }

    static String percentEncode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) sb.append('%').append(String.format("%02X", b & 0xff));
        return sb.toString();
    }

    /** One request on a fresh connection; header values are sent as UTF-8 bytes, exactly as given. */
    static RawHttp.Response raw(int port, String method, String target, String... headers) throws Exception {
        StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < headers.length; i += 2) sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        sb.append("Connection: close\r\n\r\n");
        try (Socket s = RawHttp.connect(port)) {
            OutputStream out = s.getOutputStream();
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return RawHttp.read(s.getInputStream(), false);
        }
    }

    static GatewayServer start(LocalTestIssuer issuer, Path log, Path root) throws Exception {
        String yaml = """
                server: {bind: 127.0.0.1, http: {port: 18080}, access-log: "%s", shutdown-grace: 0s}
                token-issuers:
                  - {name: escape, issuer: "%s", allow-http-on-loopback: true, audiences: [%s]}
                storage-areas:
                  - name: escape
                    access-points: [/escape]
                    backend: {type: posix, root: "%s"}
                    anonymous: none
                    policies:
                      - {allow: [read, list], path: /, who: group /escape}
                """.formatted(log, issuer.url(), AUD, root);
        GatewayConfig parsed = GatewayConfig.parse(yaml, "test.yaml");
        ServerConfig s = parsed.server();
        GatewayConfig cfg = new GatewayConfig(s.withHttpPort(0), parsed.areas(), parsed.tokens(), parsed.tpc());
        return new GatewayServer(cfg).start();
    }
}
