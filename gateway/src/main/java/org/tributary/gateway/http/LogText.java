package org.tributary.gateway.http;

/**
 * Makes text that a client or a token chose safe to put in a log line: one line, no terminal controls, no
 * look-alike field boundaries. A path, a user agent, a {@code sub} claim or an error reason that quotes them could
 * otherwise forge log lines (CR, LF, U+2028), hide part of a line (NUL, backspace, ANSI escapes, bidi overrides) or
 * break a log reader (lone surrogates). Escaping is reversible and visible, so an admin sees what was sent:
 * {@code \xHH} for C0, DEL and C1 controls, a backslash, {@code u} and four hex digits for other invisible or
 * line-breaking characters and for lone surrogates, and {@code \\}, {@code \"} for the escape character and the quote the log uses around values.
 *
 * <p>Kept apart from the access log on purpose: any future log writer (a Jetty {@code CustomRequestLog}, the
 * server log) applies the same rule.
 */
public final class LogText {

    /** A value longer than this (in characters, before escaping) is cut and the cut is said. */
    public static final int MAX_CHARS = 2048;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogText() { }

    /** For a value inside double quotes: spaces stay, everything else unsafe is escaped. Null becomes "-". */
    public static String quoted(String s) {
        return escape(s, false);
    }

    /**
     * For a value that must stay one space-separated field (e.g. {@code sub=VALUE}): spaces are escaped too, so a
     * crafted value cannot look like further fields.
     */
    public static String field(String s) {
        return escape(s, true);
    }

    /**
     * A stack trace for the server log whose exception messages are escaped (they may quote a path or a header):
     * one line per exception and frame, as {@link Throwable#printStackTrace()} prints them.
     */
    public static String stackTrace(Throwable t) {
        StringBuilder sb = new StringBuilder();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (String prefix = ""; t != null && seen.add(t); t = t.getCause(), prefix = "Caused by: ") {
            sb.append(prefix).append(quoted(t.toString())).append('\n');
            for (StackTraceElement e : t.getStackTrace()) sb.append("\tat ").append(quoted(e.toString())).append('\n');
        }
        return sb.toString();
    }

    private static String escape(String s, boolean escapeSpace) {
        if (s == null) return "-";
        int n = Math.min(s.length(), MAX_CHARS);
        StringBuilder out = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String rep = replacement(s, i, c, escapeSpace);
            if (rep == null) {
                if (out != null) out.append(c);
                continue;
            }
            if (out == null) out = new StringBuilder(n + 16).append(s, 0, i);
            if (rep.isEmpty()) {          // a valid surrogate pair: both halves as they are
                out.append(c).append(s.charAt(++i));
            } else {
                out.append(rep);
            }
        }
        if (n < s.length()) {
            if (out == null) out = new StringBuilder(n + 32).append(s, 0, n);
            // A pair cut in two is harmless here: the high half was already escaped as a lone surrogate.
            out.append("...[").append(s.length() - n).append(" more chars]");
        }
        return out == null ? s : out.toString();
    }

    /** null: keep c; "": c starts a valid surrogate pair (keep both); else the escape. */
    private static String replacement(String s, int i, char c, boolean escapeSpace) {
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return "\\x" + HEX[c >> 4] + HEX[c & 0xf];
        if (c == '\\') return "\\\\";
        if (c == '"') return "\\\"";
        if (c == ' ') return escapeSpace ? "\\x20" : null;
        if (c < 0x7f) return null;
        if (Character.isHighSurrogate(c)) {
            boolean paired = i + 1 < s.length() && i + 1 < MAX_CHARS && Character.isLowSurrogate(s.charAt(i + 1));
            return paired ? (invisible(s.codePointAt(i)) ? unicode(c) + unicode(s.charAt(i + 1)) : "") : unicode(c);
        }
        if (Character.isLowSurrogate(c)) return unicode(c); // a low half without its high half
        return invisible(c) ? unicode(c) : null;
    }

    /** Line and paragraph separators, format characters (bidi overrides, zero-width), unassigned and private use. */
    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                || type == Character.CONTROL;
    }

    private static String unicode(char c) {
        return "\\u" + HEX[c >> 12] + HEX[(c >> 8) & 0xf] + HEX[(c >> 4) & 0xf] + HEX[c & 0xf];
    }
}
