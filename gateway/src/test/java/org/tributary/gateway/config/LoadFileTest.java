package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the file itself: missing, not text, and the example shipped with the package. */
class LoadFileTest {

    @TempDir
    Path dir;

    @Test
    void missingFile() {
        Path file = dir.resolve("tributary.yaml");
        assertEquals(file + ": configuration file does not exist",
                assertThrows(ConfigException.class, () -> GatewayConfig.load(file)).getMessage());
    }

    @Test
    void notUtf8() throws Exception {
        Path file = Files.write(dir.resolve("tributary.yaml"), new byte[] {'a', ':', ' ', (byte) 0xff, '\n'});
        assertEquals(file + ": configuration file is not UTF-8 text",
                assertThrows(ConfigException.class, () -> GatewayConfig.load(file)).getMessage());
    }

    @Test
    void syntaxErrorsNameTheFile() throws Exception {
        Path file = Files.writeString(dir.resolve("tributary.yaml"), "server:\n  bind: [\n");
        assertTrue(assertThrows(ConfigException.class, () -> GatewayConfig.load(file)).getMessage()
                .startsWith(file + " line "));
    }

    @Test
    void theShippedExampleIsValid() throws Exception {
        // Surefire runs in the module directory; the example lives in packaging/.
        Path example = Path.of("..", "packaging", "examples", "tributary.yaml");
        GatewayConfig config = GatewayConfig.load(example);
        assertEquals("data", config.areas().getFirst().name());
    }
}
