package org.tributary.gateway.tape;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.tributary.backend.AreaPath;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.front.Endpoint;
import org.tributary.gateway.front.Exchange;
import org.tributary.gateway.http.ErrorResponses;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestBodies;
import org.tributary.gateway.http.RequestTarget;
import org.tributary.gateway.http.ResponseBodies;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The WLCG Tape REST API v1 (SPECS §2) as one front end: the discovery document at
 * {@code /.well-known/wlcg-tape-rest-api} and, under the configured path ({@code uri} in discovery),
 * {@code POST stage}, {@code GET|DELETE stage/{id}}, {@code POST stage/{id}/cancel}, {@code POST release/{id}} and
 * {@code POST archiveinfo}. Trailing slashes are accepted (the front door drops empty segments). Every error is an
 * RFC 7807 {@code application/problem+json} document; no answer ever holds a {@code null} (gfal2 takes a present
 * {@code error} key for a failure, whatever its value). What each operation does is {@link TapeRestOperations}'s.
 */
public final class TapeRestEndpoint implements Endpoint {

    static final String DISCOVERY = "/.well-known/wlcg-tape-rest-api";
    /** Generous per file: a path, a diskLifetime and some targetedMetadata. */
    private static final int BYTES_PER_FILE = 4096;

    private final TapeRestOperations operations;
    private final List<String> base;

    public TapeRestEndpoint(TapeRestOperations operations) {
        this.operations = operations;
        this.base = AreaPath.parse(operations.config().path()).segments();
    }

    @Override
    public boolean serve(Exchange exchange) throws Exception {
        List<String> s = exchange.segments();
        boolean discovery = s.size() == 2 && s.get(0).equals(".well-known") && s.get(1).equals("wlcg-tape-rest-api");
        boolean api = s.size() >= base.size() && s.subList(0, base.size()).equals(base);
        if (!discovery && !api) return false;
        try {
            if (discovery) discovery(exchange);
            else dispatch(exchange, s.subList(base.size(), s.size()));
        } catch (Exception e) {
            throw ErrorResponses.asProblem(e);
        }
        return true;
    }

    private void dispatch(Exchange ex, List<String> rest) throws Exception {
        String method = ex.method();
        String what = rest.isEmpty() ? "" : rest.getFirst();
        switch (what) {
            case "stage" -> {
                if (rest.size() == 1) {
                    allow(method, "POST");
                    stage(ex);
                } else if (rest.size() == 2) {
                    allow(method, "GET", "DELETE");
                    if (method.equals("GET")) poll(ex, rest.get(1));
                    else delete(ex, rest.get(1));
                } else if (rest.size() == 3 && rest.get(2).equals("cancel")) {
                    allow(method, "POST");
                    cancel(ex, rest.get(1));
                } else {
                    throw unknown();
                }
            }
            case "release" -> {
                if (rest.size() != 2) throw unknown();
                allow(method, "POST");
                release(ex, rest.get(1));
            }
            case "archiveinfo" -> {
                if (rest.size() != 1) throw unknown();
                allow(method, "POST");
                archiveInfo(ex);
            }
            default -> throw unknown();
        }
    }

    // --- discovery (SPECS §2.1)

    private void discovery(Exchange ex) throws Exception {
        allow(ex.method(), "GET", "HEAD");
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("uri", origin(ex.request()) + operations.config().path());
        endpoint.put("version", "v1");
        endpoint.put("metadata", Map.of());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("sitename", operations.config().sitename());
        if (!operations.config().description().isEmpty()) doc.put("description", operations.config().description());
        doc.put("endpoints", List.of(endpoint));
        // as StoRM: clients (gfal2 per transfer) may keep it for hours
        ex.response().getHeaders().put("Cache-Control", "max-age=21600, public");
        json(ex.response(), 200, JSONObjectUtils.toJSONString(doc), "HEAD".equals(ex.method()));
    }

    // --- stage, poll, cancel, delete (SPECS §2.2, §2.3)

