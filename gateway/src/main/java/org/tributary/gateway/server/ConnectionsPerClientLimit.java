package org.tributary.gateway.server;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code max} open connections from one remote address ({@code server.max-connections-per-client}); a
 * further one is closed as soon as it opens, without an answer, so one client cannot hold every connection the
 * gateway can serve. Jetty 12.1 offers global limits only ({@code NetworkConnectionLimit}, which stops accepting for
 * everybody); this is the same kind of {@link Connection.Listener}, keyed by address. Added to every connector, it
 * counts network connections only: on TLS the HTTP connection above the TLS one is the same client.
 */
final class ConnectionsPerClientLimit implements Connection.Listener {

    private final int max;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();

    ConnectionsPerClientLimit(int max) {
        this.max = max;
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint ep = connection.getEndPoint();
        if (ep instanceof EndPoint.Wrapper) return; // TLS: the connection below is counted
        if (!(ep.getRemoteSocketAddress() instanceof InetSocketAddress remote)) return;
        InetAddress address = remote.getAddress();
        counted.put(connection, address);
        int now = open.merge(address, 1, Integer::sum);
        if (now > max) ep.close();
    }

    @Override
    public void onClosed(Connection connection) {
        InetAddress address = counted.remove(connection);
        if (address != null) open.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }
}
