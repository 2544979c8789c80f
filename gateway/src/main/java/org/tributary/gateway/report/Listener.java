package org.tributary.gateway.report;

import org.tributary.gateway.config.ServerConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * One listener of the gateway as clients name it: {@code davs} on the TLS port, {@code http} on the plain one. The SRR
 * document lists one storage endpoint per listener; {@code tributary describe} one Rucio protocol per listener.
 *
 * @param scheme davs or http (what gfal2 and Rucio put in URLs)
 * @param port   the port
 */
public record Listener(String scheme, int port) {

    public static final String DAVS = "davs";
    public static final String HTTP = "http";

    /** The SRR {@code interfacetype}: the HTTP flavour the endpoint speaks. */
    public String interfaceType() { return scheme.equals(DAVS) ? "https" : "http"; }

    /** {@code scheme://host:port/} */
    public String url(String host) { return scheme + "://" + host + ":" + port + "/"; }

    /** The configured listeners, TLS first (the one to prefer). */
    public static List<Listener> of(ServerConfig server) {
        return of(server.https() == null ? -1 : server.https().port(), server.httpPort() == null ? -1 : server.httpPort());
    }

    /** Listeners on these ports; -1 for a listener that is off. */
    public static List<Listener> of(int httpsPort, int httpPort) {
        List<Listener> out = new ArrayList<>(2);
        if (httpsPort >= 0) out.add(new Listener(DAVS, httpsPort));
        if (httpPort >= 0) out.add(new Listener(HTTP, httpPort));
        return List.copyOf(out);
    }
}
