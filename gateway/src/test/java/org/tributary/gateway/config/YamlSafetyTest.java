package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The parser refuses YAML that is empty, ambiguous or hostile, with a message naming the source and line. */
class YamlSafetyTest {

    @Test
    void emptyFile() {
        assertEquals("test.yaml: the configuration is empty (or only comments); it needs at least a storage-areas"
                + " section, see packaging/examples/tributary.yaml", ConfigTestSupport.errorOf(""));
    }

    @Test
    void onlyComments() {
        assertEquals("test.yaml: the configuration is empty (or only comments); it needs at least a storage-areas"
                + " section, see packaging/examples/tributary.yaml", ConfigTestSupport.errorOf("""
                # server:
                #   bind: 0.0.0.0

                """));
    }

    @Test
    void noStorageAreas() {
        assertTrue(ConfigTestSupport.errorOf("server: {http: {port: 8080}}\n")
                .startsWith("storage-areas: at least one storage area is required"));
    }

    @Test
    void duplicateKeys() {
        assertEquals("test.yaml line 6, column 5: found duplicate key anonymous (YAML syntax)",
                ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "    anonymous: read\n    anonymous: none\n"));
    }

    @Test
    void syntaxErrorsNameTheLine() {
        String message = ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "    qos: [disk\n");
        assertTrue(message.startsWith("test.yaml line "), message);
        assertTrue(message.endsWith("(YAML syntax)"), message);
    }

    @Test
    void billionLaughsIsRefused() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            yaml.append("]\n");
        }
        String message = ConfigTestSupport.errorOf(yaml.toString());
        assertTrue(message.startsWith("test.yaml: Number of aliases for non-scalar nodes exceeds"), message);
    }

    @Test
    void javaObjectTagsAreRefused() {
        String message = ConfigTestSupport.errorOf("server: !!javax.script.ScriptEngineManager [x]\n");
        assertTrue(message.startsWith("test.yaml"), message);
    }

    @Test
    void aTopLevelListIsNotAConfiguration() {
        assertEquals("test.yaml: expected 'key: value' lines with the keys server and storage-areas at the top,"
                + " found a list", ConfigTestSupport.errorOf("- server\n"));
    }

    @Test
    void aScalarWhereASectionBelongs() {
        assertEquals("storage-areas[0].backend: expected a section of 'key: value' lines, found '/srv/data'",
                ConfigTestSupport.errorOf("""
                        storage-areas:
                          - name: data
                            access-points: [/data]
                            backend: /srv/data
                        """));
    }

    @Test
    void messagesAreOneLine() {
        String message = ConfigTestSupport.errorOf("server:\n  bind: [\n");
        assertTrue(!message.contains("\n"), message);
    }
}
