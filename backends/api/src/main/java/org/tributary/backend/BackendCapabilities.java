package org.tributary.backend;

/**
 * What a backend can do natively. The gateway reads these instead of asking which class a backend is.
 *
 * @param atomicRename  {@link StorageBackend#move} works (POSIX yes; S3 no: copy + delete)
 * @param zeroCopyRead  {@link ReadHandle#fileChannel()} may return a channel for sendfile-style writes
 * @param nearline      files may be offline (tape); stage requests make sense
 */
public record BackendCapabilities(boolean atomicRename, boolean zeroCopyRead, boolean nearline) {
}
