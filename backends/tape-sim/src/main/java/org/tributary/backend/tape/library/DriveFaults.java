package org.tributary.backend.tape.library;

import org.tributary.backend.tape.schedule.RecallJob;

/**
 * A test hook: a drive failing is not something a file system can be made to do, so a test injects it here. The
 * library asks before each read; a drive that fails puts its cartridge back, leaves service, and its jobs go back to
 * the scheduler for another drive. Other faults (an unreadable cartridge, a full buffer, a restart) are caused for
 * real by their tests.
 */
@FunctionalInterface
public interface DriveFaults {

    DriveFaults NONE = (drive, job) -> false;

    /** Whether drive {@code drive} (0-based) fails while reading {@code job}. */
    boolean failsDuring(int drive, RecallJob job);
}
