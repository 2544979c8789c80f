package org.tributary.tpc;

import java.io.IOException;

/**
 * A third-party copy as the gateway's COPY handler drives it: {@link #run} on a thread of its own while the handler
 * sends {@link #perfMarker} every marker interval, and {@link #cancel} when the client goes away or the server stops.
 * A network {@link Transfer} is one; an in-place copy between two access points of one storage is another.
 */
public interface RunningCopy {

    /** Does the copy; returns normally only when it is complete (committed, and placed where that is asked). */
    void run() throws IOException, InterruptedException;

    /** Stops the copy; {@link #run} then fails and cleans up. */
    void cancel(String reason);

    boolean isCancelled();

    /** The perf markers for the current state ({@link PerfMarkers}). */
    String perfMarker();

    /** The other end, without a query that may hold a capability: for the server log. */
    String remoteForLog();

    /** Bytes the copy has moved so far: all of them once {@link #run} returned. */
    long bytesTransferred();

    /** The parallel streams the copy uses (one unless a pull spread the file over several). */
    default int streams() { return 1; }

    /** Whether the two ends' checksums were compared and matched (known once {@link #run} returned normally). */
    default boolean checksumsCompared() { return false; }
}
