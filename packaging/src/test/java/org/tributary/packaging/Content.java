package org.tributary.packaging;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Adler32;

/** What a name holds, by length and SHA-256 (adler32 for the server's Digest); {@link #ABSENT} when nothing. */
record Content(long length, String sha256, String adler32, String label) {

    static final Content ABSENT = new Content(-1, "", "", "absent");

    static Content of(byte[] data, String label) {
        Adler32 a = new Adler32();
        a.update(data);
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            return new Content(data.length, sha, String.format("%08x", a.getValue()), label);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Same bytes (labels are only for messages). */
    boolean same(Content o) {
        return length == o.length && sha256.equals(o.sha256);
    }

    @Override
    public String toString() {
        return this == ABSENT || length < 0 ? "absent" : label + " (" + length + " B, adler32 " + adler32 + ")";
    }
}
