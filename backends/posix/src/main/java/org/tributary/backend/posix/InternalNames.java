package org.tributary.backend.posix;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.tributary.backend.AreaPath;

/**
 * Names of the files the backend keeps beside the client's entries. All start with {@link AreaPath#RESERVED_PREFIX},
 * so clients can neither name nor see them.
 *
 * <p>Most file systems allow 255 bytes per name. A temporary needs no link to its target's name beyond readability,
 * so it carries a shortened copy. A side-car must be found again from the entry's name, so for long names it is
 * named after a hash of the name instead (its content records the full name, for the orphan sweep).
 */
final class InternalNames {

    static final String TEMP_PREFIX = AreaPath.RESERVED_PREFIX + "-tmp-";
    /** Side-car of the file or directory {@code <name>} in the same directory. */
    static final String META_PREFIX = AreaPath.RESERVED_PREFIX + "-meta-";
    /** Side-car of a file whose name is too long for {@link #META_PREFIX}: hash of the name. */
    static final String META_HASHED_PREFIX = AreaPath.RESERVED_PREFIX + "-metah-";
    /** A directory's own side-car, inside the directory, so that it travels with a rename of the tree. */
    static final String DIR_META = AreaPath.RESERVED_PREFIX + "-meta";

    /** A move target renamed aside while a collection replaces it (or replaces a collection), see PosixBackend.move. */
    static final String DISPLACED_PREFIX = AreaPath.RESERVED_PREFIX + "-displaced-";

    private static final int NAME_MAX = 255;
    private static final int TEMP_NAME_BYTES = 80;

    private InternalNames() { }

    static boolean isInternal(String name) {
        return name.startsWith(AreaPath.RESERVED_PREFIX);
    }

    static boolean isTemporary(String name) {
        return name.startsWith(TEMP_PREFIX);
    }

    static boolean isEntrySidecar(String name) {
        return name.startsWith(META_PREFIX) || name.startsWith(META_HASHED_PREFIX);
    }

    /** A fresh temporary name for an upload to {@code target} (or a side-car rewrite). */
    static String temporary(String target) {
        return TEMP_PREFIX + truncateUtf8(target, TEMP_NAME_BYTES) + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    static boolean isDisplaced(String name) {
        return name.startsWith(DISPLACED_PREFIX);
    }

    /**
     * The hidden name a replaced move target waits under: prefix, 16 hex digits, '-', the full original name (the
     * start-up sweep must find the name again to put the target back). Null when that would exceed NAME_MAX.
     */
    static String displaced(String target) {
        String out = DISPLACED_PREFIX + String.format("%016x", ThreadLocalRandom.current().nextLong()) + "-" + target;
        return out.getBytes(StandardCharsets.UTF_8).length <= NAME_MAX ? out : null;
    }

    /** The original name of a {@link #displaced} entry, or null when the name is not one. */
    static String displacedOwner(String name) {
        int start = DISPLACED_PREFIX.length() + 17;
        if (!isDisplaced(name) || name.length() <= start || name.charAt(start - 1) != '-') return null;
        return name.substring(start);
    }

    static String sidecar(String entryName) {
        String plain = META_PREFIX + entryName;
        if (plain.getBytes(StandardCharsets.UTF_8).length <= NAME_MAX) return plain;
        return META_HASHED_PREFIX + sha256Hex(entryName);
    }

    /** For a {@link #META_PREFIX} side-car, the entry name it belongs to; null for a hashed one. */
    static String plainSidecarOwner(String sidecarName) {
        return sidecarName.startsWith(META_PREFIX) ? sidecarName.substring(META_PREFIX.length()) : null;
    }

    private static String truncateUtf8(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + len > maxBytes) break;
            bytes += len;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is part of every JDK", e);
        }
    }
}
