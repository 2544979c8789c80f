package org.tributary.gateway.tape;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void twoStoresOnOneDatabaseSeeEachOthersRequests() throws Exception {
        try (StageRequestStore other = JdbcStageRequestStore.postgresql(url, PostgresServer.USER, null)) {
            StageRequest r = request(T0, Duration.ofDays(1), "/tape/a");
            store.add(r);
            assertEquals(Optional.of(r), other.find(r.id(), T0));
            other.cancel(r.id(), java.util.List.of("/tape/a"), T0.plusSeconds(3));
            assertEquals(Optional.of(T0.plusSeconds(3)), store.find(r.id(), T0).orElseThrow().files().getFirst().cancelledAt());
        }
    }
}
