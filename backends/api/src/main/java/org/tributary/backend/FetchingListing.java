package org.tributary.backend;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The iterate-once rule of {@link Listing} and the look-ahead its iterator needs, for a backend that fetches entries
 * one at a time from a stream or pages: the backend says only how to get the next entry to show ({@link #fetch}).
 */
public abstract class FetchingListing implements Listing {

    private boolean iterated;

    /**
     * The next entry to show, fetching more from the store when needed (skipping what the listing hides); null at the
     * end, and again on every later call. A store failure is thrown unchecked (an iterator cannot throw IOException).
     */
    protected abstract EntryInfo fetch();

    @Override
    public final Iterator<EntryInfo> iterator() {
        if (iterated) throw new IllegalStateException("a listing can be iterated once");
        iterated = true;
        return new Iterator<>() {
            private EntryInfo next;

            @Override
            public boolean hasNext() {
                if (next == null) next = fetch();
                return next != null;
            }

            @Override
            public EntryInfo next() {
                if (!hasNext()) throw new NoSuchElementException();
                EntryInfo out = next;
                next = null;
                return out;
            }
        };
    }
}
