package org.tributary.gateway.server;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.dav.OptionsMethod;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestTarget;
import org.tributary.gateway.http.ResponseBodies;

import java.io.IOException;
import java.util.List;

/** Paths outside every storage area: the server root lists the areas; anything else is 404. */
final class RootPage {

    private final AreaRouter router;

    RootPage(AreaRouter router) {
        this.router = router;
    }

    void handle(Request request, Response response, List<String> segments) throws IOException {
        String method = request.getMethod();
        if (!segments.isEmpty()) {
            throw HttpError.notFound("no storage area at /" + String.join("/", segments));
        }
        switch (method) {
            case "OPTIONS" -> OptionsMethod.handle(response);
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
                ResponseBodies.text(response, 200, "text/html; charset=utf-8", sb.toString(), "HEAD".equals(method));
            }
            default -> throw new HttpError(404, "no storage area at /");
        }
    }
}
