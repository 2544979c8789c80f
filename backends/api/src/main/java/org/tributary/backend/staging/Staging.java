package org.tributary.backend.staging;

import org.tributary.backend.AreaPath;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;

/**
 * A backend feature (found with {@code backend.feature(Staging.class)} on the top of an area's stack): files whose bytes
 * may be only on tape are brought back to the disk buffer on request, and kept there while a pin holds them.
 *
 * <p>The caller (the Tape REST endpoint) keeps the stage <em>requests</em> - ids, submission times, what the client
 * asked - in its own store; the backend keeps what belongs to the storage: the recall queue, the pins, where each file
 * is. A {@code requester} is the caller's request id: it names who wants a file on disk and who holds a pin, so one
 * request's cancel or release never drops a recall or a pin another request still holds.
 *
 * <p>Rules every implementation keeps:
 * <ul>
 *   <li>No method waits for tape: {@link #stage} queues and returns, {@link #progress} reports.</li>
 *   <li>Staging the same (requester, file) again is harmless; a later {@code pinUntil} extends the pin, an earlier one
 *       never shortens it.</li>
 *   <li>What was queued survives a restart of the process (the backend persists its queue and its pins), so a request
 *       accepted before a crash is recalled after it without the caller saying it again.</li>
 *   <li>A file already on disk is pinned at once and reports {@link StageProgress.State#ON_DISK}.</li>
 * </ul>
 */
public interface Staging {

    /**
     * Asks that each file be brought to disk and stay there until at least {@code pinUntil}. Returns at once; a path
     * that is not a file on this backend is not refused here: {@link #progress} reports it FAILED with the reason (the
     * Tape REST API wants per-file errors at poll time, not a refused request).
     */
    void stage(String requester, Collection<AreaPath> files, Instant pinUntil) throws IOException;

    /** Where one file of a requester stands: queued, being recalled, on disk, or failed with a reason. */
    StageProgress progress(String requester, AreaPath file) throws IOException;

    /**
     * The requester no longer wants these files: recalls that no other requester waits for are dropped (one being read
     * may finish), and the requester's pins on them are released.
     */
    void cancel(String requester, Collection<AreaPath> files) throws IOException;

    /**
     * Releases pins on these files: the requester's, or every pin on them when {@code requester} is null (gfal2 releases
     * with a placeholder id it never got from the server). A file no pin holds may be evicted from disk when space is
     * needed; it stays on tape.
     */
    void release(String requester, Collection<AreaPath> files) throws IOException;
}
