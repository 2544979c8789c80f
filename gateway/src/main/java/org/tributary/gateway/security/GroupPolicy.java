package org.tributary.gateway.security;

import org.tributary.backend.AreaPath;
import org.tributary.gateway.config.AccessRule;
import org.tributary.gateway.config.TokenIssuerConfig;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An area's ordered group-policy rules: the first rule whose actions, path pattern, who and date window match the
 * request decides. Dates are evaluated at request time, so a rule with {@code from:} opens on its date without a
 * restart. Actions: STAT needs read or list, READ needs read, CREATE and MODIFY need write, DELETE needs delete
 * (stage: the tape API's STAGE; POLL needs read, list or stage). Groups match exactly ({@code /vo/sub} does not make a member of {@code /vo}).
 */
public final class GroupPolicy {

    private final List<AccessRule> rules;
    /** One decision per rule, built once: the hot path only picks it (the reasons name the rule for logs and explain). */
    private final List<Optional<AccessDecision>> decisions;

    public GroupPolicy(String areaName, List<AccessRule> rules) {
        this.rules = List.copyOf(rules);
        List<Optional<AccessDecision>> d = new java.util.ArrayList<>();
        for (int i = 0; i < this.rules.size(); i++) {
            AccessRule r = this.rules.get(i);
            String reason = "rule policies[" + i + "] of area '" + areaName + "' (" + r.describe() + ")";
            d.add(Optional.of(r.allow() ? AccessDecision.allow(reason) : AccessDecision.deny("denied by " + reason)));
        }
        this.decisions = List.copyOf(d);
    }

    public List<AccessRule> rules() { return rules; }

    /**
     * The decision of the first matching rule, or empty when none matches.
     *
     * @param issuer the configuration of the token's issuer, null for anonymous callers
     */
    public Optional<AccessDecision> decide(Identity who, TokenIssuerConfig issuer, Operation op, AreaPath path,
                                           Instant now) {
        Set<AccessRule.Action> wanted = ACTIONS.get(op);
        for (int i = 0; i < rules.size(); i++) {
            AccessRule r = rules.get(i);
            if (!r.activeAt(now) || !intersects(r.actions(), wanted) || !pathMatches(r, path) || !whoMatches(r, who, issuer)) {
                continue;
            }
            // Anonymous writes stay governed by the area's anonymous setting (and its network check).
            if (r.allow() && who.isAnonymous() && op.isWrite()) continue;
            return decisions.get(i);
        }
        return Optional.empty();
    }

    /**
     * One pattern below {@code path} for each rule that could match something below it but not {@code path} itself:
     * the path with the rest of the rule's pattern appended (a "*" segment: any name). Every descendant is decided
     * like {@code path} or like the entry, at the depth of one of these patterns, that it lies in (SubtreeAccess).
     */
    public List<AreaPath> witnessesBelow(AreaPath path) {
        List<AreaPath> out = new java.util.ArrayList<>();
        List<String> p = path.segments();
        for (AccessRule r : rules) {
            List<String> pat = r.segments();
            if (pat.size() <= p.size()) continue;
            boolean compatible = true;
            for (int i = 0; i < p.size() && compatible; i++) {
                compatible = pat.get(i).equals("*") || pat.get(i).equals(p.get(i));
            }
            if (!compatible) continue;
            List<String> w = new java.util.ArrayList<>(p);
            w.addAll(pat.subList(p.size(), pat.size()));
            AreaPath witness = new AreaPath(w);
            if (!out.contains(witness)) out.add(witness);
        }
        return out;
    }

    /** The table of {@link #actionsFor}, built once; constant (nothing is ever added or changed). */
    private static final java.util.Map<Operation, Set<AccessRule.Action>> ACTIONS = actionsTable();

    private static java.util.Map<Operation, Set<AccessRule.Action>> actionsTable() {
        java.util.Map<Operation, Set<AccessRule.Action>> m = new java.util.EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) m.put(op, java.util.Collections.unmodifiableSet(actionsFor(op)));
        return java.util.Collections.unmodifiableMap(m);
    }

    static Set<AccessRule.Action> actionsFor(Operation op) {
        return switch (op) {
            case STAT -> EnumSet.of(AccessRule.Action.READ, AccessRule.Action.LIST);
            case READ -> EnumSet.of(AccessRule.Action.READ);
            case CREATE, MODIFY -> EnumSet.of(AccessRule.Action.WRITE);
            case DELETE, RENAME -> EnumSet.of(AccessRule.Action.DELETE);
            case STAGE -> EnumSet.of(AccessRule.Action.STAGE);
            // locality and progress are metadata: whoever may stat or stage the file may ask
            case POLL -> EnumSet.of(AccessRule.Action.READ, AccessRule.Action.LIST, AccessRule.Action.STAGE);
        };
    }

    private static boolean intersects(Set<AccessRule.Action> a, Set<AccessRule.Action> b) {
        for (AccessRule.Action x : b) if (a.contains(x)) return true;
        return false;
    }

    static boolean pathMatches(AccessRule r, AreaPath path) {
        List<String> pat = r.segments();
        List<String> p = path.segments();
        if (p.size() < pat.size()) return false;
        for (int i = 0; i < pat.size(); i++) {
            String s = pat.get(i);
            if (!s.equals("*") && !s.equals(p.get(i))) return false;
        }
        return true;
    }

    private static boolean whoMatches(AccessRule r, Identity who, TokenIssuerConfig issuer) {
        return switch (r.who().kind()) {
            case ANYONE -> true;
            case AUTHENTICATED -> !who.isAnonymous();
            case ISSUER -> issuer != null && issuer.name().equals(r.who().value());
            case GROUP -> !who.isAnonymous() && who.groups().contains(r.who().value());
            case SUBJECT -> !who.isAnonymous() && r.who().value().equals(who.subject());
        };
    }
}
