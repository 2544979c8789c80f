package org.tributary.gateway.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One YAML mapping of the configuration file, with its key path ("storage-areas[1].backend"), and typed getters
 * whose errors name the full key, the value found and what is expected. Getters return the default when a key is
 * absent or written without a value ({@code qos:}), so "empty" and "omitted" mean the same, as admins expect.
 */
final class YamlSection {

    private final String path;
    private final Map<String, Object> values;

    private YamlSection(String path, Map<String, Object> values) {
        this.path = path;
        this.values = values;
    }

    /** Wraps a parsed YAML value that must be a mapping; null (a key with no value) is an empty section. */
    static YamlSection of(String path, Object value) throws ConfigException {
        if (value == null) return new YamlSection(path, Map.of());
        if (!(value instanceof Map<?, ?> map)) {
            throw new ConfigException(path + ": expected a section of 'key: value' lines, found " + describe(value));
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw new ConfigException(child(path, String.valueOf(e.getKey())) + ": keys must be text");
            }
            copy.put(k, e.getValue());
        }
        return new YamlSection(path, copy);
    }

    String path() { return path; }

    /** The full key path of a key of this section. */
    String keyPath(String key) { return child(path, key); }

    boolean has(String key) { return values.containsKey(key); }

    Object raw(String key) { return values.get(key); }

    /** Every key, in file order. */
    List<String> keys() { return List.copyOf(values.keySet()); }

    /** Fails on the first key not in {@code allowed}, naming it and listing the allowed keys. */
    void allowOnly(String... allowed) throws ConfigException {
        List<String> ok = List.of(allowed);
        for (String k : values.keySet()) {
            if (!ok.contains(k)) {
                throw new ConfigException(keyPath(k) + ": unknown key; allowed keys here: " + String.join(", ", ok));
            }
        }
    }

    YamlSection section(String key) throws ConfigException {
        return of(keyPath(key), values.get(key));
    }

    /** Reads a section from its checked keys; a {@link ConfigProblem} it raises becomes an error at its key path. */
    @FunctionalInterface
    interface SectionReader<T> {
        T read(YamlSection section) throws ConfigException;
    }

    /**
     * A section that may be left out ({@code absent} then), with only the {@code allowed} keys; a problem found while
     * reading it is named by its full key path ("dashboard.admin-groups[1]: ...").
     */
    <T> T optional(String key, T absent, String[] allowed, SectionReader<T> reader) throws ConfigException {
        if (!has(key)) return absent;
        YamlSection s = section(key);
        s.allowOnly(allowed);
        try {
            return reader.read(s);
        } catch (ConfigProblem p) {
            throw p.under(s.path()).toConfigException();
        }
    }

    /**
     * Text value. Whole numbers are accepted as text too (a qos label "2", an area named "2024"), everything else
     * (lists, booleans from unquoted yes/no/on/off) is refused so a YAML surprise does not become a setting.
     */
    String text(String key, String dflt) throws ConfigException {
        Object v = values.get(key);
        if (v == null) return dflt;
        if (v instanceof String s) return s;
        if (isWholeNumber(v)) return v.toString();
        throw new ConfigException(keyPath(key) + ": expected text, found " + describe(v)
                + (v instanceof Boolean ? " (put it in quotes if you mean the word)" : ""));
    }

    String requiredText(String key, String example) throws ConfigException {
        String s = text(key, null);
        if (s == null || s.isBlank()) throw new ConfigException(keyPath(key) + ": is required, e.g. " + example);
        return s;
    }

    boolean bool(String key, boolean dflt) throws ConfigException {
        Object v = values.get(key);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        throw new ConfigException(keyPath(key) + ": " + describe(v) + " is not allowed; use true or false");
    }

    /** A listening port: 1..65535. */
    int port(String key, int dflt) throws ConfigException {
        Object v = values.get(key);
        if (v == null) return dflt;
        if (isWholeNumber(v)) {
            BigInteger n = new BigInteger(v.toString());
            if (n.signum() > 0 && n.compareTo(BigInteger.valueOf(65535)) <= 0) return n.intValue();
        }
        throw new ConfigException(keyPath(key) + ": " + describe(v) + " is not a port; use 1..65535");
    }

    /** A duration written with its unit (30s, 5m, 1h): a bare number is refused, as its unit would be a guess. */
    Duration duration(String key, Duration dflt) throws ConfigException {
        Object v = values.get(key);
        if (v == null) return dflt;
        if (!(v instanceof String t)) {
            throw new ConfigException(keyPath(key) + ": " + describe(v) + " has no unit; use " + DurationText.ALLOWED);
        }
        try {
            return DurationText.parse(t);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(keyPath(key) + ": " + e.getMessage());
        }
    }

    /** One of a fixed set of words; the message lists them in the order given. */
    <T> T choice(String key, Map<String, T> options, T dflt) throws ConfigException {
        Object v = values.get(key);
        if (v == null) return dflt;
        T t = v instanceof String s ? options.get(s) : null;
        if (t == null) {
            throw new ConfigException(keyPath(key) + ": " + describe(v) + " is not allowed; use one of: "
                    + String.join(", ", options.keySet()));
        }
        return t;
    }

    /** A list of text items, or null when the key is absent or empty; items are checked by the caller. */
    List<String> textList(String key, String example) throws ConfigException {
        Object v = values.get(key);
        if (v == null) return null;
        if (!(v instanceof List<?> list)) {
            throw new ConfigException(keyPath(key) + ": expected a list, e.g. " + example + ", found " + describe(v));
        }
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item instanceof String s) out.add(s);
            else if (isWholeNumber(item)) out.add(item.toString());
            else throw new ConfigException(keyPath(key) + "[" + i + "]: expected text, found " + describe(item));
        }
        return out;
    }

    static boolean isWholeNumber(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof BigInteger;
    }

    /** How a value appears in a message: scalars quoted as written, collections by kind. */
    static String describe(Object v) {
        if (v == null) return "nothing";
        if (v instanceof Map<?, ?>) return "a section";
        if (v instanceof List<?>) return "a list";
        return "'" + v + "'";
    }

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
