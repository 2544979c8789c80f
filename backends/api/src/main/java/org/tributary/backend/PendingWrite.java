package org.tributary.backend;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * An upload in progress. Bytes are written in order; nothing is visible under the final name until
 * {@link #commit}. {@link #close()} without a commit aborts, so try-with-resources can never publish a partial file.
 */
public interface PendingWrite extends Closeable {

    AreaPath path();

    /**
     * What {@link StorageBackend#beginWrite} found at the path and did before it returned, so that the caller need not
     * look again: whether a file was there (a collection fails the begin, so the target was a file or nothing), and
     * which missing parents it created. It describes the moment of the begin; whether the commit replaced a file is
     * {@link CommitResult#replaced()}, decided anew at commit.
     */
    Begun begun();

    /** Writes all remaining bytes of {@code src}, in order. */
    void write(ByteBuffer src) throws IOException;

    /** Bytes written so far. */
    long size();

    /**
     * The {@link EntryInfo#changeStamp()} the entry will have once committed, asked after the last write. Lets a
     * wrapper bind the checksums it stores at commit to exactly this content version.
     */
    String contentStamp() throws IOException;

    /**
     * Makes the content durable (if asked) and visible under the final name together with {@code attributes}, atomically:
     * a reader sees the old version or the new one, never a mix.
     * @return the committed entry and whether it replaced an existing file
     */
    CommitResult commit(Map<String, String> attributes) throws IOException;

    /** Discards the upload. Idempotent; never throws for an already finished write. */
    void abort();

    @Override
    default void close() { abort(); }

    record CommitResult(EntryInfo entry, boolean replaced) { }

    /**
     * @param targetExisted  a file (or a link to one) was at the path when the write began
     * @param createdParents the parent collections the begin created because they were missing, outermost first
     *                       (empty when the parent was there, and always when {@link WriteOptions#createParents()} is
     *                       false)
     */
    record Begun(boolean targetExisted, List<AreaPath> createdParents) {
        public Begun {
            createdParents = List.copyOf(createdParents);
        }
    }
}
