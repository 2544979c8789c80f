package org.tributary.gateway;

import org.tributary.gateway.security.AccessGuard;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.ServerConfig;
import org.tributary.gateway.server.GatewayServer;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real gateway on an ephemeral loopback port for integration tests: writes a YAML configuration into a temporary
 * directory, starts {@link GatewayServer} with it, and offers a JDK {@link HttpClient} plus raw-socket access
 * ({@link RawHttp}) for requests the client cannot express.
 *
 * <pre>
 * gw = TestGateway.in(tempDir).area("data", "anonymous: read-write").start();
 * gw.send("PUT", "/data/x", bytes);
 * </pre>
 *
 * Each area gets access point "/" + name and a fresh posix root {@code <dir>/roots/<name>} (see {@link #root}).
 * Unless an area's settings say otherwise it is anonymous read-write, creates parents on PUT, keeps adler32 and
 * crc32c and fsyncs (the production default).
 */
public final class TestGateway implements AutoCloseable {

    /** The area name the single-area fixtures use. */
    public static final String DATA = "data";

    private final GatewayServer server;
    private final Map<String, Path> roots;
    private final HttpClient client;
    private final int port;
    private final Path configFile;

    private TestGateway(GatewayServer server, Map<String, Path> roots, Path configFile) {
        this.server = server;
        this.roots = roots;
        this.configFile = configFile;
        this.port = server.httpPort();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public static Builder in(Path dir) {
        return new Builder(dir);
    }

    /** One area "data" at /data, anonymous read-write, everything else default. */
    public static TestGateway startDefault(Path dir) throws Exception {
        return in(dir).area(DATA).start();
    }

    public static final class Builder {
        private final Path dir;
        private final Map<String, List<String>> areas = new LinkedHashMap<>();
        private final List<String> serverSettings = new ArrayList<>();
        private UnaryOperator<AccessGuard> guardAround = UnaryOperator.identity();

        private Builder(Path dir) {
            this.dir = dir;
        }

        /**
         * Adds an area at "/" + name. Settings are YAML lines for the area ("quota: 1MiB", "anonymous: none");
         * anonymous defaults to read-write.
         */
        public Builder area(String name, String... settings) {
            areas.put(name, List.of(settings));
            return this;
        }

        /** Extra YAML lines for the server section ("idle-timeout: 1s"). */
        public Builder server(String... settings) {
            serverSettings.addAll(List.of(settings));
            return this;
        }

        /** Wraps the access guard the DAV methods ask (e.g. to record the checks a request makes). */
        public Builder guardAround(UnaryOperator<AccessGuard> around) {
            this.guardAround = around;
            return this;
        }

        public TestGateway start() throws Exception {
            Map<String, Path> roots = new LinkedHashMap<>();
            StringBuilder yaml = new StringBuilder();
            // The YAML reader accepts ports 1..65535 only; the real port is chosen below (ServerConfig allows 0).
            yaml.append("server:\n  bind: 127.0.0.1\n  http: { port: 18080 }\n");
            if (serverSettings.stream().noneMatch(l -> l.startsWith("access-log:"))) yaml.append("  access-log: off\n");
            if (serverSettings.stream().noneMatch(l -> l.startsWith("shutdown-grace:"))) yaml.append("  shutdown-grace: 0s\n");
            for (String l : serverSettings) yaml.append("  ").append(l).append('\n');
            yaml.append("storage-areas:\n");
            for (var e : areas.entrySet()) {
                Path root = dir.resolve("roots").resolve(e.getKey());
                Files.createDirectories(root);
                roots.put(e.getKey(), root.toRealPath());
                yaml.append("  - name: ").append(e.getKey()).append('\n');
                yaml.append("    access-points: [/").append(e.getKey()).append("]\n");
                yaml.append("    backend: { type: posix, root: \"").append(root.toAbsolutePath()).append("\" }\n");
                boolean anonymousGiven = false;
                for (String s : e.getValue()) {
                    anonymousGiven |= s.trim().startsWith("anonymous:");
                    yaml.append("    ").append(s).append('\n');
                }
                if (!anonymousGiven) yaml.append("    anonymous: read-write\n");
            }
            Path configFile = dir.resolve("tributary-test.yaml");
            Files.writeString(configFile, yaml);
            GatewayConfig parsed = GatewayConfig.parse(Files.readString(configFile), configFile.toString());
            ServerConfig s = parsed.server();
            // Port 0: the kernel picks a free port when the connector binds, so parallel runs never race for one.
            GatewayConfig config = new GatewayConfig(s.withHttpPort(0), parsed.areas(), parsed.tokens(), parsed.tpc(),
                    parsed.tapeRest(), parsed.site(), parsed.cdmi(), parsed.dashboard(), parsed.health());
            GatewayServer server = new GatewayServer(config, guardAround);
            try {
                server.start();
            } catch (Exception e) {
                server.close();
                throw e;
            }
            return new TestGateway(server, roots, configFile);
        }
    }

    // --- where things are

    public int port() { return port; }

    /** "http://127.0.0.1:port", no trailing slash. */
    public String base() { return "http://127.0.0.1:" + port; }

    /** The URI of a raw (already percent-encoded where needed) request path. */
    public URI uri(String rawPath) { return URI.create(base() + rawPath); }

    /** The real host directory behind an area. */
    public Path root(String area) {
        Path p = roots.get(area);
        if (p == null) throw new IllegalArgumentException("no area " + area);
        return p;
    }

    /** The root of the "data" area (or of the only area). */
    public Path root() {
        return roots.containsKey(DATA) ? roots.get(DATA) : roots.values().iterator().next();
    }

    public Path configFile() { return configFile; }

    public GatewayServer server() { return server; }

    public HttpClient client() { return client; }

    // --- requests

    /** A request builder for a raw path, with a generous timeout so a hung server fails the test instead of the run. */
    public HttpRequest.Builder request(String rawPath) {
        return HttpRequest.newBuilder(uri(rawPath)).timeout(Duration.ofSeconds(30));
    }

    public HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends {@code method} to {@code rawPath}; {@code body} null sends none. Headers come in name/value pairs.
     */
    public HttpResponse<byte[]> send(String method, String rawPath, byte[] body, String... headers) {
        if (headers.length % 2 != 0) throw new IllegalArgumentException("headers come in name/value pairs");
        HttpRequest.Builder b = request(rawPath).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b.build());
    }

    public HttpResponse<byte[]> send(String method, String rawPath, String body, String... headers) {
        return send(method, rawPath, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    public HttpResponse<byte[]> get(String rawPath, String... headers) {
        return send("GET", rawPath, (byte[]) null, headers);
    }

    public HttpResponse<byte[]> head(String rawPath, String... headers) {
        return send("HEAD", rawPath, (byte[]) null, headers);
    }

    public HttpResponse<byte[]> put(String rawPath, byte[] body, String... headers) {
        return send("PUT", rawPath, body, headers);
    }

    public HttpResponse<byte[]> put(String rawPath, String body, String... headers) {
        return send("PUT", rawPath, body, headers);
    }

    public HttpResponse<byte[]> delete(String rawPath, String... headers) {
        return send("DELETE", rawPath, (byte[]) null, headers);
    }

    public HttpResponse<byte[]> mkcol(String rawPath, String... headers) {
        return send("MKCOL", rawPath, (byte[]) null, headers);
    }

    /** PROPFIND with the given Depth (null: no Depth header) and body (null or "": empty). */
    public HttpResponse<byte[]> propfind(String rawPath, String depth, String body) {
        HttpRequest.Builder b = request(rawPath).method("PROPFIND", body == null || body.isEmpty()
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (depth != null) b.header("Depth", depth);
        if (body != null && !body.isEmpty()) b.header("Content-Type", "application/xml; charset=utf-8");
        return send(b.build());
    }

    /** PROPFIND parsed; fails the test unless the answer is a 207. */
    public Multistatus propfind207(String rawPath, String depth, String body) {
        HttpResponse<byte[]> r = propfind(rawPath, depth, body);
        if (r.statusCode() != 207) {
            throw new AssertionError("PROPFIND " + rawPath + " (Depth " + depth + "): expected 207, got "
                    + r.statusCode() + ": " + text(r));
        }
        return Multistatus.parse(r.body());
    }

    /** COPY or MOVE to a destination path on this server (made an absolute URL, as clients send it). */
    public HttpResponse<byte[]> copyOrMove(String method, String fromRawPath, String toRawPath, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Destination";
        all[1] = base() + toRawPath;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send(method, fromRawPath, (byte[]) null, all);
    }

    /** A raw HTTP/1.1 exchange on a fresh socket (Connection: close). */
    public RawHttp.Response raw(String method, String rawTarget, byte[] body, String... headers) throws IOException {
        return RawHttp.exchange(port, method, rawTarget, body, headers);
    }

    /** A file of the project (e.g. packaging/examples/...), found from the working directory a test runs in upwards. */
    public static Path projectFile(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path f = p.resolve(relative);
            if (Files.isRegularFile(f)) return f;
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    public static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    // --- what is on disk

    /** Upload temporaries ({@code .tributary-tmp-*}) anywhere below {@code dir}, hidden files included. */
    public static List<Path> temporaries(Path dir) {
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> s = Files.walk(dir)) {
                return s.filter(p -> p.getFileName().toString().startsWith(".tributary-tmp-")).toList();
            } catch (IOException | UncheckedIOException e) {
                // The server removes a temporary while the walk looks at it: walk again (a few times at most).
                Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
                if (!(cause instanceof java.nio.file.NoSuchFileException) || attempt == 5) {
                    throw e instanceof UncheckedIOException u ? u : new UncheckedIOException((IOException) e);
                }
            }
        }
    }

    /** Every name directly in {@code dir}, hidden ones included, sorted. */
    public static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Names directly in {@code dir} that a client could see (internal names excluded), sorted. */
    public static List<String> visibleNames(Path dir) {
        List<String> out = new ArrayList<>();
        for (String n : names(dir)) if (!n.startsWith(".tributary")) out.add(n);
        return out;
    }

    /**
     * Polls until {@code condition} holds or 5 seconds have passed; returns whether it held. For effects that follow
     * a request asynchronously (the server noticing a client went away). Never a timing assertion by itself.
     */
    public static boolean eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            if (condition.getAsBoolean()) return true;
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(25);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
