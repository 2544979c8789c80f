package org.tributary.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * Base for test classes that need one default gateway (area "data" at /data, anonymous read-write) for the whole
 * class: started before the first test, stopped after the last. Test classes run one after another, so the static
 * fields belong to the class that is running.
 */
public abstract class DefaultGatewayTest {

    @TempDir
    protected static Path dir;
    protected static TestGateway gw;

    @BeforeAll
    static void startDefaultGateway() throws Exception {
        gw = TestGateway.startDefault(dir);
    }

    @AfterAll
    static void stopDefaultGateway() throws Exception {
        gw.close();
    }
}
