package org.tributary.gateway.dashboard;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.tributary.backend.AreaPath;
import org.tributary.gateway.config.DashboardConfig;
import org.tributary.gateway.front.Endpoint;
import org.tributary.gateway.front.Exchange;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.ResponseBodies;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The admin's live page (decision 0037): {@code <path>} is the HTML page, {@code <path>/dashboard.js} its script and
 * {@code <path>/status} the JSON document the script polls ({@link DashboardStatus}). Nothing is fetched from
 * elsewhere: the page and the script are resources of this jar, and the Content-Security-Policy allows this origin
 * only.
 *
 * <p>Who may see it: callers on loopback, and from elsewhere a token in one of {@code dashboard.admin-groups}. The
 * page shows file paths, remote URLs and error reasons, so everyone else gets 403, whatever the storage areas allow.
 */
public final class DashboardEndpoint implements Endpoint {

    private static final String CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self';"
            + " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final List<String> page;
    private final List<String> groups;
    private final DashboardStatus status;
    private final String html;
    private final String script;
    private final String style;

    public DashboardEndpoint(DashboardConfig config, DashboardStatus status) {
        this.page = AreaPath.parse(config.path()).segments();
        this.groups = config.adminGroups();
        this.status = status;
        // the page names its script, style and status document by absolute path: it is served without a trailing '/'
        this.html = resource("dashboard.html").replace("{{path}}", attribute(config.path()));
        this.script = resource("dashboard.js");
        this.style = resource("dashboard.css");
    }

    @Override
    public boolean serve(Exchange ex) throws Exception {
        List<String> s = ex.segments();
        if (s.size() < page.size() || !s.subList(0, page.size()).equals(page)) return false;
        allow(ex);
        List<String> rest = s.subList(page.size(), s.size());
        String method = ex.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new HttpError(405, method + " is not allowed here; the dashboard is read with GET",
                    Map.of("Allow", "GET, HEAD"));
        }
        boolean head = method.equals("HEAD");
        var h = ex.response().getHeaders();
        h.put("Cache-Control", "no-store");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Content-Security-Policy", CSP);
        String name = rest.isEmpty() ? "" : String.join("/", rest);
        switch (name) {
            case "" -> ResponseBodies.text(ex.response(), 200, "text/html; charset=utf-8", html, head);
            case "dashboard.js" -> ResponseBodies.text(ex.response(), 200, "text/javascript; charset=utf-8", script, head);
            case "dashboard.css" -> ResponseBodies.text(ex.response(), 200, "text/css; charset=utf-8", style, head);
            case "status" -> ResponseBodies.text(ex.response(), 200, "application/json",
                    JSONObjectUtils.toJSONString(status.document()), head);
            default -> throw HttpError.notFound("no such dashboard resource: " + name);
        }
        return true;
    }

    /** Loopback, or a token in an admin group; 403 otherwise (the reason says what would do). */
    private void allow(Exchange ex) {
        SocketAddress remote = ex.request().getConnectionMetaData().getRemoteSocketAddress();
        if (remote instanceof InetSocketAddress a && a.getAddress() != null && a.getAddress().isLoopbackAddress()) {
            return;
        }
        for (String g : ex.identity().groups()) if (groups.contains(g)) return;
        throw HttpError.forbidden(groups.isEmpty()
                ? "the dashboard is served to loopback callers only (dashboard.admin-groups is empty)"
                : "the dashboard needs a token in one of the groups " + String.join(", ", groups)
                        + " from a non-loopback address");
    }

    /** An admin's path as an HTML attribute value (a path may hold '&' or a quote). */
    private static String attribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("'", "&#39;").replace("<", "&lt;")
                .replace(">", "&gt;");
    }

    private static String resource(String name) {
        try (InputStream in = DashboardEndpoint.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("resource " + name + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
