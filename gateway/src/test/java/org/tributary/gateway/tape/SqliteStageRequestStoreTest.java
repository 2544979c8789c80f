package org.tributary.gateway.tape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store contract on SQLite (the default), and that the file keeps the requests when the store is reopened. */
class SqliteStageRequestStoreTest extends StageRequestStoreContract {

    @TempDir
    Path dir;

    @Override
    StageRequestStore open() throws Exception {
        return JdbcStageRequestStore.sqlite(dir.resolve("state/stage-requests.db"));
    }

    @Test
    void aStateDirectoryThatCannotBeMadeIsNamedInTheError() throws Exception {
        Files.writeString(dir.resolve("taken"), "a file where the directory should be");
        IOException e = assertThrows(IOException.class,
                () -> JdbcStageRequestStore.sqlite(dir.resolve("taken/stage-requests.db")));
        assertTrue(e.getMessage().startsWith("tape-rest.state-directory: cannot create "
                + dir.resolve("taken")), e.getMessage());
    }

    @Test
    void requestsOutliveTheStore() throws Exception {
        StageRequest r = request(T0, Duration.ofDays(1), "/tape/a", "/nowhere/b");
        store.add(r);
        store.close();
        store = open();
        assertEquals(r, store.find(r.id(), T0).orElseThrow());
    }
}
