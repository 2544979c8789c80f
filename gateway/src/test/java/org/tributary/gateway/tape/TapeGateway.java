package org.tributary.gateway.tape;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.sqlite.SQLiteDataSource;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.Locality;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.posix.PosixOptions;
import org.tributary.backend.staging.ArchiveMetadata;
import org.tributary.backend.staging.StageProgress;
import org.tributary.backend.staging.Staging;
import org.tributary.backend.tape.TapeSimBackend;
import org.tributary.backend.tape.library.DriveFaults;
import org.tributary.backend.tape.library.TapeTime;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.ServerConfig;
import org.tributary.gateway.config.StorageAreaConfig;
import org.tributary.gateway.server.GatewayServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * A real gateway on a loopback port with the Tape REST API on: area "tape" at /tape, a real {@code tape-sim} area
 * (buffer {@code dir/tape/buffer}, library {@code dir/tape/library}: one drive and FIFO recalls, so the order of the
 * drive's steps is known; the clock {@link #TIME_SCALE} times faster; migration as soon as a file is written;
 * evict-on-release), and area "disk" at /disk (posix, no staging);
 * the stage requests in a SQLite file under {@code dir/state} unless the extra YAML says otherwise. Requests go through
 * the JDK client; answers are parsed with the JSON library the server uses.
 *
 * <p>The tape area is opened with a {@link HeldTime} (the library's {@code TapeTime}, injected through
 * {@link GatewayServer.BackendOpener}): a test holds it to keep a recall QUEUED (SUBMITTED) or STARTED, and steps it
 * one drive step at a time. {@link #putOnTape} puts each file on a cartridge of its own and leaves the one drive
 * holding another one, so a recall always starts with a drive step the test can hold. The stage calls the gateway
 * makes are recorded on their way to the real backend ({@link #stageCalls}): that recorder, which passes every call
 * on, is the one test layer in the area's stack.
 */
final class TapeGateway implements AutoCloseable {

    static final String API = "/api/v1/tape";
    /** How long a test waits for the library to reach a state before it fails (a bound, never a measurement). */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    /** The library's clock: simulated seconds per real second (a 26 s mount takes 0.26 ms). */
    static final int TIME_SCALE = 100_000;

    final GatewayServer server;
    final Path tapeRoot;
    final Path diskRoot;
    final Path library;
    final HeldTime time;
    /** The real tape backend of area "tape" (shared with the gateway this one was started beside, if any). */
    final TapeSimBackend tape;
    /** Every stage call the gateway made on the tape backend: "requester [files]", in order. */
    final List<String> stageCalls;
    private int spacers;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private TapeGateway(GatewayServer server, Path dir, Opener opener) {
        this.server = server;
        this.tapeRoot = dir.resolve("tape/buffer");
        this.diskRoot = dir.resolve("roots/disk");
        this.library = dir.resolve("tape/library");
        this.time = opener.time;
        this.tape = opener.tape;
        this.stageCalls = opener.calls;
    }

    /** Anonymous read-write areas and the default tape-rest settings. */
    static TapeGateway start(Path dir) throws Exception {
        return start(dir, "anonymous: read-write", defaultTapeRest(dir));
    }

    static String defaultTapeRest(Path dir) {
        return "tape-rest:\n  sitename: TEST-TAPE\n  state-directory: \"" + dir.resolve("state") + "\"\n";
    }

    /**
     * @param areaSettings YAML lines (one line) for both areas, e.g. "anonymous: none"
     * @param topYaml      top-level sections: tape-rest (required), token-issuers, ...
     */
    static TapeGateway start(Path dir, String areaSettings, String topYaml) throws Exception {
        return start(dir, areaSettings, topYaml, new HeldTime(), null);
    }

    /** A gateway whose library's time is held from the start (no drive step ends until the test lets it go). */
    static TapeGateway startHeld(Path dir) throws Exception {
        HeldTime time = new HeldTime();
        time.hold();
        return start(dir, "anonymous: read-write", defaultTapeRest(dir), time, null);
    }

    /**
     * A second gateway in front of {@code first}'s tape area: tape-sim's library belongs to one process (its drives,
     * robot and recall queue live in the backend object; a second backend opened on the same library directory would
     * run drives of its own on the same cartridges), so this gateway is handed the same backend object, as several
     * gateway nodes in front of one tape system would share it. It does not close it; {@code first} does.
     */
    static TapeGateway startBeside(TapeGateway first, Path dir, String topYaml) throws Exception {
        return start(dir, "anonymous: read-write", topYaml, first.time, first);
    }

    private static TapeGateway start(Path dir, String areaSettings, String topYaml, HeldTime time, TapeGateway beside)
            throws Exception {
        Path buffer = Files.createDirectories(dir.resolve("tape/buffer")).toRealPath();
        Path library = Files.createDirectories(dir.resolve("tape/library")).toRealPath();
        Path diskRoot = Files.createDirectories(dir.resolve("roots/disk")).toRealPath();
        String yaml = "server: {bind: 127.0.0.1, http: {port: 18080}, access-log: off, shutdown-grace: 0s, allow-bearer-over-http: true}\n"
                + "storage-areas:\n"
                + "  - name: tape\n    access-points: [/tape]\n"
                + "    backend: {type: tape-sim, buffer: \"" + buffer + "\", library: \"" + library + "\", drives: 1,"
                + " scheduler: fifo, time-scale: " + TIME_SCALE + ", buffer-capacity: 1GiB, migrate-after: 0s,"
                + " migrate-batch-bytes: 0, migrate-max-delay: 0s, evict-on-release: true}\n"
                + "    " + areaSettings + "\n"
                + "  - name: disk\n    access-points: [/disk]\n    backend: {type: posix, root: \"" + diskRoot + "\"}\n"
                + "    " + areaSettings + "\n"
                + topYaml;
        GatewayConfig parsed = GatewayConfig.parse(yaml, "tape-test.yaml");
        ServerConfig s = parsed.server();
        GatewayConfig config = new GatewayConfig(s.withHttpPort(0), parsed.areas(), parsed.tokens(), parsed.tpc(),
                parsed.tapeRest());
        Opener opener = beside == null ? new Opener(time) : new Opener(beside);
        GatewayServer server = new GatewayServer(config, UnaryOperator.identity(), opener);
        try {
            server.start();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return new TapeGateway(server, dir, opener);
    }

    /** Opens area "tape" as the gateway would, but with the test's {@link HeldTime}, behind a recorder of stage calls. */
    private static final class Opener implements GatewayServer.BackendOpener {
        final HeldTime time;
        TapeSimBackend tape;
        final List<String> calls;
        private final StorageBackend shared;

        Opener(HeldTime time) {
            this.time = time;
            this.calls = new CopyOnWriteArrayList<>();
            this.shared = null;
        }

        Opener(TapeGateway beside) {
            this.time = beside.time;
            this.tape = beside.tape;
            this.calls = beside.stageCalls;
            this.shared = new ForwardingBackend(new StageRecorder(beside.tape, calls)) {
                @Override
                public void close() { } // the first gateway closes the library
            };
        }

        @Override
        public StorageBackend open(StorageAreaConfig area, String key) throws IOException {
            if (!area.name().equals("tape")) return GatewayServer.openBackend(area, key);
            if (shared != null) return shared;
            tape = TapeSimBackend.open(area.backend().tapeSimOptions(),
                    PosixOptions.defaults().withSyncDirectories(area.durable()), time, Clock.systemUTC(), DriveFaults.NONE);
            return new StageRecorder(tape, calls);
        }
    }

    /** Records each stage call and passes every call on to the real tape backend. */
    private static final class StageRecorder extends ForwardingBackend implements Staging {
        private final TapeSimBackend tape;
        private final List<String> calls;

        StageRecorder(TapeSimBackend tape, List<String> calls) {
            super(tape);
            this.tape = tape;
            this.calls = calls;
        }

        @Override
        public void stage(String requester, Collection<AreaPath> files, Instant pinUntil) throws IOException {
            calls.add(requester + " " + files);
            tape.stage(requester, files, pinUntil);
        }

        @Override
        public StageProgress progress(String requester, AreaPath file) throws IOException {
            return tape.progress(requester, file);
        }

        @Override
        public void cancel(String requester, Collection<AreaPath> files) throws IOException {
            tape.cancel(requester, files);
        }

        @Override
        public void release(String requester, Collection<AreaPath> files) throws IOException {
            tape.release(requester, files);
        }
    }

    /**
     * The library's time: {@link TapeTime#scaled} as the gateway's, except while a test holds it; then each drive step
     * (robot move, load, unload, locate, read, write) waits until the test lets one step ({@link #step}) or all
     * ({@link #letGo}) go on.
     */
    static final class HeldTime implements TapeTime {
        private final TapeTime scaled = TapeTime.scaled(TIME_SCALE);
        private boolean held;
        private int allowed;
        private int waiting;

        synchronized void hold() {
            held = true;
            allowed = 0;
        }

        synchronized void letGo() {
            held = false;
            notifyAll();
        }

        /** Lets one waiting step go on; false when no step is waiting (or one was let go and has not moved yet). */
        synchronized boolean step() {
            if (waiting == 0 || allowed > 0) return false;
            allowed++;
            notifyAll();
            return true;
        }

        /** Whether a drive waits at a held step. */
        synchronized boolean waiting() {
            return waiting > 0 && allowed == 0;
        }

        @Override
        public void pass(Duration simulated) throws InterruptedException {
            synchronized (this) {
                waiting++;
                try {
                    while (held && allowed == 0) wait();
                    if (held) allowed--;
                } finally {
                    waiting--;
                }
            }
            scaled.pass(simulated);
        }
    }

    String base() { return "http://127.0.0.1:" + server.httpPort(); }

    /**
     * Writes a file straight into the tape area's buffer directory: a file written behind the gateway's back is served
     * as a disk file and never migrated (docs/tape.md), so it stays DISK whatever the migration policy.
     */
    AreaPath diskFile(String name) throws Exception {
        Files.writeString(tapeRoot.resolve(name), "bytes of " + name);
        return AreaPath.parse("/" + name);
    }

    /**
     * Puts files on tape only, the way a client's files get there: a PUT each (an ArchiveMetadata collocation of its
     * own, so each is alone on its cartridge), migration, a spacer file migrated after them (the one drive then holds
     * the spacer's cartridge, so a recall of any of these starts with a mount the test can hold), eviction by a
     * release of every pin (what gfal-evict does, with evict-on-release), and waits for TAPE. Returns the area paths.
     */
    List<AreaPath> putOnTape(String... names) throws Exception {
        List<AreaPath> paths = new ArrayList<>();
        for (String name : names) {
            put(name, "on tape: " + name, name);
            paths.add(AreaPath.parse("/" + name));
        }
        for (AreaPath p : paths) awaitLocality(p, Locality.DISK_AND_TAPE);
        String spacer = "spacer-" + (++spacers);
        put(spacer, "moves the drive", spacer);
        awaitLocality(AreaPath.parse("/" + spacer), Locality.DISK_AND_TAPE);
        tape.release(null, paths);
        for (AreaPath p : paths) awaitLocality(p, Locality.TAPE);
        return paths;
    }

    AreaPath putOnTape(String name) throws Exception {
        return putOnTape(new String[] {name}).getFirst();
    }

    private void put(String name, String content, String collocation) throws Exception {
        String meta = Base64.getEncoder().encodeToString(("{\"collocation\": \"" + collocation + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base() + "/tape/" + name))
                .timeout(Duration.ofSeconds(30)).header(ArchiveMetadata.HEADER, meta)
                .PUT(HttpRequest.BodyPublishers.ofString(content)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) throw new AssertionError("PUT /tape/" + name + " answered " + r.statusCode() + ": " + r.body());
    }

    Locality locality(AreaPath p) throws IOException {
        return tape.stat(p).map(EntryInfo::locality).orElseThrow();
    }

    void awaitLocality(AreaPath p, Locality l) throws Exception {
        await(() -> locality(p) == l, p + " " + l);
    }

    /** The tape backend's own progress of a file for a requester (a Tape REST request id). */
    StageProgress progress(String requester, AreaPath p) throws IOException {
        return tape.progress(requester, p);
    }

    /** Holds the library's time; stage, then {@link #stepUntil} or {@link HeldTime#letGo} (in a finally). */
    void hold() { time.hold(); }

    /** Lets held drive steps go on one at a time until the condition holds. */
    void stepUntil(Callable<Boolean> condition, String what) throws Exception {
        await(() -> {
            if (condition.call()) return true;
            time.step();
            return false;
        }, what);
    }

    static void await(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    /** Who holds a pin on the file: the library's catalogue, read through a connection of the test's own. */
    Set<String> pinHolders(AreaPath p) throws Exception {
        return new HashSet<>(catalogue("SELECT requester FROM pins WHERE path = ?", p.toString()));
    }

    /** The cartridge that holds the file's tape copy. */
    String cartridgeOf(AreaPath p) throws Exception {
        return catalogue("SELECT cartridge FROM files WHERE path = ?", p.toString()).getFirst();
    }

    /** Makes the cartridge that holds the file unreadable, for real: its file goes (docs/tape.md, faults). */
    String removeCartridgeOf(AreaPath p) throws Exception {
        String id = cartridgeOf(p);
        Files.delete(library.resolve("cartridges").resolve(id));
        return id;
    }

    private List<String> catalogue(String sql, String arg) throws Exception {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + library.resolve("catalogue.db"));
        List<String> out = new ArrayList<>();
        try (Connection c = source.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(r.getString(1));
            }
        }
        return out;
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

    /** The state a poll shows for one file of a request. */
    Object pollState(String id, String path) throws Exception {
        return files(poll(id)).get(path).get("state");
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
        server.close(); // a drive held at a step is interrupted: what it had not read stays queued in the catalogue
    }
}
