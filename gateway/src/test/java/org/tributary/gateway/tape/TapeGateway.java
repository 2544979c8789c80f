package org.tributary.gateway.tape;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.tributary.backend.AreaPath;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.ServerConfig;
import org.tributary.gateway.server.GatewayServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A real gateway on a loopback port with the Tape REST API on: area "tape" at /tape (a POSIX area behind a
 * {@link FakeTape}), area "disk" at /disk (no staging), the stage requests in a SQLite file under {@code dir/state}
 * unless the extra YAML says otherwise. Requests go through the JDK client; answers are parsed with the JSON
 * library the server uses.
 */
final class TapeGateway implements AutoCloseable {

    static final String API = "/api/v1/tape";

    final GatewayServer server;
    final Path tapeRoot;
    final Path diskRoot;
    final FakeTape tape;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private TapeGateway(GatewayServer server, Path tapeRoot, Path diskRoot, FakeTape tape) {
        this.server = server;
        this.tapeRoot = tapeRoot;
        this.diskRoot = diskRoot;
        this.tape = tape;
    }

    /** Anonymous read-write areas and the default tape-rest settings. */
    static TapeGateway start(Path dir, FakeTape tape) throws Exception {
        return start(dir, tape, "anonymous: read-write", "tape-rest:\n  sitename: TEST-TAPE\n  state-directory: \""
                + dir.resolve("state") + "\"\n");
    }

    /**
     * @param areaSettings YAML lines (joined by "\n    "-style flow: one line) for both areas, e.g. "anonymous: none"
     * @param topYaml      top-level sections: tape-rest (required), token-issuers, ...
     */
    static TapeGateway start(Path dir, FakeTape tape, String areaSettings, String topYaml) throws Exception {
        Path tapeRoot = Files.createDirectories(dir.resolve("roots/tape")).toRealPath();
        Path diskRoot = Files.createDirectories(dir.resolve("roots/disk")).toRealPath();
        String yaml = "server: {bind: 127.0.0.1, http: {port: 18080}, access-log: off, shutdown-grace: 0s, allow-bearer-over-http: true}\n"
                + "storage-areas:\n"
                + "  - name: tape\n    access-points: [/tape]\n    backend: {type: posix, root: \"" + tapeRoot + "\"}\n"
                + "    " + areaSettings + "\n"
                + "  - name: disk\n    access-points: [/disk]\n    backend: {type: posix, root: \"" + diskRoot + "\"}\n"
                + "    " + areaSettings + "\n"
                + topYaml;
        GatewayConfig parsed = GatewayConfig.parse(yaml, "tape-test.yaml");
        ServerConfig s = parsed.server();
        GatewayConfig config = new GatewayConfig(s.withHttpPort(0), parsed.areas(), parsed.tokens(), parsed.tpc(),
                parsed.tapeRest());
        GatewayServer server = new GatewayServer(config, UnaryOperator.identity(),
                (area, raw) -> area.name().equals("tape") ? tape.wrap(raw) : raw);
        try {
            server.start();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return new TapeGateway(server, tapeRoot, diskRoot, tape);
    }

    String base() { return "http://127.0.0.1:" + server.httpPort(); }

    /** Writes a file straight into the tape area's directory (and says it is on tape only when {@code onTape}). */
    AreaPath tapeFile(String name, boolean onTape) throws Exception {
        Files.writeString(tapeRoot.resolve(name), "bytes of " + name);
        AreaPath p = AreaPath.parse("/" + name);
        if (onTape) tape.putOnTape(p);
        return p;
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String apiPath, String body, String... headers) throws Exception {
        return send("POST", API + apiPath, body, headers);
    }

    /** Stages the paths (no diskLifetime) and returns the request id; fails unless the answer is 201. */
    String stage(String... paths) throws Exception {
        HttpResponse<String> r = post("/stage", stageBody(paths));
        if (r.statusCode() != 201) throw new AssertionError("stage answered " + r.statusCode() + ": " + r.body());
        return (String) object(r.body()).get("requestId");
    }

    static String stageBody(String... paths) {
        StringBuilder b = new StringBuilder("{\"files\":[");
        for (int i = 0; i < paths.length; i++) b.append(i == 0 ? "" : ",").append("{\"path\":\"").append(paths[i]).append("\"}");
        return b.append("]}").toString();
    }

    static String pathsBody(String... paths) {
        StringBuilder b = new StringBuilder("{\"paths\":[");
        for (int i = 0; i < paths.length; i++) b.append(i == 0 ? "" : ",").append('"').append(paths[i]).append('"');
        return b.append("]}").toString();
    }

    /** The poll document of a request; fails unless 200. */
    Map<String, Object> poll(String id) throws Exception {
        HttpResponse<String> r = send("GET", API + "/stage/" + id, null);
        if (r.statusCode() != 200) throw new AssertionError("poll answered " + r.statusCode() + ": " + r.body());
        return object(r.body());
    }

    /** The file entries of a poll document, by path. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> files(Map<String, Object> doc) {
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        for (Object f : (List<Object>) doc.get("files")) {
            Map<String, Object> m = (Map<String, Object>) f;
            out.put((String) m.get("path"), m);
        }
        return out;
    }

    static Map<String, Object> object(String json) throws Exception {
        return JSONObjectUtils.parse(json);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> array(String json) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : JSONArrayUtils.parse(json)) out.add((Map<String, Object>) o);
        return out;
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
