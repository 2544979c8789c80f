package org.tributary.bench.recall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.tape.model.DriveSpec;

/** A trace written to a file reads back the same and replays to the same figures; a bad file names its bad line. */
class TraceFileTest {

    @TempDir
    Path dir;

    @Test
    void aWrittenTraceReplaysToTheSameFigures() throws IOException {
        RecallSimulator simulator = new RecallSimulator(DriveSpec.lto9());
        for (Trace trace : TraceGenerator.all(RecallSim.SEED)) {
            Path file = dir.resolve(trace.name() + ".trace");
            trace.write(file);
            Trace read = Trace.read(file);
            assertEquals(trace, read);
            assertEquals(simulator.run(trace, Policy.FIFO.scheduler().get()), simulator.run(read, Policy.FIFO.scheduler().get()));
        }
    }

    @Test
    void aBadLineIsNamed() throws IOException {
        assertRefused(Trace.MAGIC + "\nname\tx\ndrives\t2\n0\tr\tC1\t0\t10\n5\tr\tC1\tten\t10\n", "line 5");
    }

    @Test
    void recallsOutOfTimeOrderAreRefused() throws IOException {
        assertRefused(Trace.MAGIC + "\nname\tx\ndrives\t2\n9\tr\tC1\t0\t10\n5\tr\tC1\t20\t10\n", "time order");
    }

    private void assertRefused(String content, String reason) throws IOException {
        Path file = dir.resolve("bad.trace");
        Files.writeString(file, content);
        IOException e = assertThrows(IOException.class, () -> Trace.read(file));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void aFileThatIsNoTraceIsRefused() throws IOException {
        Path file = dir.resolve("other.txt");
        Files.writeString(file, "hello\n");
        assertThrows(IOException.class, () -> Trace.read(file));
    }
}
