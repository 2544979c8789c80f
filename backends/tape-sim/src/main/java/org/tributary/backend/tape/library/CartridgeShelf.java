package org.tributary.backend.tape.library;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.Adler32;

/**
 * The cartridges: one append-only file each under the library's {@code cartridges/} directory, holding the real bytes
 * of the files written to it back to back, so a position is a byte offset and a recall copies real bytes. A cartridge
 * file that is missing or cannot be read is an unreadable cartridge; that is how the fault test causes one.
 */
public final class CartridgeShelf {

    private static final int CHUNK = 256 * 1024;

    private final Path dir;

    public CartridgeShelf(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** The file holding a cartridge (tests damage it to make the cartridge unreadable). */
    public Path file(String cartridge) {
        return dir.resolve(cartridge);
    }

    /**
     * Writes {@code size} bytes from {@code in} at {@code position} (the end of what the cartridge holds) and returns
     * their adler32. Fails when the stream ends early (the file changed under the migration).
     */
    public String write(String cartridge, long position, InputStream in, long size) throws IOException {
        Adler32 sum = new Adler32();
        try (FileChannel ch = FileChannel.open(file(cartridge), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate(position);
            ch.position(position);
            byte[] buf = new byte[CHUNK];
            long left = size;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) throw new IOException("the file ended " + left + " bytes early");
                sum.update(buf, 0, n);
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) ch.write(b);
                left -= n;
            }
            ch.force(true);
        }
        return hex(sum);
    }

    /**
     * Copies {@code size} bytes at {@code position} into {@code target}; returns their adler32. Fails
     * {@link Unreadable} when the cartridge cannot be read (missing, damaged, shorter than the catalogue says).
     */
    public String read(String cartridge, long position, long size, FileChannel target) throws IOException {
        Adler32 sum = new Adler32();
        FileChannel ch;
        try {
            ch = FileChannel.open(file(cartridge), StandardOpenOption.READ);
        } catch (IOException e) {
            throw new Unreadable(cartridge, e);
        }
        try (ch) {
            ByteBuffer b = ByteBuffer.allocate(CHUNK);
            long at = position;
            long end = position + size;
            while (at < end) {
                b.clear().limit((int) Math.min(CHUNK, end - at));
                int n;
                try {
                    n = ch.read(b, at);
                } catch (IOException e) {
                    throw new Unreadable(cartridge, e);
                }
                if (n < 0) throw new Unreadable(cartridge, new IOException("ends before the file"));
                b.flip();
                sum.update(b.duplicate());
                while (b.hasRemaining()) target.write(b);
                at += n;
            }
        }
        return hex(sum);
    }

    /** The cartridge itself cannot be read: every file on it is lost (not the buffer's fault). */
    public static final class Unreadable extends IOException {
        Unreadable(String cartridge, IOException cause) {
            super("cartridge " + cartridge + " is unreadable (" + cause.getMessage() + ")", cause);
        }
    }

    static String hex(Adler32 sum) {
        return String.format("%08x", sum.getValue());
    }
}
