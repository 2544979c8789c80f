package org.tributary.gateway.tpc;

import org.eclipse.jetty.server.Request;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Whether the other URL of a third-party copy names this gateway, so that the copy can be done in place (issue 13).
 * Two ways to be sure: the URL's authority is the one this very request was sent to (the name clients use, also
 * behind an alias or a proxy), or every address its host resolves to is an address of this machine and one of them,
 * with the URL's scheme and port, is a connector's. "Every address": a name that also leads to another machine may
 * be a sibling gateway over other storage, and the copy then goes over the network as before.
 */
public final class ThisGateway {

    /**
     * One connector of the gateway.
     *
     * @param scheme "http" or "https"
     * @param bind   the address it was told to bind (null or a wildcard address: every interface)
     * @param port   the port it listens on
     */
    public record Listener(String scheme, String bind, int port) { }

    private final Supplier<List<Listener>> listeners;

    /** @param listeners the connectors as they listen now (their ports are known once the server has started) */
    public ThisGateway(Supplier<List<Listener>> listeners) {
        this.listeners = listeners;
    }

    /** Whether {@code url} (http or https) names this gateway; {@code request} is the COPY that carries it. */
    public boolean names(URI url, Request request) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        int port = port(url);
        String host = bare(url.getHost());
        String asked = Request.getServerName(request);
        if (asked != null && bare(asked).equalsIgnoreCase(host) && Request.getServerPort(request) == port
                && scheme.equals(request.isSecure() ? "https" : "http")) {
            return true;
        }
        List<Listener> mine = listeners.get().stream().filter(l -> l.scheme().equals(scheme) && l.port() == port)
                .toList();
        if (mine.isEmpty()) return false;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return false;
        }
        boolean listened = false;
        for (InetAddress a : addresses) {
            if (!local(a)) return false;
            for (Listener l : mine) listened |= binds(l, a);
        }
        return listened;
    }

    static int port(URI url) {
        if (url.getPort() >= 0) return url.getPort();
        return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean local(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()) return true;
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean binds(Listener l, InetAddress a) {
        if (l.bind() == null || l.bind().isBlank()) return true;
        try {
            for (InetAddress b : InetAddress.getAllByName(bare(l.bind()))) {
                if (b.isAnyLocalAddress() || b.equals(a)) return true;
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }
}
