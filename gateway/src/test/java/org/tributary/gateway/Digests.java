package org.tributary.gateway;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.Adler32;
import java.util.zip.CRC32C;

/** Reference checksums computed with the JDK, in the encodings of RFC 3230 / SPECS §4.1. */
public final class Digests {

    private Digests() { }

    /** 8 lowercase hex digits, as Rucio formats it ('%08x'). */
    public static String adler32(byte[] data) {
        Adler32 a = new Adler32();
        a.update(data);
        return String.format("%08x", a.getValue());
    }

    public static String crc32c(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return String.format("%08x", c.getValue());
    }

    public static byte[] md5Raw(byte[] data) { return digest("MD5", data); }

    public static String md5Base64(byte[] data) { return Base64.getEncoder().encodeToString(md5Raw(data)); }

    public static String md5Hex(byte[] data) { return HexFormat.of().formatHex(md5Raw(data)); }

    public static byte[] sha256Raw(byte[] data) { return digest("SHA-256", data); }

    public static String sha256Base64(byte[] data) { return Base64.getEncoder().encodeToString(sha256Raw(data)); }

    private static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
