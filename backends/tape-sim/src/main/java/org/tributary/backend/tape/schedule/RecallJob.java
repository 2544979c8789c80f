package org.tributary.backend.tape.schedule;

import java.time.Instant;

/**
 * One file to bring back from tape.
 *
 * @param id        unique while queued (the library's job number)
 * @param cartridge the cartridge holding the file
 * @param position  its byte offset from the beginning of the cartridge
 * @param size      its length in bytes
 * @param submitted when it was asked for (for fairness and the bound on waiting)
 * @param requester who asked (a stage request id): drives are shared fairly between requesters
 */
public record RecallJob(long id, String cartridge, long position, long size, Instant submitted, String requester) {
}
