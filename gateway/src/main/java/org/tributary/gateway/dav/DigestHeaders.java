package org.tributary.gateway.dav;

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

    /**
     * Checksums a client declares for an upload: RFC 3230 Digest ("adler32=..., md5=...") and Content-MD5 (base64,
     * or hex as gfal2 sends it). Unknown algorithms are ignored; a malformed value of a known one is a 400.
     */
    static Map<String, String> declared(String digest, String contentMd5) {
        Map<String, String> out = new LinkedHashMap<>();
        if (digest != null) {
            for (String part : digest.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) continue;
                String name = part.substring(0, eq).trim();
                String value = part.substring(eq + 1).trim();
                Optional<ChecksumAlgorithm> a = ChecksumAlgorithm.fromName(name);
                if (a.isEmpty()) continue;
                if (!a.get().isWellFormed(value)) throw HttpError.badRequest("malformed " + name + " value in Digest header");
                out.put(a.get().wireName(), value);
            }
        }
        if (contentMd5 != null) {
            if (!ChecksumAlgorithm.MD5.isWellFormed(contentMd5)) throw HttpError.badRequest("malformed Content-MD5 header");
            out.put(ChecksumAlgorithm.MD5.wireName(), contentMd5.trim());
        }
        return out;
    }
}
