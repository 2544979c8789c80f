package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.Digests;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 9530 digests on upload: Repr-Digest and Content-Digest (structured-field dictionaries of byte sequences,
 * "sha-256=:base64:") are verified like Digest and Content-MD5. For a PUT the content is the whole representation,
 * so both are checked against the received bytes. A mismatch, a malformed value of a supported algorithm, or two
 * headers that disagree is 400 with a one-line reason and stores nothing; algorithms we do not support are ignored.
 */
class ReprDigestOnUploadTest {

    @TempDir
    static Path dir;
    static TestGateway gw;
    static final byte[] DATA = new byte[70_000];
    static final byte[] OTHER = "something else".getBytes(StandardCharsets.UTF_8);
    static final AtomicInteger N = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.startDefault(dir);
        new Random(16).nextBytes(DATA);
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    private static String sf(byte[] raw) { return ":" + Base64.getEncoder().encodeToString(raw) + ":"; }

    /** The RFC 9530 dictionary members for {@code data}, keyed by registry name. */
    private static Map<String, String> members(byte[] data) {
        return Map.of(
                "sha-256", sf(Digests.sha256Raw(data)),
                "md5", sf(Digests.md5Raw(data)),
                "adler", sf(HexFormat.of().parseHex(Digests.adler32(data))),
                "crc32c", sf(HexFormat.of().parseHex(Digests.crc32c(data))));
    }

    private static String name() { return "r" + N.incrementAndGet() + ".bin"; }

    private static void assertRefused(String header, String value) {
        String n = name();
        HttpResponse<byte[]> r = gw.put("/data/" + n, DATA, header, value);
        assertEquals(400, r.statusCode(), header + ": " + value);
        String reason = TestGateway.text(r).strip();
        assertFalse(reason.isEmpty() || reason.contains("\n"), "a one-line reason, got: " + reason);
        assertFalse(Files.exists(gw.root().resolve(n)), n + " must not exist");
        assertEquals(List.of(), TestGateway.temporaries(gw.root()), "no upload temporary may remain");
    }

    private static void assertStored(String header, String value) throws Exception {
        String n = name();
        assertEquals(201, gw.put("/data/" + n, DATA, header, value).statusCode(), header + ": " + value);
        assertArrayEquals(DATA, Files.readAllBytes(gw.root().resolve(n)));
    }

    @Test
    void wrongValueOfEverySupportedAlgorithmIs400InBothHeaders() {
        Map<String, String> wrong = members(OTHER);
        for (String header : List.of("Repr-Digest", "Content-Digest")) {
            for (var e : wrong.entrySet()) assertRefused(header, e.getKey() + "=" + e.getValue());
        }
    }

    @Test
    void rightValueOfEverySupportedAlgorithmIs201InBothHeaders() throws Exception {
        for (String header : List.of("Repr-Digest", "Content-Digest")) {
            for (var e : members(DATA).entrySet()) assertStored(header, e.getKey() + "=" + e.getValue());
        }
    }

    @Test
    void oneWrongMemberAmongRightOnesIs400() {
        Map<String, String> right = members(DATA);
        Map<String, String> wrong = members(OTHER);
        for (String bad : right.keySet()) {
            StringBuilder v = new StringBuilder();
            for (String k : List.of("sha-256", "md5", "adler", "crc32c")) {
                if (!v.isEmpty()) v.append(", ");
                v.append(k).append('=').append(k.equals(bad) ? wrong.get(k) : right.get(k));
            }
            assertRefused("Repr-Digest", v.toString());
        }
    }

    @Test
    void unknownAlgorithmsAreIgnoredButDoNotHideAMismatch() throws Exception {
        String sha512 = "sha-512=:" + Base64.getEncoder().encodeToString(new byte[64]) + ":";
        assertStored("Repr-Digest", sha512);
        assertStored("Content-Digest", "unixsum=:AAAA:, x-private=?1, sha=\"text\"");
        assertRefused("Repr-Digest", sha512 + ", sha-256=" + members(OTHER).get("sha-256"));
    }

    @Test
    void parametersOnMembersAreAllowed() throws Exception {
        assertStored("Repr-Digest", "sha-256=" + members(DATA).get("sha-256") + ";x=1");
        assertRefused("Repr-Digest", "sha-256=" + members(OTHER).get("sha-256") + ";x=1");
    }

    @Test
    void malformedValueOfASupportedAlgorithmIs400() {
        String hexAdler = Digests.adler32(DATA); // RFC 3230 style in an RFC 9530 field
        for (String v : List.of("adler=" + hexAdler, "sha-256=:not base64!:", "sha-256=:AAAA:", "md5=:" + hexAdler + ":",
                "sha-256=\"" + Digests.sha256Base64(DATA) + "\"", "sha-256=:" + Digests.sha256Base64(DATA))) {
            assertRefused("Repr-Digest", v);
        }
    }

    @Test
    void malformedDictionaryIs400() {
        for (String v : List.of("sha-256=" + members(DATA).get("sha-256") + ",", "SHA-256=" + members(DATA).get("sha-256"),
                "sha-256 =" + members(DATA).get("sha-256"), ",", "=:AAAA:")) {
            assertRefused("Repr-Digest", v);
        }
    }

    @Test
    void severalFieldLinesAreOneDictionary() {
        // RFC 9110 §5.3 / RFC 8941 §4.2: lines are combined; a wrong value on the second line still counts
        String n = name();
        HttpResponse<byte[]> r = gw.put("/data/" + n, DATA, "Repr-Digest", "md5=" + members(DATA).get("md5"),
                "Repr-Digest", "sha-256=" + members(OTHER).get("sha-256"));
        assertEquals(400, r.statusCode());
        assertFalse(Files.exists(gw.root().resolve(n)));
    }

    @Test
    void headersThatDisagreeAre400() {
        String n = name();
        // each one alone could be the one that is checked; together they cannot both describe the body
        HttpResponse<byte[]> r = gw.put("/data/" + n, DATA, "Digest", "adler32=" + Digests.adler32(OTHER),
                "Repr-Digest", "adler=" + members(DATA).get("adler"));
        assertEquals(400, r.statusCode());
        r = gw.put("/data/" + n, DATA, "Content-MD5", Digests.md5Base64(DATA), "Digest", "md5=" + Digests.md5Base64(OTHER));
        assertEquals(400, r.statusCode(), "a right Content-MD5 does not hide a wrong md5 in Digest");
        r = gw.put("/data/" + n, DATA, "Repr-Digest", "sha-256=" + members(DATA).get("sha-256"),
                "Content-Digest", "sha-256=" + members(OTHER).get("sha-256"));
        assertEquals(400, r.statusCode());
        assertFalse(Files.exists(gw.root().resolve(n)));
    }

    @Test
    void agreeingHeadersAre201AndTheDigestIsServedBack() throws Exception {
        String n = name();
        assertEquals(201, gw.put("/data/" + n, DATA, "Digest", "sha-256=" + Digests.sha256Base64(DATA),
                "Repr-Digest", "sha-256=" + members(DATA).get("sha-256"),
                "Content-Digest", "sha-256=" + members(DATA).get("sha-256")).statusCode());
        HttpResponse<byte[]> h = gw.head("/data/" + n, "Want-Repr-Digest", "sha-256=10");
        assertEquals("sha-256=" + members(DATA).get("sha-256"), h.headers().firstValue("Repr-Digest").orElse(null));
        assertTrue(Files.exists(gw.root().resolve(n)));
    }
}
