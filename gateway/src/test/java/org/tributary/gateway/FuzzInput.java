package org.tributary.gateway;

import org.tributary.gateway.http.HttpError;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Fuzz inputs as readable text: the first {@code n - 1} lines are fields, the rest is the last field. The committed
 * corpus (src/test/resources/.../*FuzzTestInputs/) can then be read and written by hand (docs/security-testing.md).
 */
public final class FuzzInput {

    private FuzzInput() { }

    /** Exactly {@code n} fields; missing ones are empty. Bytes that are not UTF-8 become U+FFFD. */
    public static String[] fields(byte[] data, int n) {
        String s = new String(data, StandardCharsets.UTF_8);
        String[] out = new String[n];
        Arrays.fill(out, "");
        for (int i = 0; i < n - 1; i++) {
            int nl = s.indexOf('\n');
            if (nl < 0) {
                out[i] = s;
                return out;
            }
            out[i] = s.substring(0, nl);
            s = s.substring(nl + 1);
        }
        out[n - 1] = s;
        return out;
    }

    /** A refusal must be what the pipeline turns into a clear client error: 4xx with a one-line reason. */
    public static void assertCleanRefusal(HttpError e) {
        assertFalse(e.status() < 400 || e.status() > 499, "refusal with status " + e.status());
        assertNotNull(e.getMessage(), "refusal without a reason");
        assertFalse(e.getMessage().isBlank(), "refusal with a blank reason");
        assertEquals(-1, e.getMessage().indexOf('\n'), "reason of more than one line: " + e.getMessage());
    }
}
