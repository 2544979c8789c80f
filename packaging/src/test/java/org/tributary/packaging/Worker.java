package org.tributary.packaging;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client of the crash campaign: it owns a few names in a directory of its own (so no two requests on one name
 * overlap) and sends one request at a time: uploads (new names and overwrites), MOVEs (onto new and existing names),
 * DELETEs and third-party pulls from a second gateway. It knows, for each name, the last acknowledged content
 * (2xx received before the kill) and, for the one request that may be in flight when the gateway dies, every state
 * its names may be found in after a restart.
 */
final class Worker implements Runnable {

    enum Role { UPLOADER, MOVER, DELETER, PULLER }

    /** The request in flight at the kill: its names and the joint states allowed after it. */
    record InFlight(String what, List<String> names, List<Map<String, Content>> outcomes) { }

    private static final int NAMES = 6;

    private final Role role;
    private final String dir;
    private final Random random;
    private final List<Content> sources;
    private final List<String> sourceUrls;
    private final Map<String, Content> acknowledged = new LinkedHashMap<>();
    private final List<String> unexpected = new ArrayList<>();
    private HttpClient client;
    private String base;
    private AtomicBoolean stop;
    private KillTrigger trigger;
    private InFlight inFlight;
    private int sent;
    private int acked;

    Worker(Role role, String dir, long seed, List<Content> sources, List<String> sourceUrls) {
        this.role = role;
        this.dir = dir;
        this.random = new Random(seed);
        this.sources = sources;
        this.sourceUrls = sourceUrls;
        for (int i = 0; i < NAMES; i++) acknowledged.put(dir + "/f" + i, Content.ABSENT);
    }

    /** Prepares a round against the gateway at {@code base}; {@link #run} goes until {@code stop} or an I/O error. */
    void arm(HttpClient client, String base, AtomicBoolean stop, KillTrigger trigger) {
        this.client = client;
        this.base = base;
        this.stop = stop;
        this.trigger = trigger;
        this.inFlight = null;
    }

    String dir() { return dir; }

    Map<String, Content> acknowledged() { return acknowledged; }

    InFlight inFlight() { return inFlight; }

    List<String> unexpected() { return unexpected; }

    int sent() { return sent; }

    int acked() { return acked; }

    /** After a restart: the state found is the new starting point. */
    void settle(Map<String, Content> found) {
        acknowledged.putAll(found);
        inFlight = null;
        unexpected.clear();
    }

    /**
     * {@code found} under the label it was written with ("PUT#12 of w0-uploader"), if it is the acknowledged content
     * of {@code name} or one the request in flight could have left: for the messages.
     */
    Content named(String name, Content found) {
        List<Content> known = new ArrayList<>(List.of(acknowledged.get(name)));
        if (inFlight != null) for (Map<String, Content> o : inFlight.outcomes()) known.addAll(o.values());
        return known.stream().filter(found::same).findFirst().orElse(found);
    }

