package org.tributary.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A minimal JSON writer (objects keep insertion order; no parsing needed anywhere). */
public final class Json {
    private final List<String> fields = new ArrayList<>();

    public Json put(String k, Object v) {
        fields.add(quote(k) + ":" + value(v));
        return this;
    }

    public Json putRaw(String k, String rawJson) {
        fields.add(quote(k) + ":" + rawJson);
        return this;
    }

    public boolean isEmpty() { return fields.isEmpty(); }

    @Override
    public String toString() { return "{" + String.join(",", fields) + "}"; }

    public String pretty() { return Pretty.indent(toString()); }

    public static String array(List<String> rawItems) { return "[" + String.join(",", rawItems) + "]"; }

    public static String value(Object v) {
        if (v == null) return "null";
        if (v instanceof Json j) return j.toString();
        if (v instanceof Boolean b) return b.toString();
        if (v instanceof Double d) return (d.isNaN() || d.isInfinite()) ? "null" : fmt(d);
        if (v instanceof Float f) return value(f.doubleValue());
        if (v instanceof Number n) return n.toString();
        return quote(v.toString());
    }

    private static String fmt(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        return String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e").replaceAll("\\.$", "");
    }

    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    /** Re-indents compact JSON produced by this class. */
    static final class Pretty {
        static String indent(String s) {
            StringBuilder b = new StringBuilder();
            int depth = 0;
            boolean inStr = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (inStr) {
                    b.append(c);
                    if (c == '\\') b.append(s.charAt(++i));
                    else if (c == '"') inStr = false;
                    continue;
                }
                switch (c) {
                    case '"' -> { inStr = true; b.append(c); }
                    case '{', '[' -> {
                        char close = c == '{' ? '}' : ']';
                        if (i + 1 < s.length() && s.charAt(i + 1) == close) { b.append(c).append(close); i++; }
                        else { depth++; b.append(c).append('\n').append("  ".repeat(depth)); }
                    }
                    case '}', ']' -> { depth--; b.append('\n').append("  ".repeat(depth)).append(c); }
                    case ',' -> b.append(",\n").append("  ".repeat(depth));
                    case ':' -> b.append(": ");
                    default -> b.append(c);
                }
            }
            return b.append('\n').toString();
        }
    }
}
