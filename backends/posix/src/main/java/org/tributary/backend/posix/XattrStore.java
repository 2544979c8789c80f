package org.tributary.backend.posix;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Attributes as user extended attributes ({@code user.*} on Linux).
 *
 * <p>Names: a key that starts with {@code tributary.} and consists of safe characters is used as the xattr name as it
 * is ({@code tributary.checksum.adler32} becomes {@code user.tributary.checksum.adler32}, readable by admin tools
 * and XRootD-style scripts). Any other key (WebDAV dead properties: namespaces, spaces, any Unicode) becomes
 * {@code tributary.b64.<base64url of its UTF-8>}; keys that themselves start with {@code tributary.b64.} are encoded
 * too, so decoding is unambiguous. Only names under {@code tributary.} are read back: other tools' xattrs are not
 * ours to show. A name or value the kernel cannot take (over 255/64 KiB, or beyond what the inode has room for)
 * makes {@link #write} return false and the caller falls back to the side-car.
 */
final class XattrStore {

    static final String NAMESPACE = "tributary.";
    static final String ENCODED = NAMESPACE + "b64.";
    /** Linux XATTR_NAME_MAX (255) less "user.". */
    static final int MAX_NAME_BYTES = 250;
    /** Linux XATTR_SIZE_MAX. */
    static final int MAX_VALUE_BYTES = 64 * 1024;

    private final boolean enabled;

    private XattrStore(boolean enabled) {
        this.enabled = enabled;
    }

    static XattrStore disabled() {
        return new XattrStore(false);
    }

    /**
     * Probes once whether user xattrs work below {@code root}: the JDK's {@code supportsFileAttributeView} answers
     * from mount options and can be wrong either way, so a real set/read on a scratch file decides.
     */
    static XattrStore probe(Path root) {
        Path scratch = root.resolve(InternalNames.temporary("xattr-probe"));
        try {
            Files.newByteChannel(scratch, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            UserDefinedFileAttributeView view = Files.getFileAttributeView(scratch, UserDefinedFileAttributeView.class);
            if (view == null) return disabled();
            String name = NAMESPACE + "probe";
            view.write(name, ByteBuffer.wrap(new byte[] {'1'}));
            ByteBuffer back = ByteBuffer.allocate(view.size(name));
            view.read(name, back);
            return new XattrStore(back.position() == 1);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return disabled();
        } finally {
            SidecarStore.deleteQuietly(scratch);
        }
    }

    boolean enabled() { return enabled; }

    /** The xattr name for {@code key} (without "user."), or null if it would be too long for the kernel. */
    static String encode(String key) {
        String name = isSafe(key) ? key
                : ENCODED + Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
        return name.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES ? name : null;
    }

    /** The key stored under xattr {@code name}, or null if the xattr is not one of ours. */
    static String decode(String name) {
        if (name.startsWith(ENCODED)) {
            try {
                return new String(Base64.getUrlDecoder().decode(name.substring(ENCODED.length())), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return name.startsWith(NAMESPACE) && isSafe(name) ? name : null;
    }

    private static boolean isSafe(String key) {
        if (!key.startsWith(NAMESPACE) || key.startsWith(ENCODED) || key.length() == NAMESPACE.length()) return false;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
            if (!ok) return false;
        }
        return true;
    }

    /** Our attributes on {@code entry} (following a link, which confinement has checked). */
    Map<String, String> read(Path entry) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        if (!enabled) return out;
        UserDefinedFileAttributeView view = view(entry);
        if (view == null) return out;
        List<String> names;
        try {
            names = view.list();
        } catch (UnsupportedOperationException e) {
            return out;
        } catch (FileSystemException e) {
            if (isFallbackCondition(e)) return out;
            throw e;
        }
        for (String name : names) {
            String key = decode(name);
            if (key == null) continue;
            try {
                ByteBuffer buf = ByteBuffer.allocate(view.size(name));
                view.read(name, buf);
                buf.flip();
                out.put(key, StandardCharsets.UTF_8.decode(buf).toString());
            } catch (FileSystemException e) {
                // removed between list and read (ENODATA): a concurrent update; the other keys are still good
                if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) throw e;
            }
        }
        return out;
    }

    /**
     * One attribute read with a single fgetxattr into a buffer big enough for checksums; null when it is not in an
     * xattr (absent, larger than the buffer, or xattrs unusable here), so the caller looks further.
     */
    String readOne(Path entry, String key) throws IOException {
        if (!enabled) return null;
        String name = encode(key);
        if (name == null) return null;
        UserDefinedFileAttributeView view = view(entry);
        if (view == null) return null;
        ByteBuffer buf = ByteBuffer.allocate(1024);
        try {
            view.read(name, buf);
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw e;
        } catch (FileSystemException | UnsupportedOperationException | java.nio.BufferOverflowException
                 | IllegalArgumentException e) { // the last two: how Jimfs says "too big" and "not set"
            // ENODATA (not set), ERANGE (bigger than the buffer; some file systems throw BufferOverflowException), EOPNOTSUPP
            return null;
        }
        buf.flip();
        return StandardCharsets.UTF_8.decode(buf).toString();
    }

    /** The keys of our attributes on {@code entry}, without reading values. */
    Set<String> keys(Path entry) throws IOException {
        Set<String> out = new HashSet<>();
        if (!enabled) return out;
        UserDefinedFileAttributeView view = view(entry);
        if (view == null) return out;
        try {
            for (String name : view.list()) {
                String key = decode(name);
                if (key != null) out.add(key);
            }
        } catch (UnsupportedOperationException e) {
            return out;
        } catch (FileSystemException e) {
            if (!isFallbackCondition(e)) throw e;
        }
        return out;
    }

    /**
     * Stores one attribute. Returns false when xattrs cannot hold it (disabled, unsupported here, name or value too
     * long, no room left in the inode): the caller keeps it in the side-car instead.
     */
    boolean write(Path entry, String key, String value) throws IOException {
        if (!enabled) return false;
        String name = encode(key);
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (name == null || bytes.length > MAX_VALUE_BYTES) return false;
        UserDefinedFileAttributeView view = view(entry);
        if (view == null) return false;
        try {
            view.write(name, ByteBuffer.wrap(bytes));
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        } catch (FileSystemException e) {
            if (isFallbackCondition(e)) return false;
            throw e;
        }
    }

    /** Removes the given keys where present. */
    void remove(Path entry, Set<String> keys) throws IOException {
        if (!enabled || keys.isEmpty()) return;
        Set<String> present = keys(entry);
        UserDefinedFileAttributeView view = view(entry);
        for (String key : keys) {
            if (!present.contains(key)) continue;
            String name = encode(key);
            try {
                view.delete(name);
            } catch (FileSystemException e) {
                if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) throw e;
                // ENODATA: somebody removed it first, which is what we wanted
            }
        }
    }

    private static UserDefinedFileAttributeView view(Path entry) {
        return Files.getFileAttributeView(entry, UserDefinedFileAttributeView.class);
    }

    /**
     * Errors that mean "not here, use the side-car": ENOSPC/E2BIG/ERANGE for size, EOPNOTSUPP for a mount without
     * user xattrs below the root. Missing files and permission problems are real errors.
     */
    private static boolean isFallbackCondition(FileSystemException e) {
        return !(e instanceof NoSuchFileException) && !(e instanceof AccessDeniedException);
    }
}
