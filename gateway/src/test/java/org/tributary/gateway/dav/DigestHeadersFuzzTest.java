package org.tributary.gateway.dav;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.eclipse.jetty.http.HttpFields;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.checksum.StreamingDigest;
import org.tributary.gateway.FuzzInput;
import org.tributary.gateway.http.HttpError;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the digest headers ({@link DigestHeaders}): Want-Digest (RFC 3230) and Want-Repr-Digest (RFC 9530) choose
 * only an algorithm the client named with a positive weight, and the Repr-Digest answer for it is a structured-field
 * byte sequence that decodes to the checksum of the data; the Digest and Content-MD5 a client declares are either
 * refused with a 400 and a one-line reason or kept only as well-formed values of known algorithms. Nothing else
 * (no other exception) may come out. Input lines: Want-Digest, Want-Repr-Digest, Digest, Content-MD5 (the last is
 * absent when the input has fewer lines), the rest is the content that is checksummed. A third line holding a
 * structured-field byte sequence ({@code =:...:}) is sent as Repr-Digest instead.
 */
class DigestHeadersFuzzTest {

    private static final Pattern SF_BINARY = Pattern.compile("([a-z0-9-]+)=:([A-Za-z0-9+/=]*):");

    @FuzzTest(maxDuration = "5s")
    void digestHeadersChooseWhatWasAskedAndKeepOnlyWellFormedValues(byte[] data) {
        String[] f = FuzzInput.fields(data, 5);
        checkChoice(f[0], false, f[4]);
        checkChoice(f[1], true, f[4]);
        String contentMd5 = f[3].isEmpty() ? null : f[3];
        Map<String, String> declared;
        try {
            // The third line is a Digest (RFC 3230) value, or a Repr-Digest (RFC 9530 dictionary) value when it
            // holds a structured-field byte sequence: both parsers see fuzzed input from the same corpus.
            HttpFields.Mutable h = HttpFields.build();
            if (!f[2].isEmpty()) h.add(f[2].contains("=:") ? "Repr-Digest" : "Digest", f[2]);
            if (contentMd5 != null) h.add("Content-MD5", contentMd5);
            declared = DigestHeaders.declared(h);
        } catch (HttpError e) {
            FuzzInput.assertCleanRefusal(e);
            return;
        }
        for (Map.Entry<String, String> d : declared.entrySet()) {
            Optional<ChecksumAlgorithm> a = ChecksumAlgorithm.fromName(d.getKey());
            assertTrue(a.isPresent(), "declared digest of an unknown algorithm " + d.getKey());
            assertTrue(a.get().isWellFormed(d.getValue()), "malformed " + d.getKey() + " value kept: " + d.getValue());
        }
    }

    private static void checkChoice(String header, boolean rfc9530, String content) {
        Optional<DigestHeaders.Choice> c = DigestHeaders.choose(header, rfc9530);
        if (c.isEmpty()) return;
        String asked = c.get().requestedName();
        String lower = header.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains(asked), "chose " + asked + " which '" + header + "' does not name");
        ChecksumAlgorithm a = c.get().algorithm();
        StreamingDigest d = a.newDigest();
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        d.update(java.nio.ByteBuffer.wrap(bytes));
        String canonical = d.finish();
        String repr = DigestHeaders.reprDigestValue(c.get(), canonical);
        Matcher m = SF_BINARY.matcher(repr);
        assertTrue(m.matches(), "Repr-Digest value is not a structured-field byte sequence: " + repr);
        assertEquals(asked.equals("adler") ? "adler" : a.wireName(), m.group(1));
        byte[] raw = Base64.getDecoder().decode(m.group(2));
        assertArrayEquals(canonicalBytes(a, canonical), raw, "Repr-Digest bytes differ from the checksum " + canonical);
    }

    private static byte[] canonicalBytes(ChecksumAlgorithm a, String canonical) {
        return switch (a) {
            case ADLER32, CRC32C -> java.util.HexFormat.of().parseHex(canonical);
            case MD5, SHA256 -> Base64.getDecoder().decode(canonical);
        };
    }
}
