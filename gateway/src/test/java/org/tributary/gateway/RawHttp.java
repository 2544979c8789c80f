package org.tributary.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ArrayList;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written: for request targets the JDK client would refuse or
 * normalise ({@code %2e%2e}, backslashes, NUL), and for uploads that are cut off on purpose.
 */
public final class RawHttp {

    private RawHttp() { }

    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
        /** First value of a header, case-insensitive; null if absent. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.getFirst();
        }

        public String text() { return new String(body, StandardCharsets.UTF_8); }

        @Override
        public String toString() { return status + " " + headers + " " + text(); }
    }

    public static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(30_000);
        return s;
    }

    /** The request head (request line, Host, the given headers, Connection: close, Content-Length for a body). */
    public static byte[] head(int port, String method, String rawTarget, Long contentLength, String... headers) {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(rawTarget).append(" HTTP/1.1\r\n");
        sb.append("Host: 127.0.0.1:").append(port).append("\r\n");
        for (int i = 0; i < headers.length; i += 2) sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        sb.append("Connection: close\r\n");
        if (contentLength != null) sb.append("Content-Length: ").append(contentLength).append("\r\n");
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One complete exchange on a fresh connection. */
    public static Response exchange(int port, String method, String rawTarget, byte[] body, String... headers)
            throws IOException {
        try (Socket s = connect(port)) {
            OutputStream out = s.getOutputStream();
            out.write(head(port, method, rawTarget, body == null ? null : (long) body.length, headers));
            if (body != null) out.write(body);
            out.flush();
            return read(s.getInputStream(), "HEAD".equals(method));
        }
    }

    /** Reads one response: status line, headers, and a body framed by Content-Length, chunked or connection close. */
    public static Response read(InputStream in, boolean headRequest) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) throw new IOException("connection closed before a response");
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String l;
        while ((l = line(in)) != null && !l.isEmpty()) {
            int colon = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).trim());
        }
        byte[] body;
        List<String> te = headers.get("transfer-encoding");
        List<String> cl = headers.get("content-length");
        if (headRequest || status == 204 || status == 304 || status / 100 == 1) {
            body = new byte[0];
        } else if (te != null && te.getFirst().toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                if (size == null) throw new IOException("chunked body ended early");
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while ((l = line(in)) != null && !l.isEmpty()) { /* trailers */ }
                    break;
                }
                b.write(in.readNBytes(n));
                line(in);
            }
            body = b.toByteArray();
        } else if (cl != null) {
            body = in.readNBytes(Integer.parseInt(cl.getFirst()));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        if (c < 0 && b.size() == 0) return null;
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
