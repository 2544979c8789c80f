package org.tributary.gateway.health;

import org.tributary.gateway.RawHttp;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.server.GatewayServer;

import java.io.IOException;

/** A gateway from YAML text on a free loopback port, and its health checks asked over real HTTP. */
final class HealthGateway {

    private HealthGateway() {}

    static GatewayServer start(String yaml) throws Exception {
        GatewayConfig p = GatewayConfig.parse(yaml, "health-test.yaml");
        GatewayServer gw = new GatewayServer(new GatewayConfig(p.server().withHttpPort(0), p.areas(), p.tokens(),
                p.tpc(), p.tapeRest(), p.site(), p.cdmi(), p.dashboard(), p.health()));
        try {
            return gw.start();
        } catch (Exception e) {
            gw.close();
            throw e;
        }
    }

    static RawHttp.Response get(GatewayServer gw, String path) throws IOException {
        return RawHttp.exchange(gw.httpPort(), "GET", path, null);
    }
}
