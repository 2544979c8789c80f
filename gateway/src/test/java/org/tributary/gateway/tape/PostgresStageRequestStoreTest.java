package org.tributary.gateway.tape;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.config.TapeRestConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store contract on a real PostgreSQL server ({@link PostgresServer}), and two stores sharing one database. */
class PostgresStageRequestStoreTest extends StageRequestStoreContract {

    static PostgresServer pg;

    @BeforeAll
    static void startServer() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (pg != null) pg.close();
    }

    /** The database of the running test: each test gets a fresh one. */
    String url;

    @Override
    StageRequestStore open() throws Exception {
        url = pg.freshDatabase();
        return JdbcStageRequestStore.postgresql(url, PostgresServer.USER, null);
    }

    @Test
    void theConfigurationOpensTheStoreWithItsPasswordFile(@TempDir Path dir)
            throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "secret\nignored second line\n");
        var config = new TapeRestConfig.Store(
                TapeRestConfig.StoreType.POSTGRESQL, null, url, PostgresServer.USER, pw);
        try (StageRequestStore s = JdbcStageRequestStore.open(config)) {
            StageRequest r = request(T0, Duration.ofDays(1), "/tape/a");
            s.add(r);
            assertEquals(Optional.of(r), store.find(r.id(), T0));
        }
        var missing = new TapeRestConfig.Store(
                TapeRestConfig.StoreType.POSTGRESQL, null, url, PostgresServer.USER,
                dir.resolve("no-such-file"));
        IOException e = assertThrows(IOException.class,
                () -> JdbcStageRequestStore.open(missing));
        assertTrue(e.getMessage().startsWith("tape-rest.store.password-file: cannot read"),
                e.getMessage());
    }

    @Test
    void twoStoresOnOneDatabaseSeeEachOthersRequests() throws Exception {
        try (StageRequestStore other = JdbcStageRequestStore.postgresql(url, PostgresServer.USER, null)) {
            StageRequest r = request(T0, Duration.ofDays(1), "/tape/a");
            store.add(r);
            assertEquals(Optional.of(r), other.find(r.id(), T0));
            other.cancel(r.id(), List.of("/tape/a"), T0.plusSeconds(3));
            assertEquals(Optional.of(T0.plusSeconds(3)), store.find(r.id(), T0).orElseThrow().files().getFirst().cancelledAt());
        }
    }
}
