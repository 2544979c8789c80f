package org.tributary.tpc;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code TransferHeader<Name>: value} → {@code <Name>: value} for the outbound request (SPECS §1.1): prefix matched
 * case-insensitively, empty names ignored. The caller's own Authorization is never among them (only a
 * {@code TransferHeaderAuthorization} is forwarded). Hop-by-hop and framing headers are dropped so a client cannot
 * smuggle a second request or break the body framing. If both {@code SciTag} and {@code TransferHeaderSciTag} are
 * present, {@code SciTag} wins (StoRM).
 */
public final class TransferHeaders {

    public static final String PREFIX = "TransferHeader";

    private static final java.util.Set<String> NEVER = java.util.Set.of("host", "content-length",
            "transfer-encoding", "connection", "expect", "te", "upgrade", "keep-alive", "proxy-authorization",
            "trailer", "range");

    private TransferHeaders() { }

    /** @param request the COPY's headers as name/value pairs, in order */
    public static Map<String, String> forward(Iterable<Map.Entry<String, String>> request) {
        Map<String, String> out = new LinkedHashMap<>();
        String sciTag = null;
        for (Map.Entry<String, String> e : request) {
            String name = e.getKey();
            if (name.equalsIgnoreCase("SciTag")) sciTag = e.getValue();
            if (name.length() <= PREFIX.length() || !name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) continue;
            String n = name.substring(PREFIX.length()).trim();
            if (n.isEmpty() || NEVER.contains(n.toLowerCase(Locale.ROOT))) continue;
            if (!n.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) continue;
            String v = e.getValue() == null ? "" : e.getValue();
            if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) continue;
            out.keySet().removeIf(k -> k.equalsIgnoreCase(n));
            out.put(n, v);
        }
        if (sciTag != null) {
            out.keySet().removeIf(k -> k.equalsIgnoreCase("SciTag"));
            out.put("SciTag", sciTag);
        }
        return out;
    }
}
