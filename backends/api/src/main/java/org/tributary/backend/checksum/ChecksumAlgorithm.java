package org.tributary.backend.checksum;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.Adler32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The checksum algorithms an area can keep, with their RFC 3230 / IANA digest names and wire encodings (SPECS §4.1):
 * adler32 and crc32c as 8 lowercase hex digits (Rucio formats adler32 with '%08x'), md5 and sha-256 as base64 of the
 * raw bytes.
 */
public enum ChecksumAlgorithm {
    ADLER32("adler32"),
    CRC32C("crc32c"),
    MD5("md5"),
    SHA256("sha-256");

    private final String wireName;

    ChecksumAlgorithm(String wireName) {
        this.wireName = wireName;
    }

    /** The IANA digest algorithm name, lowercase ("adler32", "sha-256"). */
    public String wireName() { return wireName; }

    /** The attribute key under which a backend stores this checksum. */
    public String attributeKey() { return "tributary.checksum." + wireName; }

    /** Case-insensitive lookup of an IANA name ("ADLER32", "sha-256", also "sha256"). */
    public static Optional<ChecksumAlgorithm> fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ChecksumAlgorithm a : values()) {
            if (a.wireName.equals(n) || a.wireName.replace("-", "").equals(n)) return Optional.of(a);
        }
        return Optional.empty();
    }

    public StreamingDigest newDigest() {
        return switch (this) {
            case ADLER32 -> new ChecksumDigest(new Adler32());
            case CRC32C -> new ChecksumDigest(new CRC32C());
            case MD5 -> new MessageDigestAdapter(messageDigest("MD5"));
            case SHA256 -> new MessageDigestAdapter(messageDigest("SHA-256"));
        };
    }

    /**
     * Whether a value a client sent (in whatever form clients use) equals our canonical value. adler32/crc32c compare as
     * numbers (case and leading zeros ignored, as gfal2 does); md5 accepts base64 or 32-char hex (gfal2 sends hex in
     * Content-MD5); sha-256 accepts base64 or 64-char hex.
     */
    public boolean matches(String canonical, String declared) {
        String d = declared.trim();
        return switch (this) {
            case ADLER32, CRC32C -> parseHex32(d) == parseHex32(canonical);
            case MD5, SHA256 -> {
                byte[] want = Base64.getDecoder().decode(canonical);
                byte[] got = decodeHexOrBase64(d, want.length);
                yield got != null && MessageDigest.isEqual(want, got);
            }
        };
    }

    /** Whether a value is well-formed for this algorithm. */
    public boolean isWellFormed(String declared) {
        String d = declared.trim();
        return switch (this) {
            case ADLER32, CRC32C -> parseHex32(d) >= 0;
            case MD5 -> decodeHexOrBase64(d, 16) != null;
            case SHA256 -> decodeHexOrBase64(d, 32) != null;
        };
    }

    /**
     * A declared value in our canonical encoding (8 lowercase hex digits; base64), or empty when it is malformed: lets
     * two declarations of one algorithm in different forms (Content-MD5 in hex, Digest in base64) be compared.
     */
    public Optional<String> canonical(String declared) {
        String d = declared.trim();
        return switch (this) {
            case ADLER32, CRC32C -> {
                long v = parseHex32(d);
                yield v < 0 ? Optional.empty() : Optional.of(String.format("%08x", v));
            }
            case MD5, SHA256 -> Optional.ofNullable(decodeHexOrBase64(d, this == MD5 ? 16 : 32))
                    .map(b -> Base64.getEncoder().encodeToString(b));
        };
    }

    private static long parseHex32(String s) {
        if (s.isEmpty() || s.length() > 8) return -1;
        try {
            return Long.parseLong(s, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] decodeHexOrBase64(String s, int len) {
        try {
            if (s.length() == len * 2 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                return HexFormat.of().parseHex(s);
            }
            byte[] b = Base64.getDecoder().decode(s);
            return b.length == len ? b : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static MessageDigest messageDigest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + name, e);
        }
    }

    private record ChecksumDigest(Checksum checksum) implements StreamingDigest {
        @Override public void update(java.nio.ByteBuffer buffer) { checksum.update(buffer); }
        @Override public String finish() { return String.format("%08x", checksum.getValue()); }
    }

    private record MessageDigestAdapter(MessageDigest digest) implements StreamingDigest {
        @Override public void update(java.nio.ByteBuffer buffer) { digest.update(buffer); }
        @Override public String finish() { return Base64.getEncoder().encodeToString(digest.digest()); }
    }
}
