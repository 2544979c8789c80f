package org.tributary.backend.staging;

/**
 * What a tape library is doing now, read-only and cheap (no I/O): for the admin's dashboard and the metrics. A
 * feature of a backend with drives, found with {@code feature(LibraryStatus.class)} on the top of the area's stack.
 */
public interface LibraryStatus {

    /**
     * One look at the library.
     *
     * @param drives            drives the library was built with
     * @param drivesInService   drives that have not failed
     * @param drivesBusy        drives working now (a recall or a migration batch, robot moves included)
     * @param recallsQueued     files waiting for a drive to recall them
     * @param recallsRunning    files being recalled by a drive now
     * @param migrationsRunning files being written to tape by a drive now
     */
    record Snapshot(int drives, int drivesInService, int drivesBusy, int recallsQueued, int recallsRunning,
                    int migrationsRunning) { }

    Snapshot libraryStatus();
}
