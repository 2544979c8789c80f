package org.tributary.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token issuer for tests: an in-process Jetty on 127.0.0.1 (ephemeral port) serving
 * {@code /.well-known/openid-configuration} and {@code /jwks}, with an RSA and an EC key, that mints WLCG and
 * SciTokens tokens. It can rotate keys (a new kid appears in the JWKS) and go down (503 on every request).
 * Its issuer URL is http://127.0.0.1:PORT, so configurations using it need allow-http-on-loopback: true.
 */
public final class LocalTestIssuer implements AutoCloseable {

    private final Server server;
    private final List<JWK> keys = new CopyOnWriteArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final String url;

    private LocalTestIssuer() throws Exception {
        keys.add(rsa("rsa-1"));
        keys.add(ec("ec-1"));
        server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                String body;
                int status = 200;
                if (down.get()) {
                    status = 503;
                    body = "{\"error\":\"down\"}";
                } else if (path.equals("/.well-known/openid-configuration")) {
                    body = "{\"issuer\":\"" + url() + "\",\"jwks_uri\":\"" + url() + "/jwks\"}";
                } else if (path.equals("/jwks")) {
                    jwksFetches.incrementAndGet();
                    body = new JWKSet(List.copyOf(keys)).toPublicJWKSet().toString();
                } else {
                    status = 404;
                    body = "{}";
                }
                response.setStatus(status);
                response.getHeaders().put("Content-Type", "application/json");
                response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        url = "http://127.0.0.1:" + c.getLocalPort();
    }

    public static LocalTestIssuer start() throws Exception {
        return new LocalTestIssuer();
    }

    public String url() { return url; }

    public void setDown(boolean d) { down.set(d); }

    public int jwksFetches() { return jwksFetches.get(); }

    /** Adds a new RSA key (kid rsa-N) to the published set and returns it. */
    public JWK rotate() throws JOSEException {
        JWK k = rsa("rsa-" + (keys.size() + 1));
        keys.add(k);
        return k;
    }

    public JWK rsaKey() { return keys.get(0); }

    public JWK ecKey() { return keys.get(1); }

    public String wlcg(Instant now, String sub, String aud, String scope, List<String> groups) {
        return TokenMinter.mint(rsaKey(), new TokenMinter.Spec(url, sub, List.of(aud), scope, groups,
                Duration.ofHours(1), false), now);
    }

    public String scitoken(Instant now, String sub, String aud, String scope) {
        return TokenMinter.mint(ecKey(), new TokenMinter.Spec(url, sub, List.of(aud), scope, List.of(),
                Duration.ofHours(1), true), now);
    }

    static JWK rsa(String kid) throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    static JWK ec(String kid) throws JOSEException {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
