package org.tributary.gateway.cli;

import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliOptionsTest {

    @Test
    void aTableLineWithAnArgumentNameTakesOneValueAndOneWithoutIsAFlag() throws ParseException {
        Options o = CliOptions.table("""
                --config FILE     YAML configuration file
                --es256           sign with the EC key (two  spaces  inside are kept)
                """);
        Option config = o.getOption("config");
        assertTrue(config.hasArg());
        assertEquals("FILE", config.getArgName());
        assertEquals("YAML configuration file", config.getDescription());
        Option es = o.getOption("es256");
        assertFalse(es.hasArg());
        assertEquals("sign with the EC key (two  spaces  inside are kept)", es.getDescription());

        var cl = new DefaultParser().parse(o, new String[] {"--config", "a.yaml", "--es256", "rest"});
        assertEquals("a.yaml", cl.getOptionValue("config"));
        assertTrue(cl.hasOption("es256"));
        assertEquals("rest", cl.getArgList().getFirst());
        assertThrows(UnrecognizedOptionException.class,
                () -> new DefaultParser().parse(o, new String[] {"--root", "x"}));
    }

    @Test
    void aLineNotInTheTableFormIsRefusedWithTheLine() {
        for (String bad : new String[] {"--config FILE", "config FILE   what", "--   what", "--a B C   what"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> CliOptions.table(bad));
            assertTrue(e.getMessage().contains(bad.strip()), e.getMessage());
        }
    }

    @Test
    void everyCommandsTableParses() {
        assertEquals("ADDR", Main.serveOptions().getOption("bind").getArgName());
        assertTrue(TokenCommands.explainOptions().hasLongOption("destination"));
        assertTrue(TokenCommands.devTokenOptions().hasLongOption("scitoken"));
        assertFalse(TokenCommands.devTokenOptions().getOption("scitoken").hasArg());
    }
}
