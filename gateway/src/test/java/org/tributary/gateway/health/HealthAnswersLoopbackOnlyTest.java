package org.tributary.gateway.health;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.server.GatewayServer;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The health checks name the areas and what failed behind them: a client that is not on loopback gets 403 unless its
 * address is in health.allow. The test reaches the gateway through this machine's own non-loopback address, so the
 * gateway sees that address as the client's.
 */
class HealthAnswersLoopbackOnlyTest {

    @TempDir
    Path dir;

    private GatewayServer start(String health) throws Exception {
        return HealthGateway.start("server: {bind: 0.0.0.0, http: {port: 18080}, access-log: off, shutdown-grace: 0s}\n"
                + "storage-areas:\n  - {name: data, access-points: [/data], anonymous: none,"
                + " backend: {type: posix, root: \"" + dir.resolve("data") + "\", create-root: true}}\n" + health);
    }

    private static Optional<InetAddress> ownNetworkAddress() throws Exception {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (java.net.SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address && !a.isLinkLocalAddress())
                .findFirst();
    }

    private static int status(InetAddress host, int port, String path) throws Exception {
        try (HttpClient c = HttpClient.newHttpClient()) {
            return c.send(HttpRequest.newBuilder(URI.create("http://" + host.getHostAddress() + ":" + port + path))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Test
    void anotherAddressIsRefusedUnlessAllowed() throws Exception {
        Optional<InetAddress> own = ownNetworkAddress();
        assumeTrue(own.isPresent(), "this machine has no non-loopback IPv4 address to connect from");
        InetAddress a = own.get();
        try (GatewayServer gw = start("")) {
            assertEquals(403, status(a, gw.httpPort(), "/health/ready"));
            assertEquals(403, status(a, gw.httpPort(), "/health/live"));
            assertEquals(200, status(InetAddress.getLoopbackAddress(), gw.httpPort(), "/health/live"));
        }
        try (GatewayServer gw = start("health: {allow: [\"" + a.getHostAddress() + "/32\"]}\n")) {
            assertEquals(200, status(a, gw.httpPort(), "/health/ready"));
        }
        // a block of documentation addresses that does not hold this machine's address
        String other = a.getHostAddress().startsWith("198.51.100.") ? "203.0.113.0/24" : "198.51.100.0/24";
        try (GatewayServer gw = start("health: {allow: [" + other + "]}\n")) {
            assertEquals(403, status(a, gw.httpPort(), "/health/ready"));
        }
    }
}
