package org.tributary.gateway.tape;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tributary.backend.AreaPath;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of {@link StageRequestStore}, run against each database (SQLite, PostgreSQL). */
abstract class StageRequestStoreContract {

    static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");

    StageRequestStore store;

    abstract StageRequestStore open() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = open();
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) store.close();
    }

    static StageRequest request(Instant created, Duration life, String... paths) {
        List<StageRequest.File> files = new ArrayList<>();
        for (String p : paths) {
            boolean inArea = p.startsWith("/tape/");
            files.add(new StageRequest.File(p, inArea ? Optional.of("tape") : Optional.empty(),
                    inArea ? AreaPath.parse(p.substring(5)) : null, created.plus(Duration.ofHours(1)),
                    inArea ? Optional.empty() : Optional.of("in no area"), Optional.empty()));
        }
        return new StageRequest(UUID.randomUUID().toString(), created, created.plus(life), files);
    }

    @Test
    void aStoredRequestComesBackWithEveryField() throws Exception {
        StageRequest r = request(T0, Duration.ofDays(1), "/tape/a", "/tape/dir/b c", "/nowhere/x");
        store.add(r);
        assertEquals(Optional.of(r), store.find(r.id(), T0.plusSeconds(1)));
    }

    @Test
    void anExpiredRequestIsAbsentBeforeAndAfterTheSweep() throws Exception {
        StageRequest old = request(T0, Duration.ofHours(1), "/tape/a");
        StageRequest young = request(T0, Duration.ofHours(3), "/tape/a");
        store.add(old);
        store.add(young);
        Instant later = T0.plus(Duration.ofHours(2));
        assertTrue(store.find(old.id(), later).isEmpty());
        assertEquals(1, store.removeExpired(later));
        assertTrue(store.find(old.id(), T0).isEmpty(), "removed for good");
        assertTrue(store.find(young.id(), later).isPresent());
    }

    @Test
    void cancelMarksOnlyTheNamedFilesAndKeepsTheFirstTime() throws Exception {
        StageRequest r = request(T0, Duration.ofDays(1), "/tape/a", "/tape/b");
        store.add(r);
        store.cancel(r.id(), List.of("/tape/a"), T0.plusSeconds(5));
        store.cancel(r.id(), List.of("/tape/a"), T0.plusSeconds(9));
        List<StageRequest.File> files = store.find(r.id(), T0).orElseThrow().files();
        assertEquals(Optional.of(T0.plusSeconds(5)), files.get(0).cancelledAt());
        assertEquals(Optional.empty(), files.get(1).cancelledAt());
    }

    @Test
    void removeForgetsTheRequestOnce() throws Exception {
        StageRequest r = request(T0, Duration.ofDays(1), "/tape/a");
        store.add(r);
        assertTrue(store.remove(r.id()));
        assertFalse(store.remove(r.id()));
        assertTrue(store.find(r.id(), T0).isEmpty());
    }

    @Test
    void addIsAllOrNothing() throws Exception {
        StageRequest r = request(T0, Duration.ofDays(1), "/tape/a");
        store.add(r);
        StageRequest again = new StageRequest(r.id(), T0, T0.plusSeconds(60), request(T0, Duration.ofDays(1),
                "/tape/other").files());
        assertThrows(IOException.class, () -> store.add(again));
        assertEquals(Optional.of(r), store.find(r.id(), T0), "the first request is untouched");
    }

    @Test
    void forEachUnexpiredVisitsTheLiveRequestsInOrder() throws Exception {
        StageRequest a = request(T0, Duration.ofDays(1), "/tape/a");
        StageRequest b = request(T0.plusSeconds(1), Duration.ofDays(1), "/tape/b");
        StageRequest gone = request(T0, Duration.ofMinutes(1), "/tape/c");
        store.add(a);
        store.add(b);
        store.add(gone);
        List<StageRequest> seen = new ArrayList<>();
        store.forEachUnexpired(T0.plusSeconds(120), seen::add);
        assertEquals(List.of(a, b), seen);
    }

    @Test
    void twoThousandFilesGoInAndComeBack() throws Exception {
        String[] paths = new String[2000];
        for (int i = 0; i < paths.length; i++) paths[i] = "/tape/bulk/f" + i;
        StageRequest r = request(T0, Duration.ofDays(1), paths);
        store.add(r);
        assertEquals(r, store.find(r.id(), T0).orElseThrow());
    }
}
