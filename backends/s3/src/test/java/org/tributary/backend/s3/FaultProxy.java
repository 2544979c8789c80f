package org.tributary.backend.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A tiny loopback TCP proxy in front of the test S3 server that injects faults S3 produces in production but s3proxy
 * cannot be asked for. This is the only mock in the S3 tests, and only for these faults; everything else reaches the
 * real server. Each connection carries one request (the proxy forwards it with "Connection: close"), so every request
 * can be inspected:
 * <ul>
 *   <li>the first {@link #slowDowns} requests are answered 503 SlowDown, as S3 does when it throttles;</li>
 *   <li>requests whose request line matches {@link #drop} get their connection closed without an answer, as when the
 *       S3 server goes away mid-upload.</li>
 * </ul>
 * SigV4 signatures stay valid: the Host header is passed unchanged and Connection is not a signed header.
 */
final class FaultProxy implements AutoCloseable {

    final AtomicInteger slowDowns = new AtomicInteger();
    final AtomicInteger slowDownsSent = new AtomicInteger();
    volatile Predicate<String> drop = line -> false;
    final AtomicInteger dropped = new AtomicInteger();

    private final ServerSocket server;
    private final int targetPort;
    private final Thread acceptor;

    FaultProxy(URI target) throws IOException {
        this.targetPort = target.getPort();
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().name("fault-proxy").start(this::acceptLoop);
    }

    URI endpoint() { return URI.create("http://127.0.0.1:" + server.getLocalPort()); }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> handle(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            if (head == null) return;
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            if (slowDowns.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                slowDownsSent.incrementAndGet();
                byte[] body = requestLine.startsWith("HEAD ") ? new byte[0]
                        : "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"
                        .getBytes(StandardCharsets.UTF_8);
                OutputStream out = client.getOutputStream();
                out.write(("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: "
                        + (requestLine.startsWith("HEAD ") ? 0 : body.length) + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return;
            }
            if (drop.test(requestLine)) {
                dropped.incrementAndGet();
                client.setSoLinger(true, 0); // reset, like a server that died
                return;
            }
            StringBuilder rewritten = new StringBuilder();
            for (String line : head.split("\r\n")) {
                if (line.isEmpty() || line.regionMatches(true, 0, "connection:", 0, 11)) continue;
                rewritten.append(line).append("\r\n");
            }
            rewritten.append("Connection: close\r\n\r\n");
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
                upstream.getOutputStream().write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
                upstream.getOutputStream().flush();
                Thread up = Thread.ofVirtual().start(() -> pipe(in, upstream));
                pipe(upstream.getInputStream(), client);
                up.interrupt();
            }
        } catch (IOException e) {
            // a test fault or a closed client: nothing to do
        }
    }

    private static void pipe(InputStream from, Socket to) {
        try {
            from.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException ignored) {
            // the other side closed
        }
    }


    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            state = switch (state) {
                case 0 -> c == '\r' ? 1 : 0;
                case 1 -> c == '\n' ? 2 : c == '\r' ? 1 : 0;
                case 2 -> c == '\r' ? 3 : 0;
                case 3 -> c == '\n' ? 4 : c == '\r' ? 1 : 0;
                default -> 0;
            };
            if (state == 4) return b.toString(StandardCharsets.ISO_8859_1);
            if (b.size() > 64 * 1024) return null;
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
