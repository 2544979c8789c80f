package org.tributary.gateway.auth;

import org.tributary.backend.AreaPath;
import org.tributary.gateway.access.AccessDecision;
import org.tributary.gateway.access.AccessGuard;
import org.tributary.gateway.access.AreaPolicyGuard;
import org.tributary.gateway.access.Identity;
import org.tributary.gateway.access.Operation;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.AnonymousAccess;
import org.tributary.gateway.config.TokenConfig;
import org.tributary.gateway.config.TokenIssuerConfig;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The access decision for token holders and anonymous callers (SPECS §3.2, issue 3):
 * <ol>
 *   <li>a read-only area refuses every write, whoever asks;</li>
 *   <li>anonymous callers: the area's group-policy rules for {@code anyone} (an embargo's deny applies to them too),
 *       then the area's {@code anonymous} setting, exactly as {@link AreaPolicyGuard};</li>
 *   <li>a token whose issuer is not trusted for the area is refused;</li>
 *   <li>a token with any storage scope is authorised by its scopes ({@link ScopeAuthorizer}), except that a
 *       {@code deny} rule that is the first rule matching the request refuses it too, unless the area says
 *       {@code deny-binds-scoped-tokens: false} (allow rules never widen what scopes grant);</li>
 *   <li>otherwise the area's rules decide ({@link GroupPolicy}); when no rule matches, a token holder gets what
 *       the area grants anonymous callers, nothing more.</li>
 * </ol>
 */
public final class TokenAccessGuard implements AccessGuard {

    private final TokenConfig config;
    private final Clock clock;
    private final AreaPolicyGuard anonymous = new AreaPolicyGuard();
    private final Map<String, GroupPolicy> policies = new LinkedHashMap<>();

    public TokenAccessGuard(TokenConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        config.policies().forEach((area, rules) -> policies.put(area, new GroupPolicy(area, rules)));
    }

    @Override
    public AccessDecision decide(Identity who, StorageArea area, Operation op, AreaPath path) {
        if (op.isWrite() && area.config().readOnly()) {
            return AccessDecision.deny("storage area '" + area.name() + "' is read-only");
        }
        GroupPolicy policy = policies.get(area.name());
        if (who.isAnonymous()) {
            if (policy != null) {
                Optional<AccessDecision> d = policy.decide(who, null, op, path, clock.instant());
                if (d.isPresent()) return d.get();
            }
            return anonymous.decide(who, area, op, path);
        }
        Optional<TokenIssuerConfig> issuer = config.issuerFor(who.issuer());
        if (issuer.isEmpty() || !issuer.get().servesArea(area.name())) {
            return AccessDecision.deny("tokens of issuer " + who.issuer() + " are not accepted for storage area '"
                    + area.name() + "'");
        }
        if (!who.scopes().isEmpty()) {
            if (policy != null && config.denyBindsScopedTokens(area.name())) {
                Optional<AccessDecision> d = policy.decide(who, issuer.get(), op, path, clock.instant());
                if (d.isPresent() && !d.get().allowed()) {
                    return AccessDecision.deny(d.get().reason() + "; deny rules bind tokens with storage scopes too"
                            + " (deny-binds-scoped-tokens)");
                }
            }
            return ScopeAuthorizer.decide(who, issuer.get(), op, path);
        }
        if (policy != null) {
            Optional<AccessDecision> d = policy.decide(who, issuer.get(), op, path, clock.instant());
            if (d.isPresent()) return d.get();
        }
        AnonymousAccess anon = area.config().anonymous();
        if (op.isWrite() ? anon.canWrite() : anon.canRead()) {
            return AccessDecision.allow("no storage scope and no policy rule matched; area '" + area.name()
                    + "' grants anonymous " + anon.configName() + " to everyone");
        }
        return AccessDecision.deny("the token has no storage scope and no policy rule of area '" + area.name()
                + "' grants " + op + " on " + path + " to sub=" + who.subject() + " groups=" + who.groups());
    }

    @Override
    public List<AreaPath> witnessesBelow(StorageArea area, AreaPath path) {
        GroupPolicy policy = policies.get(area.name());
        return policy == null ? List.of() : policy.witnessesBelow(path);
    }
}
