package org.tributary.gateway.cli;

/**
 * {@link RecursiveOperationsHonourRulesBelowTest} with SE-issued tokens turned on ({@code tpc.se-token-key}): the
 * guard that recognises the gateway's own tokens sits around the configured one and must still name the rules below
 * a collection for every other token, or a recursive DELETE, COPY or MOVE walks around an embargo inside it.
 */
class RulesBelowHoldWithSeTokensTest extends RecursiveOperationsHonourRulesBelowTest {

    @Override
    String extraYaml() {
        return "tpc: {se-token-key: \"" + dir.resolve("se-key.json") + "\"}\n";
    }
}
