package org.tributary.gateway.dav;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RFC 8941 §4.2.2 dictionary parser, as much as RFC 9530 digest fields need: each member's bare item is kept
 * when it is a byte sequence ({@code :base64:}), other item types (integers, decimals, strings, tokens, booleans, inner
 * lists are not allowed here) are parsed and kept as {@link #NOT_BYTES}, parameters are parsed and dropped. Anything
 * that is not a dictionary fails with {@link IllegalArgumentException} and a one-line reason: a client that declared
 * a digest meant it to be checked, so a field we cannot read is refused rather than ignored.
 */
final class StructuredDictionary {

    /** Marks a member whose value is not a byte sequence. */
    static final byte[] NOT_BYTES = new byte[0];

    private final String s;
    private int i;

    private StructuredDictionary(String s) {
        this.s = s;
    }

    /** Members in field order; a repeated key keeps its last value (RFC 8941 §4.2.2). */
    static Map<String, byte[]> parse(String field) {
        return new StructuredDictionary(field).dictionary();
    }

    private Map<String, byte[]> dictionary() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        skip(' ');
        while (i < s.length()) {
            String key = key();
            byte[] value;
            if (peek() == '=') {
                i++;
                value = bareItem();
            } else {
                value = NOT_BYTES; // Boolean true
            }
            parameters();
            out.remove(key);
            out.put(key, value);
            skipOws();
            if (i >= s.length()) return out;
            if (s.charAt(i++) != ',') throw fail("expected ',' after member " + key);
            skipOws();
            if (i >= s.length()) throw fail("trailing ','");
        }
        if (out.isEmpty()) throw fail("empty dictionary");
        return out;
    }

    private String key() {
        int start = i;
        char c = peek();
        if (!(c >= 'a' && c <= 'z') && c != '*') throw fail("a key must start with a lowercase letter or '*'");
        while (i < s.length()) {
            c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' || c == '*') i++;
            else break;
        }
        return s.substring(start, i);
    }

    private void parameters() {
        while (peek() == ';') {
            i++;
            skip(' ');
            key();
            if (peek() == '=') {
                i++;
                bareItem();
            }
        }
    }

    private byte[] bareItem() {
        char c = peek();
        if (c == ':') return byteSequence();
        if (c == '-' || (c >= '0' && c <= '9')) number();
        else if (c == '"') string();
        else if (c == '?') bool();
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '*') token();
        else throw fail(c == 0 ? "a value is missing" : "unexpected '" + c + "' where a value starts");
        return NOT_BYTES;
    }

    private byte[] byteSequence() {
        int end = s.indexOf(':', i + 1);
        if (end < 0) throw fail("byte sequence without closing ':'");
        String b64 = s.substring(i + 1, end);
        for (int k = 0; k < b64.length(); k++) {
            char c = b64.charAt(k);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
            if (!ok) throw fail("byte sequence is not base64");
        }
        i = end + 1;
        try {
            return Base64.getDecoder().decode(b64); // padding is optional (RFC 8941 §4.2.7)
        } catch (IllegalArgumentException e) {
            throw fail("byte sequence is not base64");
        }
    }

    private void number() {
        if (peek() == '-') i++;
        int digits = 0;
        boolean dot = false;
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || (!dot && s.charAt(i) == '.'))) {
            if (s.charAt(i) == '.') dot = true;
            else digits++;
            i++;
        }
        if (digits == 0 || digits > 15) throw fail("bad number");
    }

    private void string() {
        i++;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '\\') {
                if (i >= s.length() || (s.charAt(i) != '"' && s.charAt(i) != '\\')) throw fail("bad escape in string");
                i++;
            } else if (c == '"') {
                return;
            } else if (c < 0x20 || c > 0x7e) {
                throw fail("bad character in string");
            }
        }
        throw fail("string without closing '\"'");
    }

    private void bool() {
        i++;
        char c = peek();
        if (c != '0' && c != '1') throw fail("bad boolean");
        i++;
    }

    private void token() {
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean tchar = Character.isLetterOrDigit(c) && c < 0x80 || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0;
            if (!tchar) return;
            i++;
        }
    }

    private char peek() { return i < s.length() ? s.charAt(i) : 0; }

    private void skip(char c) { while (i < s.length() && s.charAt(i) == c) i++; }

    private void skipOws() { while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++; }

    private IllegalArgumentException fail(String why) {
        return new IllegalArgumentException(why + " at character " + (i + 1));
    }
}
