package org.tributary.gateway.security;

import org.tributary.backend.AreaPath;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.TokenConfig;
import org.tributary.gateway.config.TokenIssuerConfig;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The access decision for token holders and anonymous callers (SPECS §3.2, issue 3), inside {@link AccessPolicy}
 * (which refuses every write on a read-only area before asking here):
 * <ol>
 *   <li>anonymous callers: the area's group-policy rules for {@code anyone} (an embargo's deny applies to them too),
 *       then the area's {@code anonymous} setting ({@link AccessPolicy#anonymous});</li>
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
    private final Map<String, GroupPolicy> policies = new LinkedHashMap<>();
    /** Each issuer's base path, parsed once (issuer name → path). */
    private final Map<String, AreaPath> bases = new LinkedHashMap<>();

    public TokenAccessGuard(TokenConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        config.policies().forEach((area, rules) -> policies.put(area, new GroupPolicy(area, rules)));
        for (TokenIssuerConfig i : config.issuers()) bases.put(i.name(), AreaPath.parse(i.basePath()));
    }

    @Override
    public AccessDecision decide(Identity who, StorageArea area, Operation op, AreaPath path) {
        // A QoS class view is governed by its area's policies, written in the area's own paths (docs/qos.md);
        // storage scopes stay relative to the access point the request came through (Rucio's oidc_base_path).
        GroupPolicy policy = policies.get(area.storageName());
        AreaPath policyPath = area.toShared(path);
        if (who.isAnonymous()) {
            if (policy != null) {
                Optional<AccessDecision> d = policy.decide(who, null, op, policyPath, clock.instant());
                if (d.isPresent()) return d.get();
            }
            return AccessPolicy.anonymous(area, op);
        }
        Optional<TokenIssuerConfig> issuer = config.issuerFor(who.issuer());
        if (issuer.isEmpty()
                || !(issuer.get().servesArea(area.storageName()) || issuer.get().servesArea(area.name()))) {
            return AccessDecision.deny("tokens of issuer " + who.issuer() + " are not accepted for storage area '"
                    + area.name() + "'");
        }
        if (!who.storageScopes().isEmpty()) {
            if (policy != null && config.denyBindsScopedTokens(area.storageName())) {
                Optional<AccessDecision> d = policy.decide(who, issuer.get(), op, policyPath, clock.instant());
                if (d.isPresent() && !d.get().allowed()) {
                    return AccessDecision.deny(d.get().reason() + "; deny rules bind tokens with storage scopes too"
                            + " (deny-binds-scoped-tokens)");
                }
            }
            return ScopeAuthorizer.decide(who, issuer.get(), bases.get(issuer.get().name()), op, path);
        }
        if (policy != null) {
            Optional<AccessDecision> d = policy.decide(who, issuer.get(), op, policyPath, clock.instant());
            if (d.isPresent()) return d.get();
        }
        if (AccessPolicy.anonymous(area, op).allowed()) {
            return AccessDecision.allow("no storage scope and no policy rule matched; area '" + area.name()
                    + "' grants anonymous " + area.config().anonymous().configName() + " to everyone");
        }
        return AccessDecision.deny("the token has no storage scope and no policy rule of area '" + area.name()
                + "' grants " + op + " on " + path + " to sub=" + who.subject() + " groups=" + who.groups());
    }

    @Override
    public List<AreaPath> witnessesBelow(StorageArea area, AreaPath path) {
        GroupPolicy policy = policies.get(area.storageName());
        if (policy == null) return List.of();
        return policy.witnessesBelow(area.toShared(path)).stream().flatMap(w -> area.fromShared(w).stream()).toList();
    }
}
