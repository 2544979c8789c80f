package org.tributary.gateway.cli;

import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.server.GatewayServer;

/** What `serve` prints once it listens: where each area is, the readiness check, and three commands to try it. */
final class Banner {

    private Banner() { }

    static void print(GatewayConfig cfg, GatewayServer server, long startMillis) {
        String host = cfg.server().bind();
        if (host.contains(":")) host = "[" + host + "]";
        if (host.equals("0.0.0.0") || host.equals("[::]")) host = "127.0.0.1";
        String base = server.httpPort() > 0 ? "http://" + host + ":" + server.httpPort()
                : "https://" + host + ":" + server.httpsPort();
        StringBuilder sb = new StringBuilder();
        sb.append("Tributary ").append(Main.version()).append(" ready in ").append(startMillis).append(" ms\n");
        for (StorageArea a : server.areas()) {
            for (String ap : a.config().accessPoints()) {
                if (server.httpPort() > 0) sb.append("  ").append(a.name()).append(": http://").append(host).append(':').append(server.httpPort()).append(ap).append("/\n");
                if (server.httpsPort() > 0) sb.append("  ").append(a.name()).append(": https://").append(host).append(':').append(server.httpsPort()).append(ap).append("/\n");
            }
        }
        sb.append("  health: ").append(base).append(cfg.health().path()).append("/ready (and /live; loopback")
                .append(cfg.health().allow().isEmpty() ? ")\n" : " and health.allow)\n");
        String ap = server.areas().isEmpty() ? "/data" : server.areas().getFirst().config().accessPoints().getFirst();
        String url = base + ap;
        sb.append("Try:\n");
        sb.append("  curl -T README.md ").append(url).append("/README.md\n");
        sb.append("  davix-ls ").append(url).append("/\n");
        sb.append("  gfal-ls ").append(url.replaceFirst("^https", "davs")).append("/\n");
        System.out.print(sb);
        System.out.flush();
    }
}
