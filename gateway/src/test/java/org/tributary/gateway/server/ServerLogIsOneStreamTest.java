package org.tributary.gateway.server;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.tributary.gateway.CapturedStderr;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server log is one stream in one format on stderr: our SLF4J lines and the System.Logger calls of the backends
 * (which have no logging dependency) both go through the SLF4J provider; nothing is printed around it.
 */
class ServerLogIsOneStreamTest {

    @Test
    void systemLoggerCallsArriveThroughSlf4j() {
        try (CapturedStderr err = new CapturedStderr()) {
            System.getLogger("org.tributary.backend.posix.Example").log(System.Logger.Level.WARNING,
                    "ignoring side-car {0}", "/x");
            LoggerFactory.getLogger("org.tributary.gateway.Example").info("stale temporaries removed");
            String text = err.text();
            assertTrue(text.matches("(?s).*\\d{4}-\\d\\d-\\d\\dT\\S+ WARN Example - ignoring side-car /x\n.*"), text);
            assertTrue(text.matches("(?s).*\\d{4}-\\d\\d-\\d\\dT\\S+ INFO Example - stale temporaries removed\n.*"), text);
        }
    }
}
