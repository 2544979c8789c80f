package org.tributary.gateway.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One group-policy rule of a storage area ({@code policies:}), used for token holders whose token carries no storage
 * scope, and for anonymous callers when the rule is for {@code anyone}. Rules are tried in order; the first whose
 * actions, path, who and date window all match decides.
 *
 * @param allow   allow or deny
 * @param actions what the rule is about (never empty)
 * @param path    an area path pattern: "/" or "/a/b", where a component "*" matches any one name; it covers the
 *                path itself and everything below it, component-wise ("/a" does not cover "/ab")
 * @param who     whom the rule is about
 * @param from    the rule applies from this instant on (null: always has)
 * @param until   the rule applies before this instant (null: forever)
 */
public record AccessRule(boolean allow, Set<Action> actions, String path, Who who, Instant from, Instant until) {

    public enum Action {
        READ, WRITE, DELETE, STAGE, LIST;

        public String configName() { return name().toLowerCase(Locale.ROOT); }
    }

    public enum WhoKind { ANYONE, AUTHENTICATED, ISSUER, GROUP, SUBJECT }

    /** "anyone", "authenticated", "issuer NAME", "group /vo/sub", "subject SUB". */
    public record Who(WhoKind kind, String value) {

        static final Pattern GROUP = Pattern.compile("(/[a-zA-Z0-9][a-zA-Z0-9_.-]*)+");
        public static final String ALLOWED = "anyone, authenticated, issuer NAME, group /GROUP or subject SUB";

        public Who {
            if (kind == null) throw new ConfigProblem("who", "is required; use " + ALLOWED);
            boolean needsValue = kind != WhoKind.ANYONE && kind != WhoKind.AUTHENTICATED;
            if (needsValue && (value == null || value.isBlank())) {
                throw new ConfigProblem("who", kind.name().toLowerCase(Locale.ROOT) + " needs a value; use " + ALLOWED);
            }
            if (!needsValue) value = null;
            if (kind == WhoKind.GROUP && !GROUP.matcher(value).matches()) {
                throw new ConfigProblem("who", "'" + value + "' is not a group; groups look like /vo or /vo/sub"
                        + " (names of letters, digits, '_', '.', '-')");
            }
        }

        public static Who parse(String text) {
            String t = text == null ? "" : text.trim();
            int sp = t.indexOf(' ');
            String word = (sp < 0 ? t : t.substring(0, sp)).toLowerCase(Locale.ROOT);
            String value = sp < 0 ? null : t.substring(sp + 1).trim();
            WhoKind k = switch (word) {
                case "anyone" -> WhoKind.ANYONE;
                case "authenticated" -> WhoKind.AUTHENTICATED;
                case "issuer" -> WhoKind.ISSUER;
                case "group" -> WhoKind.GROUP;
                case "subject" -> WhoKind.SUBJECT;
                default -> throw new ConfigProblem("who", "'" + text + "' is not allowed; use " + ALLOWED);
            };
            if (value != null && (k == WhoKind.ANYONE || k == WhoKind.AUTHENTICATED)) {
                throw new ConfigProblem("who", "'" + text + "': " + word + " takes no value");
            }
            return new Who(k, value);
        }

        @Override
        public String toString() {
            return value == null ? kind.name().toLowerCase(Locale.ROOT) : kind.name().toLowerCase(Locale.ROOT) + " " + value;
        }
    }

    public AccessRule {
        if (actions == null || actions.isEmpty()) {
            throw new ConfigProblem(allow ? "allow" : "deny", "at least one action is required; use "
                    + allowedActions());
        }
        actions = Set.copyOf(EnumSet.copyOf(actions));
        path = normalisePattern(path);
        if (who == null) throw new ConfigProblem("who", "is required; use " + Who.ALLOWED);
        if (from != null && until != null && !from.isBefore(until)) {
            throw new ConfigProblem("until", until + " is not after from " + from + "; the rule would never apply");
        }
    }

    /** The segments of the pattern ("*" = any one name); empty for "/". */
    public List<String> segments() {
        return path.equals("/") ? List.of() : List.of(path.substring(1).split("/"));
    }

    public boolean activeAt(Instant t) {
        return (from == null || !t.isBefore(from)) && (until == null || t.isBefore(until));
    }

    public static String allowedActions() {
        List<String> n = new ArrayList<>();
        for (Action a : Action.values()) n.add(a.configName());
        n.add("all");
        return String.join(", ", n);
    }

    static String normalisePattern(String p) {
        if (p == null || p.isBlank()) throw new ConfigProblem("path", "is required, e.g. path: /cms/embargoed");
        if (!p.startsWith("/")) throw new ConfigProblem("path", "'" + p + "' must start with /");
        List<String> out = new ArrayList<>();
        for (String s : p.split("/")) {
            if (s.isEmpty()) continue;
            if (s.equals(".") || s.equals("..")) {
                throw new ConfigProblem("path", "'" + p + "': '.' and '..' are not allowed in a path pattern");
            }
            if (s.contains("*") && !s.equals("*")) {
                throw new ConfigProblem("path", "'" + p + "': '*' must be a whole path component (/a/*/b)");
            }
            out.add(s);
        }
        return out.isEmpty() ? "/" : "/" + String.join("/", out);
    }

    /** One line: "allow read,list / to group /escape from … until …". */
    public String describe() {
        StringBuilder sb = new StringBuilder(allow ? "allow " : "deny ");
        List<String> a = new ArrayList<>();
        for (Action x : Action.values()) if (actions.contains(x)) a.add(x.configName());
        sb.append(String.join(",", a)).append(' ').append(path).append(" to ").append(who);
        if (from != null) sb.append(" from ").append(from);
        if (until != null) sb.append(" until ").append(until);
        return sb.toString();
    }
}
