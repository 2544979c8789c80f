package org.tributary.gateway.tape;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Base for test classes that share one default {@link TapeGateway} (a real tape-sim area and a disk area) for the whole
 * class: started before the first test, stopped after the last (as {@code DefaultGatewayTest} does for a disk area).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DefaultTapeGatewayTest {

    @TempDir
    static Path dir;
    TapeGateway gw;

    @BeforeAll
    void startTapeGateway() throws Exception {
        gw = TapeGateway.start(dir);
    }

    @AfterAll
    void stopTapeGateway() throws Exception {
        gw.close();
    }
}