    private void stage(Exchange ex) throws Exception {
        int max = operations.config().maxFilesPerRequest();
        Map<String, Object> body = object(ex.request(), (long) max * BYTES_PER_FILE + (1 << 20));
        List<Object> files = array(body, "files");
        if (files.isEmpty()) throw HttpError.badRequest("'files' is empty; name at least one file");
        if (files.size() > max) {
            throw new HttpError(413, files.size() + " files in one stage request; this server accepts up to " + max
                    + " per request (tape-rest.max-files-per-request): split it into several requests");
        }
        AreaRouter router = operations.router();
        List<TapeRestOperations.Wanted> wanted = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            if (!(files.get(i) instanceof Map<?, ?> f)) {
                throw HttpError.badRequest("files[" + i + "] is " + BodyPath.describe(files.get(i))
                        + ", not an object with a 'path'");
            }
            BodyPath path = BodyPath.resolve(router, f.get("path"));
            wanted.add(new TapeRestOperations.Wanted(path, diskLifetime(f.get("diskLifetime"), i),
                    targetedMetadata(f.get("targetedMetadata"), i)));
        }
        String id = operations.stage(ex.identity(), wanted);
        ex.response().getHeaders().put("Location", origin(ex.request()) + operations.config().path() + "/stage/"
                + RequestTarget.encodePath(id));
        json(ex.response(), 201, JSONObjectUtils.toJSONString(Map.of("requestId", id)), false);
    }

    /** ISO-8601 (PT1H, P1D); absent means the configured default. */
    private static Optional<Duration> diskLifetime(Object v, int i) {
        if (v == null) return Optional.empty();
        if (v instanceof String text) {
            try {
                Duration d = Duration.parse(text);
                if (!d.isNegative() && !d.isZero()) return Optional.of(d);
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw HttpError.badRequest("files[" + i + "].diskLifetime " + BodyPath.describe(v) + " is not a positive"
                + " ISO-8601 duration such as PT1H or P1D");
    }

    /**
     * The metadata meant for this site: the {@code default} entry (which Rucio sends through FTS since 2025), then this
     * sitename's entry over it; other sites' entries are ignored (SPECS §2.5a).
     */
    private Map<String, Object> targetedMetadata(Object v, int i) {
        if (v == null) return Map.of();
        if (!(v instanceof Map<?, ?> m)) {
            throw HttpError.badRequest("files[" + i + "].targetedMetadata is " + BodyPath.describe(v)
                    + ", not an object");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : List.of("default", operations.config().sitename())) {
            if (m.get(key) instanceof Map<?, ?> entry) entry.forEach((k, val) -> out.put(String.valueOf(k), val));
        }
        return out;
    }

    private void poll(Exchange ex, String id) throws Exception {
        TapeRestOperations.Status st = operations.poll(ex.identity(), id);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("id", st.id());
        doc.put("createdAt", seconds(st.createdAt()));
        doc.put("startedAt", seconds(st.createdAt())); // no separate "started" for a request: SPECS §2.3
        st.completedAt().ifPresent(t -> doc.put("completedAt", seconds(t)));
        List<Object> files = new ArrayList<>(st.files().size());
        for (TapeRestOperations.FileStatus f : st.files()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", f.path());
            m.put("state", f.state() == TapeRestOperations.FileState.CANCELED ? TapeRestOperations.CANCELED
                    : f.state().name());
            f.startedAt().ifPresent(t -> m.put("startedAt", seconds(t)));
            f.finishedAt().ifPresent(t -> m.put("finishedAt", seconds(t)));
            f.error().ifPresent(e -> m.put("error", e));
            files.add(m);
        }
        doc.put("files", files);
        json(ex.response(), 200, JSONObjectUtils.toJSONString(doc), false);
    }

    private void cancel(Exchange ex, String id) throws Exception {
        List<BodyPath> paths = paths(ex);
        if (paths.isEmpty()) throw HttpError.badRequest("'paths' is empty; name the files to cancel");
        operations.cancel(ex.identity(), id, paths);
        ResponseBodies.empty(ex.response(), 200);
    }

    private void delete(Exchange ex, String id) throws Exception {
        operations.delete(ex.identity(), id);
        ResponseBodies.empty(ex.response(), 200);
    }

    private void release(Exchange ex, String id) throws Exception {
        List<BodyPath> paths = paths(ex);
        if (paths.isEmpty()) throw HttpError.badRequest("'paths' is empty; name the files to release");
        operations.release(ex.identity(), id, paths);
        ResponseBodies.empty(ex.response(), 200);
    }

    // --- archiveinfo (SPECS §2.4): an array, never an error for size or for one bad path

    private void archiveInfo(Exchange ex) throws Exception {
        int max = operations.config().maxFilesPerRequest();
        Map<String, Object> body = object(ex.request(), 4L * max * BYTES_PER_FILE + (1 << 20));
        List<Object> raw = array(body, "paths");
        List<Object> out = new ArrayList<>(raw.size());
        List<BodyPath> asked = new ArrayList<>();
        List<Integer> where = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Object v = raw.get(i);
            String echo = v instanceof String s ? s : String.valueOf(v);
            if (i >= max) {
                out.add(error(echo, "too many paths in one request (this server answers " + max + "); ask again"
                        + " for this one"));
                continue;
            }
            try {
                asked.add(BodyPath.resolve(operations.router(), v));
                where.add(i);
                out.add(null);
            } catch (HttpError e) {
                out.add(error(echo, "USER ERROR: " + e.getMessage()));
            }
        }
        List<TapeRestOperations.Locate> found = operations.archiveInfo(ex.identity(), asked);
        for (int k = 0; k < found.size(); k++) {
            TapeRestOperations.Locate l = found.get(k);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", l.path());
            l.locality().ifPresent(loc -> m.put("locality", loc.name()));
            l.error().ifPresent(e -> m.put("error", e));
            out.set(where.get(k), m);
        }
        json(ex.response(), 200, JSONArrayUtils.toJSONString(out), false);
    }

    private static Map<String, Object> error(String path, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("error", error);
        return m;
    }

    // --- bodies

    private List<BodyPath> paths(Exchange ex) throws Exception {
        int max = operations.config().maxFilesPerRequest();
        List<Object> raw = array(object(ex.request(), (long) max * BYTES_PER_FILE + (1 << 20)), "paths");
        if (raw.size() > max) {
            throw new HttpError(413, raw.size() + " paths in one request; this server accepts up to " + max);
        }
        List<BodyPath> out = new ArrayList<>(raw.size());
        for (Object v : raw) out.add(BodyPath.resolve(operations.router(), v));
        return out;
    }

    private static Map<String, Object> object(Request request, long limit) throws Exception {
        byte[] bytes = RequestBodies.readSmall(request, (int) Math.min(limit, Integer.MAX_VALUE - 8));
        String text = new String(bytes, StandardCharsets.UTF_8);
        try {
            return JSONObjectUtils.parse(text);
        } catch (ParseException e) {
            throw HttpError.badRequest("the body is not a JSON object: " + e.getMessage());
        }
    }

    private static List<Object> array(Map<String, Object> body, String key) {
        Object v = body.get(key);
        if (!(v instanceof List<?> list)) {
            throw HttpError.badRequest("the body needs '" + key + "': an array, found " + BodyPath.describe(v));
        }
        return new ArrayList<>(list);
    }

    // --- answers

    private static void json(Response response, int status, String body, boolean head) throws Exception {
        ResponseBodies.text(response, status, "application/json", body, head);
    }

    private static long seconds(Instant t) { return t.getEpochSecond(); }

    private static String origin(Request request) {
        return request.getHttpURI().getScheme() + "://" + request.getHttpURI().getAuthority();
    }

    private static void allow(String method, String... allowed) {
        for (String a : allowed) if (a.equals(method)) return;
        throw new HttpError(405, method + " is not allowed here; use " + String.join(" or ", allowed),
                Map.of("Allow", String.join(", ", allowed)));
    }

    private HttpError unknown() {
        return HttpError.notFound("no such Tape REST endpoint; the API (v1) is stage, stage/{id}, stage/{id}/cancel,"
                + " release/{id} and archiveinfo under " + operations.config().path());
    }
}
