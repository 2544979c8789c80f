package org.tributary.gateway.dav;

import org.eclipse.jetty.http.HttpFields;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.gateway.http.HttpError;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * RFC 3230 Want-Digest/Digest (SPECS §4.1) and RFC 9530 Want-Repr-Digest/Repr-Digest. Clients send "ADLER32",
 * q-value lists, or RFC 9530 weights; we answer with one algorithm only because davix splits multiple digests on ','
 * without trimming.
 */
final class DigestHeaders {

    private DigestHeaders() { }

    record Choice(ChecksumAlgorithm algorithm, String requestedName) { }

    /** The preferred supported algorithm of a Want-Digest ("adler32;q=0.5, md5") or Want-Repr-Digest ("sha-256=5"). */
    static Optional<Choice> choose(String header, boolean rfc9530) {
        if (header == null) return Optional.empty();
        record Cand(String name, double q, int order) { }
        List<Cand> cands = new ArrayList<>();
        int i = 0;
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            String name;
            double q = 1.0;
            if (rfc9530) {
                int eq = p.indexOf('=');
                name = eq < 0 ? p : p.substring(0, eq);
                if (eq >= 0) q = parseNumber(p.substring(eq + 1));
            } else {
                int semi = p.indexOf(';');
                name = semi < 0 ? p : p.substring(0, semi);
                if (semi >= 0) {
                    String params = p.substring(semi + 1).trim();
                    if (params.toLowerCase(Locale.ROOT).startsWith("q=")) q = parseNumber(params.substring(2));
                }
            }
            if (q > 0) cands.add(new Cand(name.trim(), q, i++));
        }
        cands.sort(Comparator.comparingDouble((Cand c) -> -c.q).thenComparingInt(c -> c.order));
        for (Cand c : cands) {
            String n = c.name.toLowerCase(Locale.ROOT);
            if (n.equals("adler")) n = "adler32";   // RFC 9530 registry spells it "adler"
            Optional<ChecksumAlgorithm> a = ChecksumAlgorithm.fromName(n);
            if (a.isPresent()) return Optional.of(new Choice(a.get(), c.name.toLowerCase(Locale.ROOT)));
        }
        return Optional.empty();
    }

    private static double parseNumber(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** "adler32=0a1b2c3d" for a Digest header. */
    static String digestValue(ChecksumAlgorithm a, String canonical) {
        return a.wireName() + "=" + canonical;
    }

    /** "sha-256=:base64:" for a Repr-Digest header (structured-field byte sequence of the raw checksum). */
    static String reprDigestValue(Choice c, String canonical) {
        byte[] raw = switch (c.algorithm()) {
            case ADLER32, CRC32C -> HexFormat.of().parseHex(canonical);
            case MD5, SHA256 -> Base64.getDecoder().decode(canonical);
        };
        String name = c.requestedName().equals("adler") ? "adler" : c.algorithm().wireName();
        return name + "=:" + Base64.getEncoder().encodeToString(raw) + ":";
    }

    /** The RFC 9530 digest fields a request may carry; for a whole-body PUT both describe the received bytes. */
    static final List<String> RFC9530_FIELDS = List.of("Repr-Digest", "Content-Digest");

    /**
     * Checksums a client declares for an upload, in our canonical encoding: RFC 3230 Digest ("adler32=..., md5=..."),
     * Content-MD5 (base64, or hex as gfal2 sends it) and RFC 9530 Repr-Digest / Content-Digest ("sha-256=:base64:").
     * A PUT carries the whole representation (partial PUT is refused), so Content-Digest and Repr-Digest both cover the
     * received bytes, with or without a content coding, which the gateway stores as received. Unknown algorithms are
     * ignored; a malformed value of a known one, a field that is not a dictionary, or two declarations of one algorithm
     * that disagree are a 400.
     */
    static Map<String, String> declared(HttpFields headers) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> source = new LinkedHashMap<>();
        for (String field : headers.getValuesList("Digest")) {
            for (String part : field.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) continue;
                String name = part.substring(0, eq).trim();
                Optional<ChecksumAlgorithm> a = ChecksumAlgorithm.fromName(name);
                if (a.isEmpty()) continue;
                String value = a.get().canonical(part.substring(eq + 1))
                        .orElseThrow(() -> HttpError.badRequest("malformed " + name + " value in Digest header"));
                put(out, source, a.get(), value, "Digest");
            }
        }
        for (String contentMd5 : headers.getValuesList("Content-MD5")) {
            String value = ChecksumAlgorithm.MD5.canonical(contentMd5)
                    .orElseThrow(() -> HttpError.badRequest("malformed Content-MD5 header"));
            put(out, source, ChecksumAlgorithm.MD5, value, "Content-MD5");
        }
        for (String field : RFC9530_FIELDS) {
            List<String> lines = headers.getValuesList(field);
            if (lines.isEmpty()) continue;
            Map<String, byte[]> members;
            try {
                // RFC 9110 §5.3: several field lines are one value, joined with commas
                members = StructuredDictionary.parse(String.join(", ", lines));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest(field + " is not a structured-field dictionary (RFC 8941): " + e.getMessage());
            }
            for (var m : members.entrySet()) {
                Optional<ChecksumAlgorithm> a = rfc9530Algorithm(m.getKey());
                if (a.isEmpty()) continue; // RFC 9530 §2: unsupported algorithms are ignored
                String value = fromRaw(a.get(), m.getValue()).orElseThrow(() -> HttpError.badRequest(
                        field + " " + m.getKey() + " must be a byte sequence of " + rawLength(a.get()) + " bytes (:base64:)"));
                put(out, source, a.get(), value, field);
            }
        }
        return out;
    }

    private static void put(Map<String, String> out, Map<String, String> source, ChecksumAlgorithm a, String value, String field) {
        String before = out.putIfAbsent(a.wireName(), value);
        if (before == null) {
            source.put(a.wireName(), field);
        } else if (!before.equals(value)) {
            throw HttpError.badRequest(a.wireName() + " declared twice with different values (" + source.get(a.wireName())
                    + " and " + field + ")");
        }
    }

    /** RFC 9530 §5 registry names we keep ("sha-256", "md5", "adler", "crc32c"); also our own spellings. */
    private static Optional<ChecksumAlgorithm> rfc9530Algorithm(String key) {
        return ChecksumAlgorithm.fromName(key.equals("adler") ? "adler32" : key);
    }

    private static int rawLength(ChecksumAlgorithm a) {
        return switch (a) {
            case ADLER32, CRC32C -> 4;
            case MD5 -> 16;
            case SHA256 -> 32;
        };
    }

    /** Raw checksum bytes (an RFC 9530 byte sequence) in our canonical encoding, if the length is right. */
    private static Optional<String> fromRaw(ChecksumAlgorithm a, byte[] raw) {
        if (raw == StructuredDictionary.NOT_BYTES || raw.length != rawLength(a)) return Optional.empty();
        return Optional.of(switch (a) {
            case ADLER32, CRC32C -> HexFormat.of().formatHex(raw);
            case MD5, SHA256 -> Base64.getEncoder().encodeToString(raw);
        });
    }
}