    @Override
    public void run() {
        try {
            while (!stop.get()) step();
        } catch (IOException e) {
            // the gateway died under us (or refused the connection): the request in flight stays undecided
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void step() throws IOException, InterruptedException {
        List<String> present = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        for (Map.Entry<String, Content> e : acknowledged.entrySet()) {
            (e.getValue() == Content.ABSENT ? absent : present).add(e.getKey());
        }
        switch (role) {
            case UPLOADER -> put(any(), random.nextInt(3) == 0 ? 1 + random.nextInt(8 << 20) : random.nextInt(64 << 10));
            case MOVER -> {
                if (present.size() < 2 || random.nextInt(4) == 0) {
                    put(absent.isEmpty() ? any() : pick(absent), random.nextInt(16 << 10));
                } else {
                    String from = pick(present);
                    present.remove(from);
                    // onto an existing name (Overwrite: T) twice as often as onto a new one
                    String to = absent.isEmpty() || random.nextInt(3) != 0 ? pick(present) : pick(absent);
                    move(from, to);
                }
            }
            case DELETER -> {
                if (present.isEmpty() || random.nextBoolean()) put(any(), random.nextInt(256 << 10));
                else delete(pick(present));
            }
            case PULLER -> pull(any(), random.nextInt(sources.size()));
        }
    }

    private String any() {
        return dir + "/f" + random.nextInt(NAMES);
    }

    private String pick(List<String> names) {
        return names.get(random.nextInt(names.size()));
    }

    private void put(String name, int size) throws IOException, InterruptedException {
        byte[] data = new byte[size];
        random.nextBytes(data);
        Content c = Content.of(data, "PUT#" + (sent + 1) + " of " + dir);
        Content old = acknowledged.get(name);
        begin((old == Content.ABSENT ? "PUT new " : "PUT overwrite ") + name, List.of(name),
                List.of(Map.of(name, old), Map.of(name, c)));
        HttpResponse<Void> r = send(HttpRequest.newBuilder(uri(name)).PUT(HttpRequest.BodyPublishers.ofByteArray(data)),
                HttpResponse.BodyHandlers.discarding());
        end(r.statusCode(), List.of(201, 204, 200), "", Map.of(name, c));
    }

    private void move(String from, String to) throws IOException, InterruptedException {
        Content a = acknowledged.get(from);
        Content b = acknowledged.get(to);
        begin((b == Content.ABSENT ? "MOVE onto a new name " : "MOVE onto an existing name ") + from + " -> " + to,
                List.of(from, to), List.of(Map.of(from, a, to, b), Map.of(from, Content.ABSENT, to, a)));
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(from)).method("MOVE", HttpRequest.BodyPublishers.noBody())
                .header("Destination", uri(to).toString()).header("Overwrite", "T"), HttpResponse.BodyHandlers.ofString());
        end(r.statusCode(), List.of(201, 204), r.body(), Map.of(from, Content.ABSENT, to, a));
    }

    private void delete(String name) throws IOException, InterruptedException {
        Content old = acknowledged.get(name);
        begin("DELETE " + name, List.of(name), List.of(Map.of(name, old), Map.of(name, Content.ABSENT)));
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(name)).DELETE(), HttpResponse.BodyHandlers.ofString());
        end(r.statusCode(), List.of(204, 200), r.body(), Map.of(name, Content.ABSENT));
    }

    /** A third-party pull (COPY with Source, Credential: none): acknowledged by the final "success" line. */
    private void pull(String name, int source) throws IOException, InterruptedException {
        Content old = acknowledged.get(name);
        Content c = sources.get(source);
        begin("COPY pull " + sourceUrls.get(source) + " -> " + name, List.of(name),
                List.of(Map.of(name, old), Map.of(name, c)));
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri(name)).method("COPY", HttpRequest.BodyPublishers.noBody())
                .header("Source", sourceUrls.get(source)).header("Credential", "none"), HttpResponse.BodyHandlers.ofString());
        String body = r.body().strip();
        String last = body.substring(body.lastIndexOf('\n') + 1);
        if (r.statusCode() == 202 && !last.startsWith("success")) {
            // a copy that reports failure stored nothing: the old state, and the failure is worth a look
            unexpected.add(inFlight.what() + ": " + last);
            inFlight = null;
            return;
        }
        end(r.statusCode() == 202 ? 201 : r.statusCode(), List.of(201), body, Map.of(name, c));
    }

    private void begin(String what, List<String> names, List<Map<String, Content>> outcomes) {
        inFlight = new InFlight(what, names, outcomes);
        sent++;
        trigger.begun(what);
    }

    private void end(int status, List<Integer> ok, String body, Map<String, Content> after) {
        if (ok.contains(status)) {
            acknowledged.putAll(after);
            acked++;
        } else {
            // refused or failed: nothing may have changed
            unexpected.add(inFlight.what() + ": status " + status + " " + firstLine(body));
        }
        inFlight = null;
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder b, HttpResponse.BodyHandler<T> h)
            throws IOException, InterruptedException {
        return client.send(b.timeout(Duration.ofSeconds(60)).build(), h);
    }

    private URI uri(String name) {
        return URI.create(base + "/data/" + name);
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
