package org.tributary.backend.posix;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Attributes kept in a small file beside the entry, for file systems without user xattrs and for values too big for
 * them.
 *
 * <p>Format (big-endian): the magic {@code "TRIBMETA"}, a version byte, the owner's entry name, a pair count, then
 * key/value pairs; every string is an int byte length and UTF-8; a CRC-32 of everything before it closes the file.
 * Length-prefixed strings carry any key or value unchanged (no escaping to get wrong); the owner name lets the
 * start-up sweep tell orphans even for hashed side-car names; the CRC turns a torn file after a crash without fsync
 * into "no side-car" rather than garbage attributes. Files are replaced whole: temporary, then atomic rename.
 */
final class SidecarStore {

    private static final System.Logger LOG = System.getLogger(SidecarStore.class.getName());
    private static final byte[] MAGIC = "TRIBMETA".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;
    /** Far above anything the gateway stores; a bound so a corrupt length cannot ask for gigabytes. */
    static final int MAX_FILE_BYTES = 64 * 1024 * 1024;

    private SidecarStore() { }

    /** The attributes in {@code sidecar}, or an empty map if there is none (or it is unreadable garbage). */
    static Map<String, String> read(Path sidecar) throws IOException {
        byte[] data;
        try {
            if (Files.size(sidecar) > MAX_FILE_BYTES) {
                LOG.log(System.Logger.Level.WARNING, "ignoring oversized metadata side-car {0}", sidecar);
                return new LinkedHashMap<>();
            }
            data = Files.readAllBytes(sidecar);
        } catch (NoSuchFileException e) {
            return new LinkedHashMap<>();
        }
        try {
            return decode(data).attributes;
        } catch (CorruptSidecar e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring corrupt metadata side-car {0}: {1}", sidecar, e.getMessage());
            return new LinkedHashMap<>();
        }
    }

    /** The entry name recorded in {@code sidecar}, or null if it is missing or corrupt. */
    static String owner(Path sidecar) throws IOException {
        try {
            if (Files.size(sidecar) > MAX_FILE_BYTES) return null;
            return decode(Files.readAllBytes(sidecar)).owner;
        } catch (NoSuchFileException | CorruptSidecar e) {
            return null;
        }
    }

    /**
     * Writes {@code attributes} for entry {@code owner} to a new temporary in {@code directory} and returns it; the
     * caller renames it into place with {@link #install}.
     */
    static Path prepare(Path directory, String owner, Map<String, String> attributes, boolean durable)
            throws IOException {
        byte[] data = encode(owner, attributes);
        Path temp = directory.resolve(InternalNames.temporary("meta"));
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) ch.write(buf);
            if (durable) ch.force(true);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
        return temp;
    }

    static void install(Path preparedTemp, Path sidecar) throws IOException {
        try {
            Files.move(preparedTemp, sidecar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(preparedTemp);
            throw e;
        }
    }

    /** Replaces {@code sidecar} with {@code attributes}, or removes it when there are none. */
    static void write(Path sidecar, String owner, Map<String, String> attributes, boolean durable) throws IOException {
        if (attributes.isEmpty()) {
            Files.deleteIfExists(sidecar);
            return;
        }
        install(prepare(sidecar.getParent(), owner, attributes, durable), sidecar);
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException | RuntimeException ignored) {
            // a leftover temporary is removed by the start-up sweep
        }
    }

    static byte[] encode(String owner, Map<String, String> attributes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(MAGIC);
        out.writeByte(VERSION);
        writeString(out, owner);
        out.writeInt(attributes.size());
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        return bytes.toByteArray();
    }

    record Decoded(String owner, Map<String, String> attributes) { }

    static final class CorruptSidecar extends Exception {
        CorruptSidecar(String why) { super(why, null, false, false); }
    }

    static Decoded decode(byte[] data) throws CorruptSidecar {
        if (data.length < MAGIC.length + 1 + 4 + 4 + 4) throw new CorruptSidecar("truncated");
        if (!Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) throw new CorruptSidecar("bad magic");
        ByteBuffer buf = ByteBuffer.wrap(data);
        CRC32 crc = new CRC32();
        crc.update(data, 0, data.length - 4);
        if (buf.getInt(data.length - 4) != (int) crc.getValue()) throw new CorruptSidecar("checksum mismatch");
        buf.limit(data.length - 4);
        buf.position(MAGIC.length);
        byte version = buf.get();
        if (version != VERSION) throw new CorruptSidecar("unknown version " + version);
        try {
            String owner = readString(buf);
            int count = buf.getInt();
            if (count < 0) throw new CorruptSidecar("negative count");
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String k = readString(buf);
                attributes.put(k, readString(buf));
            }
            if (buf.hasRemaining()) throw new CorruptSidecar("trailing bytes");
            return new Decoded(owner, attributes);
        } catch (java.nio.BufferUnderflowException e) {
            throw new CorruptSidecar("truncated");
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(ByteBuffer buf) throws CorruptSidecar {
        int len = buf.getInt();
        if (len < 0 || len > buf.remaining()) throw new CorruptSidecar("bad string length");
        ByteBuffer slice = buf.slice(buf.position(), len);
        buf.position(buf.position() + len);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptSidecar("invalid UTF-8");
        }
    }
}
