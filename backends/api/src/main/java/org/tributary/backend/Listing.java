package org.tributary.backend;

import java.io.Closeable;
import java.util.Iterator;

/**
 * A lazily fetched directory listing. Iterate once, then close. Backends fetch in pages (a POSIX directory stream,
 * ListObjectsV2 pages of 1000 keys) so memory does not grow with the directory.
 */
public interface Listing extends Iterable<EntryInfo>, Closeable {

    @Override
    Iterator<EntryInfo> iterator();

    @Override
    void close();
}
