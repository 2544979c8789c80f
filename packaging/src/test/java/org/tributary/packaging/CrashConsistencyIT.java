package org.tributary.packaging;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crash consistency of the built jar: a gateway (a real process on a real directory) is killed with SIGKILL at
 * random points while six clients upload (new names and overwrites), MOVE (onto new and existing names), DELETE and
 * pull third-party copies from a second gateway; after each kill it is started again and checked:
 * <ul>
 *   <li>every acknowledged write (2xx, or a pull's final "success" line, received before the kill) is there with
 *       its exact content: GET and a client-side SHA-256 and adler32, and the server's own adler32 (Want-Digest);</li>
 *   <li>a name touched by the one request in flight at the kill holds one of that request's before- or after-states,
 *       never anything partial, and a MOVE is all or nothing (never the destination lost while the source stays);</li>
 *   <li>no upload temporary is left in the area and no file appears under a name nobody wrote.</li>
 * </ul>
 * Random but seeded: the seed is printed and {@code -Dcrash.seed=N} replays the same requests and kill times (the
 * interleaving with the kill still varies a little from run to run). {@code -Dcrash.points=N} sets the number of
 * kills (25 in {@code mvn verify}), {@code -Dcrash.keepGoing=true} counts failing points instead of stopping at the
 * first. docs/security-testing.md has the long-run command.
 */
class CrashConsistencyIT {

    private static final long[] SOURCE_SIZES = {0, 1, 4096, 100_000, 1 << 20, 5_000_000, 12 << 20};

    @Test
    void acknowledgedWritesSurviveSigkillAtRandomPoints() throws Exception {
        String seedProp = System.getProperty("crash.seed", "");
        long seed = seedProp.isBlank() ? new SecureRandom().nextLong() : Long.parseLong(seedProp.trim());
        int points = Integer.parseInt(System.getProperty("crash.points", "25"));
        boolean keepGoing = Boolean.parseBoolean(System.getProperty("crash.keepGoing", "false"));
        Path jar = Path.of(System.getProperty("tributary.jar", "target/tributary.jar"));
        Path work = Path.of(System.getProperty("crash.workDir", "target/crash-consistency")).resolve("seed-" + seed);
        deleteTree(work);
        Files.createDirectories(work);
        System.out.println("crash-consistency: seed " + seed + ", " + points + " crash points, work in " + work
                + " (replay: -Dcrash.seed=" + seed + ")");

        Random random = new Random(seed);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> inFlightAtKill = new TreeMap<>();
        int failingPoints = 0;
        List<Worker> workers = new ArrayList<>();
        try (GatewayProcess source = new GatewayProcess(jar, work.resolve("source-root"), work.resolve("source.log"));
             GatewayProcess target = new GatewayProcess(jar, work.resolve("target-root"), work.resolve("target.log"))) {
            source.start();
            List<Content> sources = new ArrayList<>();
            List<String> sourceUrls = new ArrayList<>();
            HttpClient setup = HttpClient.newHttpClient();
            for (int i = 0; i < SOURCE_SIZES.length; i++) {
                byte[] data = new byte[(int) SOURCE_SIZES[i]];
                random.nextBytes(data);
                String url = source.base() + "/data/src/s" + i;
                int st = setup.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(data))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (st != 201) fail("source upload " + url + ": " + st);
                sources.add(Content.of(data, "source s" + i));
                sourceUrls.add(url);
            }
            Worker.Role[] roles = {Worker.Role.UPLOADER, Worker.Role.UPLOADER, Worker.Role.MOVER, Worker.Role.MOVER,
                    Worker.Role.DELETER, Worker.Role.PULLER};
            for (int w = 0; w < roles.length; w++) {
                workers.add(new Worker(roles[w], "w" + w + "-" + roles[w].name().toLowerCase(Locale.ROOT),
                        random.nextLong(), sources, sourceUrls));
            }
            target.start();
            for (Worker w : workers) {   // third-party copies do not create parent collections
                String url = target.base() + "/data/" + w.dir();
                int st = setup.send(HttpRequest.newBuilder(URI.create(url)).method("MKCOL", HttpRequest.BodyPublishers
                        .noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (st != 201) fail("MKCOL " + url + ": " + st);
            }
            for (int point = 1; point <= points; point++) {
                long killAfterMs = 20 + random.nextInt(1500);
                String kind = KillTrigger.KINDS[random.nextInt(KillTrigger.KINDS.length)];
                KillTrigger trigger = new KillTrigger(random.nextInt(3) == 0 ? null : kind);
                long delayMicros = random.nextInt(4000);
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> threads = new ArrayList<>();
                for (Worker w : workers) {
                    w.arm(client, target.base(), stop, trigger);
                    threads.add(Thread.ofPlatform().name("crash-client-" + threads.size()).start(w));
                }
                // an aimed kill waits up to 10 s for its kind of request (uploads can be slow on a busy machine)
                trigger.await(trigger.kind() == null ? killAfterMs : 10_000, delayMicros);
                target.kill();
                stop.set(true);
                for (Thread t : threads) t.join();
                client.close();
                for (Worker w : workers) {
                    if (w.inFlight() != null) inFlightAtKill.merge(w.inFlight().what().replaceAll(" [^ ]*/.*", ""), 1, Integer::sum);
                }
                target.start();
                List<String> problems = check(target, workers);
                if (!problems.isEmpty()) {
                    failingPoints++;
                    String report = "crash point " + point + " of seed " + seed + " (killed "
                            + (trigger.kind() == null ? "after " + killAfterMs + " ms" : delayMicros + " µs into a "
                            + trigger.kind()) + "):\n  " + String.join("\n  ", problems);
                    System.out.println("crash-consistency: FAILED " + report);
                    failures.add(report);
                    if (!keepGoing) break;
                }
            }
        }
        int sent = 0;
        int acked = 0;
        for (Worker w : workers) {
            sent += w.sent();
            acked += w.acked();
        }
        System.out.println("crash-consistency: seed " + seed + ": " + points + " crash points planned, " + sent
                + " requests sent, " + acked + " acknowledged; in flight at the kills: " + inFlightAtKill
                + "; failing points: " + failingPoints);
        if (!failures.isEmpty()) {
            fail(failures.size() + " crash point(s) lost or corrupted data (replay with -Dcrash.seed=" + seed + "):\n"
                    + String.join("\n", failures));
        }
    }

    /** After a restart: what every worker's names hold, against what was acknowledged or in flight. */
    private List<String> check(GatewayProcess target, List<Worker> workers) throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<String> known = new ArrayList<>();
        for (Worker w : workers) {
            Map<String, Content> found = new LinkedHashMap<>();
            for (String name : w.acknowledged().keySet()) {
                known.add(name);
                found.put(name, w.named(name, fetch(client, target.base() + "/data/" + name, name, problems)));
            }
            Worker.InFlight f = w.inFlight();
            for (String name : found.keySet()) {
                if (f != null && f.names().contains(name)) continue;
                Content want = w.acknowledged().get(name);
                if (!found.get(name).same(want)) {
                    problems.add(name + ": acknowledged " + want + " but found " + found.get(name));
                }
            }
            if (f != null) {
                boolean matches = false;
                for (Map<String, Content> outcome : f.outcomes()) {
                    boolean all = true;
                    for (String n : f.names()) all &= found.get(n).same(outcome.get(n));
                    matches |= all;
                }
                if (!matches) {
                    StringBuilder sb = new StringBuilder(f.what() + " was in flight; found");
                    for (String n : f.names()) sb.append(' ').append(n).append(" = ").append(found.get(n)).append(';');
                    sb.append(" allowed only one of");
                    for (Map<String, Content> o : f.outcomes()) sb.append(' ').append(o);
                    problems.add(sb.toString());
                }
            }
            for (String u : w.unexpected()) problems.add("answer before the kill: " + u);
            w.settle(found);
        }
        client.close();
        try (Stream<Path> all = Files.walk(target.root())) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (!Files.isRegularFile(p)) continue;
                String rel = target.root().relativize(p).toString();
                String name = p.getFileName().toString();
                if (name.startsWith(".tributary-tmp-")) problems.add("temporary left after the restart: " + rel);
                else if (!name.startsWith(".tributary") && !known.contains(rel)) problems.add("unexpected file: " + rel);
            }
        }
        return problems;
    }

    /** GET with Want-Digest: adler32; the body's checksums, or ABSENT on 404. */
    private static Content fetch(HttpClient client, String url, String name, List<String> problems)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(url)).header("Want-Digest", "adler32")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) return Content.ABSENT;
        if (r.statusCode() != 200) {
            problems.add(name + ": GET answered " + r.statusCode());
            return new Content(-2, "status " + r.statusCode(), "", "unreadable");
        }
        Content c = Content.of(r.body(), "unknown content");
        String digest = r.headers().firstValue("Digest").orElse("");
        if (!digest.equalsIgnoreCase("adler32=" + c.adler32())) {
            problems.add(name + ": server Digest '" + digest + "' but the body's adler32 is " + c.adler32());
        }
        return c;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }
}
