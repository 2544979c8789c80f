package org.tributary.gateway.config;

import java.util.List;

/** Cross-section checks of the token configuration: named areas and issuers exist, dev issuers stay on loopback. */
final class TokenConfigCheck {

    private TokenConfigCheck() {}

    static void check(ServerConfig server, List<StorageAreaConfig> areas, TokenConfig tokens) {
        List<String> names = areas.stream().map(StorageAreaConfig::name).toList();
        for (int i = 0; i < tokens.issuers().size(); i++) {
            TokenIssuerConfig t = tokens.issuers().get(i);
            for (int j = 0; j < t.areas().size(); j++) {
                if (!names.contains(t.areas().get(j))) {
                    throw new ConfigProblem("token-issuers[" + i + "].areas[" + j + "]", "'" + t.areas().get(j)
                            + "' is not a storage area; use one of: " + String.join(", ", names));
                }
            }
            if (t.dev() && !server.listensOnLoopbackOnly()) {
                throw new ConfigProblem("token-issuers[" + i + "].dev", "a dev issuer mints tokens from a key on"
                        + " this machine and is only allowed while the server listens on loopback only (bind is "
                        + server.bind() + "); remove dev: true or bind to 127.0.0.1");
            }
        }
        for (var e : tokens.policies().entrySet()) {
            int a = names.indexOf(e.getKey());
            if (a < 0) {
                throw new ConfigProblem("policies", "rules for '" + e.getKey() + "', which is not a storage area");
            }
            List<AccessRule> rules = e.getValue();
            for (int r = 0; r < rules.size(); r++) {
                AccessRule rule = rules.get(r);
                if (rule.who().kind() == AccessRule.WhoKind.ISSUER && tokens.issuerNamed(rule.who().value()).isEmpty()) {
                    throw new ConfigProblem("storage-areas[" + a + "].policies[" + r + "].who", "'"
                            + rule.who().value() + "' is not the name of a token issuer; use one of: "
                            + String.join(", ", tokens.issuers().stream().map(TokenIssuerConfig::name).toList()));
                }
            }
        }
    }
}
