package org.tributary.gateway.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything about bearer tokens: the trusted issuers ({@code token-issuers:}), each area's group policies
 * ({@code storage-areas[i].policies}) and whether tokens may arrive over plain http
 * ({@code server.allow-bearer-over-http}).
 *
 * @param policies area name → ordered rules (areas without rules are absent)
 * @param scopeOnlyAreas areas with {@code deny-binds-scoped-tokens: false}: there a token with storage scopes is
 *                 authorised by its scopes alone and no {@code deny} rule binds it (elsewhere a deny rule that is the
 *                 first rule matching the request refuses it too: an embargo holds against every token)
 */
public record TokenConfig(List<TokenIssuerConfig> issuers, Map<String, List<AccessRule>> policies,
                          boolean allowBearerOverHttp, Set<String> scopeOnlyAreas) {

    public static final TokenConfig NONE = new TokenConfig(List.of(), Map.of(), false);

    public TokenConfig(List<TokenIssuerConfig> issuers, Map<String, List<AccessRule>> policies,
                       boolean allowBearerOverHttp) {
        this(issuers, policies, allowBearerOverHttp, Set.of());
    }

    public TokenConfig {
        scopeOnlyAreas = scopeOnlyAreas == null ? Set.of() : Set.copyOf(scopeOnlyAreas);
        issuers = issuers == null ? List.of() : List.copyOf(issuers);
        Map<String, List<AccessRule>> p = new LinkedHashMap<>();
        if (policies != null) policies.forEach((k, v) -> { if (v != null && !v.isEmpty()) p.put(k, List.copyOf(v)); });
        policies = java.util.Collections.unmodifiableMap(p);
        for (int j = 0; j < issuers.size(); j++) {
            for (int i = 0; i < j; i++) {
                if (issuers.get(i).name().equals(issuers.get(j).name())) {
                    throw new ConfigProblem("token-issuers[" + j + "].name", "'" + issuers.get(j).name()
                            + "' is already the name of token-issuers[" + i + "]; issuer names must be unique");
                }
                if (issuers.get(i).matches(issuers.get(j).issuer())) {
                    throw new ConfigProblem("token-issuers[" + j + "].issuer", "'" + issuers.get(j).issuer()
                            + "' is already configured as token-issuers[" + i + "]; list each issuer once, with"
                            + " areas: [...] naming all its areas");
                }
            }
        }
    }

    public List<AccessRule> policies(String area) {
        return policies.getOrDefault(area, List.of());
    }

    /** Whether the area's deny rules bind tokens that carry storage scopes ({@code deny-binds-scoped-tokens}). */
    public boolean denyBindsScopedTokens(String area) {
        return !scopeOnlyAreas.contains(area);
    }

    public Optional<TokenIssuerConfig> issuerFor(String iss) {
        for (TokenIssuerConfig i : issuers) if (i.matches(iss)) return Optional.of(i);
        return Optional.empty();
    }

    public Optional<TokenIssuerConfig> issuerNamed(String name) {
        return issuers.stream().filter(i -> i.name().equals(name)).findFirst();
    }
}
