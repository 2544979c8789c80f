package org.tributary.backend.tape;

import org.junit.jupiter.api.Test;
import org.tributary.backend.StorageException;
import org.tributary.backend.posix.PosixOptions;
import org.tributary.backend.tape.library.DriveFaults;
import org.tributary.backend.tape.library.TapeTime;

import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A second opener of a library that is in use is refused at start, naming the holder: two sets of drives on the same
 * cartridges would append behind each other's back. The lock is the OS's: closing the area (or the process dying)
 * frees it, and the library opens again with everything it held.
 */
class OneProcessDrivesALibraryTest {

    @Test
    void aLibraryInUseIsRefusedWithTheHolderAndFreedByClose() throws Exception {
        try (TapeArea area = TapeArea.create(o -> o).open()) {
            StorageException e = assertThrows(StorageException.class, () -> TapeSimBackend.open(area.options,
                    PosixOptions.defaults(), TapeTime.scaled(area.options.timeScale()), Clock.systemUTC(), DriveFaults.NONE));
            assertTrue(e.getMessage().contains("in use by another process (pid " + ProcessHandle.current().pid() + ")"),
                    e.getMessage());
            area.backend.close();
            area.open();
            assertTrue(area.backend.stat(org.tributary.backend.AreaPath.ROOT).isPresent());
        }
    }
}
