package org.tributary.gateway.server;

import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.dav.OptionsMethod;
import org.tributary.gateway.front.Endpoint;
import org.tributary.gateway.front.Exchange;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestTarget;
import org.tributary.gateway.http.ResponseBodies;

import java.util.List;

/**
 * Paths outside every storage area: the server root lists the areas; anything else is 404. Registered last, so the
 * endpoints before it (SE tokens, later Tape REST, metrics) claim their own paths first.
 */
final class RootPage implements Endpoint {

    private final AreaRouter router;

    RootPage(AreaRouter router) {
        this.router = router;
    }

    @Override
    public boolean serve(Exchange exchange) throws Exception {
        if (exchange.route().isPresent()) return false;
        List<String> segments = exchange.segments();
        String method = exchange.method();
        if (!segments.isEmpty()) {
            throw HttpError.notFound("no storage area at /" + String.join("/", segments));
        }
        switch (method) {
            case "OPTIONS" -> OptionsMethod.handle(exchange.response());
            case "GET", "HEAD" -> {
                StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Tributary</title></head>"
                        + "<body style=\"font-family:sans-serif;margin:2em\"><h1>Tributary storage areas</h1><ul>\n");
                for (StorageArea a : router.areas()) {
                    for (String ap : a.config().accessPoints()) {
                        String href = RequestTarget.encodePath(ap) + "/";
                        sb.append("<li><a href=\"").append(href).append("\">").append(ap).append("</a> (")
                                .append(a.name()).append(", qos ").append(a.config().qos()).append(")</li>\n");
                    }
                }
                sb.append("</ul></body></html>\n");
                ResponseBodies.text(exchange.response(), 200, "text/html; charset=utf-8", sb.toString(), "HEAD".equals(method));
            }
            default -> throw new HttpError(404, "no storage area at /");
        }
        return true;
    }
}
