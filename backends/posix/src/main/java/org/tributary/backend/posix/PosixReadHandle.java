package org.tributary.backend.posix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.Objects;
import java.util.Optional;

import org.tributary.backend.EntryInfo;
import org.tributary.backend.ReadHandle;

/**
 * An open file. Streams read with positional reads, so any number of ranges can be read at once (multi-range GET,
 * multi-stream TPC) without sharing a file position, and nothing is loaded into memory beyond the caller's buffer.
 */
final class PosixReadHandle implements ReadHandle {

    private final EntryInfo info;
    private final FileChannel channel;

    PosixReadHandle(EntryInfo info, FileChannel channel) {
        this.info = info;
        this.channel = channel;
    }

    @Override
    public EntryInfo info() { return info; }

    @Override
    public InputStream stream(long offset, long length) throws IOException {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("negative offset or length");
        if (!channel.isOpen()) throw new ClosedChannelException();
        return new RangeStream(channel, offset, length);
    }

    @Override
    public Optional<FileChannel> fileChannel() { return Optional.of(channel); }

    @Override
    public void close() throws IOException { channel.close(); }

    /** {@code length} bytes from {@code offset}, or fewer if the file ends first. Does not close the channel. */
    static final class RangeStream extends InputStream {
        private final FileChannel channel;
        private long position;
        private long remaining;
        private boolean closed;

        RangeStream(FileChannel channel, long offset, long length) {
            this.channel = channel;
            this.position = offset;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (closed) throw new IOException("stream closed");
            if (len == 0) return 0;
            if (remaining <= 0) return -1;
            int want = (int) Math.min(len, remaining);
            int n = channel.read(ByteBuffer.wrap(b, off, want), position);
            if (n < 0) {
                remaining = 0;
                return -1;
            }
            position += n;
            remaining -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            if (n <= 0) return 0;
            long s = Math.min(n, Math.max(0, Math.min(remaining, channel.size() - position)));
            position += s;
            remaining -= s;
            return s;
        }

        @Override
        public int available() throws IOException {
            if (closed) return 0;
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, Math.min(remaining, channel.size() - position)));
        }

        @Override
        public void close() { closed = true; }
    }
}
