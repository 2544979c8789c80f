package org.tributary.gateway.tpc;

import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.server.GatewayServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Test peers for third-party copy: real gateways on loopback, and a raw-socket HTTP source whose faults we script. */
final class TpcPeers {

    private TpcPeers() { }

    /** A gateway with areas data (read-write), small (quota 1 MiB) and notpc (tpc: false), on an ephemeral port. */
    static final class Gw implements AutoCloseable {
        final GatewayServer server;
        final Path root;
        final Path small;

        Gw(Path dir, String tpcSection) throws Exception {
            this(dir, tpcSection, false);
        }

        /**
         * @param onNetwork bind 0.0.0.0 (with the admin's consent to anonymous writes) instead of 127.0.0.1: the guard
         *                  then refuses loopback remotes, as on a site's gateway
         */
        Gw(Path dir, String tpcSection, boolean onNetwork) throws Exception {
            root = Files.createDirectories(dir.resolve("data"));
            small = Files.createDirectories(dir.resolve("small"));
            Path off = Files.createDirectories(dir.resolve("notpc"));
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort(); // tiny race until the gateway binds it; YAML has no "any port"
            }
            String yaml = "server: {bind: " + (onNetwork ? "0.0.0.0, allow-anonymous-write-on-network: true" : "127.0.0.1")
                    + ", http: {port: " + port + "}, access-log: off}\n"
                    + "tpc: {marker-interval: 200ms, stream-chunk: 64KiB" + (tpcSection.isEmpty() ? "" : ", " + tpcSection) + "}\n"
                    + "storage-areas:\n"
                    + "  - {name: data, access-points: [/data], anonymous: read-write, backend: {type: posix, root: \"" + root + "\"}}\n"
                    + "  - {name: small, access-points: [/small], anonymous: read-write, quota: 1MiB, backend: {type: posix, root: \"" + small + "\"}}\n"
                    + "  - {name: notpc, access-points: [/notpc], anonymous: read-write, tpc: false, backend: {type: posix, root: \"" + off + "\"}}\n";
            server = new GatewayServer(GatewayConfig.parse(yaml, "tpc-test.yaml")).start();
        }

        String url(String path) { return "http://127.0.0.1:" + server.httpPort() + path; }

        @Override
        public void close() throws Exception { server.close(); }
    }

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    static HttpResponse<String> send(String method, String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> put(String url, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every regular file below a root, temporaries included (the leftover check). */
    static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** The body's last non-empty line. */
    static String lastLine(String body) {
        String[] lines = body.split("\n");
        return lines[lines.length - 1];
    }

    /** What a scripted source does with one request: write a raw response (or misbehave) on the socket. */
    interface Script {
        void serve(String requestLine, Map<String, String> headers, OutputStream out) throws Exception;
    }

    /** A source that announces 100 MB and trickles 1 KiB every 100 ms, for a minute at most: a copy that stays busy. */
    static final Script TRICKLE = (line, h, out) -> {
        head(out, "200 OK", "Content-Length", "100000000");
        for (int i = 0; i < 600; i++) {
            out.write(new byte[1024]);
            out.flush();
            Thread.sleep(100);
        }
    };

    /** A tiny HTTP/1.1 server on 127.0.0.1 that runs a script per request and records what it received. */
    static final class RawSource implements AutoCloseable {
        final ServerSocket socket;
        final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
        final List<String> requestLines = new CopyOnWriteArrayList<>();
        final List<Socket> open = new CopyOnWriteArrayList<>();
        volatile boolean closedByPeer;
        private final Thread acceptor;

        RawSource(Script script) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        open.add(s);
                        Thread.ofVirtual().start(() -> handle(s, script));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void handle(Socket s, Script script) {
            try (s) {
                InputStream in = s.getInputStream();
                while (true) {
                    String line = readLine(in);
                    if (line == null || line.isEmpty()) return;
                    Map<String, String> h = new LinkedHashMap<>();
                    String l;
                    while ((l = readLine(in)) != null && !l.isEmpty()) {
                        int c = l.indexOf(':');
                        h.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
                    }
                    requestLines.add(line);
                    requests.add(h);
                    script.serve(line, h, s.getOutputStream());
                    if (s.isClosed() || s.isOutputShutdown()) return;
                }
            } catch (Exception e) {
                closedByPeer = true;
            }
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') return b.toString().replace("\r", "");
                b.append((char) c);
            }
            return b.isEmpty() ? null : b.toString();
        }

        String url(String path) { return "http://127.0.0.1:" + socket.getLocalPort() + path; }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) s.close();
        }
    }

    static void head(OutputStream out, String status, String... headers) throws IOException {
        StringBuilder b = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
        for (int i = 0; i < headers.length; i += 2) b.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        b.append("\r\n");
        out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    static List<String> markersIn(String body) {
        List<String> out = new ArrayList<>();
        for (String block : body.split("End\n")) if (block.contains("Perf Marker")) out.add(block);
        return out;
    }
}
