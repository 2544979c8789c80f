package org.tributary.gateway.dav;

import org.eclipse.jetty.server.Response;
import org.tributary.gateway.http.ResponseBodies;

import java.io.IOException;

/** OPTIONS: DAV level 1 and the methods we serve, COPY included (XRootD does the same; SPECS §1.4). */
public final class OptionsMethod {

    public static final String ALLOW = "OPTIONS, GET, HEAD, PUT, DELETE, MKCOL, PROPFIND, PROPPATCH, COPY, MOVE";

    private OptionsMethod() { }

    public static void handle(Response response) throws IOException {
        response.getHeaders().put("DAV", "1");
        response.getHeaders().put("Allow", ALLOW);
        response.getHeaders().put("Accept-Ranges", "bytes");
        response.getHeaders().put("MS-Author-Via", "DAV");
        ResponseBodies.empty(response, 200);
    }
}
