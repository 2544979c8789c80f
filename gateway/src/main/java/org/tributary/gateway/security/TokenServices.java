package org.tributary.gateway.security;

import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.TokenIssuerConfig;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * The authenticator and access guard a configuration asks for. Without token issuers, tokens are not understood
 * (everyone is anonymous, as before); the guard is the token guard inside the area rules ({@link AccessPolicy})
 * either way, since with no issuers and no policies it decides from the area's anonymous setting alone.
 */
public record TokenServices(Authenticator authenticator, AccessPolicy guard, TokenValidator validator,
                            TokenAuthenticator tokenAuthenticator) {

    public static TokenServices create(GatewayConfig config, Clock clock) throws IOException {
        return create(config, clock, TokenValidator.keySources(config.tokens(), clock));
    }

    public static TokenServices create(GatewayConfig config, Clock clock, Map<String, IssuerKeySource> keySources)
            throws IOException {
        for (TokenIssuerConfig i : config.tokens().issuers()) {
            if (i.dev()) DevIssuer.openOrCreate(i.jwksFile());
        }
        AccessPolicy guard = new AccessPolicy(new TokenAccessGuard(config.tokens(), clock));
        if (config.tokens().issuers().isEmpty()) return new TokenServices(Authenticator.ANONYMOUS_ONLY, guard, null, null);
        for (IssuerKeySource ks : keySources.values()) Thread.ofVirtual().name("jwks-prefetch").start(ks::prefetch);
        TokenValidator validator = new TokenValidator(config.tokens(), keySources, clock);
        boolean plainHttp = config.tokens().allowBearerOverHttp() || config.listensOnLoopbackOnly();
        TokenAuthenticator auth = new TokenAuthenticator(validator, new ValidatedTokenCache(clock), plainHttp);
        return new TokenServices(auth, guard, validator, auth);
    }
}
