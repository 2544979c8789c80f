package org.tributary.gateway.health;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.eclipse.jetty.util.InetAddressSet;
import org.tributary.backend.AreaPath;
import org.tributary.gateway.config.HealthConfig;
import org.tributary.gateway.front.Endpoint;
import org.tributary.gateway.front.Exchange;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.ResponseBodies;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Liveness and readiness for a load balancer or Kubernetes probes (decision 0036), outside every storage area:
 * <ul>
 *   <li>{@code GET <path>/live}: 200 whenever the process answers at all (Kubernetes restarts it otherwise);</li>
 *   <li>{@code GET <path>/ready}: 200 when it should get requests, 503 when not ({@link Readiness}: starting,
 *       draining, or an area's storage that does not answer), with a small JSON body saying why.</li>
 * </ul>
 * Only loopback clients and the addresses in {@code health.allow} are answered; others get 403, as the answer names
 * the areas and what failed behind them.
 */
public final class HealthEndpoint implements Endpoint {

    private final String path;
    private final List<String> base;
    private final InetAddressSet allowed;
    private final Readiness readiness;

    public HealthEndpoint(HealthConfig config, Readiness readiness) {
        this.path = config.path();
        this.base = AreaPath.parse(config.path()).segments();
        this.allowed = config.allowed();
        this.readiness = readiness;
    }

    @Override
    public boolean serve(Exchange ex) throws Exception {
        List<String> s = ex.segments();
        if (ex.route().isPresent() || s.size() < base.size() || !s.subList(0, base.size()).equals(base)) return false;
        if (!mayAsk(ex.request().getConnectionMetaData().getRemoteSocketAddress())) {
            throw HttpError.forbidden("the health checks answer loopback and the addresses in health.allow only");
        }
        List<String> rest = s.subList(base.size(), s.size());
        String check = rest.size() == 1 ? rest.get(0) : "";
        if (!check.equals("live") && !check.equals("ready")) {
            throw HttpError.notFound("no such health check; use " + path + "/live or " + path + "/ready");
        }
        String method = ex.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new HttpError(405, method + " is not allowed here; the health checks are read with GET",
                    Map.of("Allow", "GET, HEAD"));
        }
        ex.response().getHeaders().put("Cache-Control", "no-store");
        boolean head = method.equals("HEAD");
        if (check.equals("live")) {
            ResponseBodies.text(ex.response(), 200, "text/plain; charset=utf-8", "live\n", head);
            return true;
        }
        Readiness.Report r = readiness.check();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", r.state().text());
        if (!r.areas().isEmpty()) doc.put("areas", r.areas());
        ResponseBodies.text(ex.response(), r.ready() ? 200 : 503, "application/json",
                JSONObjectUtils.toJSONString(doc) + "\n", head);
        return true;
    }

    private boolean mayAsk(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress isa) || isa.getAddress() == null) return false;
        InetAddress a = isa.getAddress();
        return a.isLoopbackAddress() || allowed.test(a);
    }
}
