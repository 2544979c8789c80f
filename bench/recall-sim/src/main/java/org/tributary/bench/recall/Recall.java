package org.tributary.bench.recall;

/**
 * One file asked for in a trace.
 *
 * @param atMillis  when it was asked for, in milliseconds from the start of the trace
 * @param requester the stage request it belongs to (drives are shared fairly between these)
 * @param cartridge the cartridge holding it
 * @param position  its byte offset on the cartridge
 * @param size      its length in bytes
 */
public record Recall(long atMillis, String requester, String cartridge, long position, long size) {

    public Recall {
        if (atMillis < 0 || position < 0 || size < 0) throw new IllegalArgumentException("time, position and size must not be negative");
        if (requester.isBlank() || cartridge.isBlank() || (requester + cartridge).chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("requester and cartridge must be non-empty and without white space");
        }
    }
}
