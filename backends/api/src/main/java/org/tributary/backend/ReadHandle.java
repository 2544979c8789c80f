package org.tributary.backend;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.Optional;

/** An open file. Ranges may be read in any order and more than once (multi-range GET, multi-stream TPC). */
public interface ReadHandle extends Closeable {

    EntryInfo info();

    /** A stream of {@code length} bytes starting at {@code offset}. Closing it does not close the handle. */
    InputStream stream(long offset, long length) throws IOException;

    /**
     * A file channel for positional reads into the server's own buffers, when the backend has one (POSIX). Owned by
     * the handle. Callers must not memory-map it: a mapping outlives the handle until a GC, and so does the space of
     * a file deleted meanwhile.
     */
    default Optional<FileChannel> fileChannel() { return Optional.empty(); }
}
