package org.tributary.backend.tape.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.tributary.backend.tape.model.DriveSpec;

/** The rules of {@link CartridgeScheduler}, one test each, in the order its javadoc lists them. */
class CartridgeSchedulerTest {

    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    private static final long GB = 1_000_000_000L;
    /** Ten minutes to ripen, 100 GB or 10 files make a queue worth a mount at once; an hour at most. */
    private static final CartridgeScheduler.Settings SETTINGS =
            new CartridgeScheduler.Settings(Duration.ofMinutes(10), 100 * GB, 10, Duration.ofHours(1));

    private final CartridgeScheduler scheduler = new CartridgeScheduler(DriveSpec.lto9(), SETTINGS);
    private long ids;

    private RecallJob submit(String cartridge, long position, String requester, Instant at) {
        return submit(cartridge, position, GB, requester, at);
    }

    private RecallJob submit(String cartridge, long position, long size, String requester, Instant at) {
        RecallJob job = new RecallJob(++ids, cartridge, position, size, at, requester);
        scheduler.submit(job);
        return job;
    }

    private Optional<RecallBatch> free(Instant now) { return scheduler.next(Optional.empty(), 0, Set.of(), now); }

    private static Instant later(Duration d) { return T0.plus(d); }

    @Test
    void aBatchIsEveryJobOfTheCartridgeInPositionOrder() {
        RecallJob c = submit("A", 300 * GB, "r", T0);
        RecallJob a = submit("A", 100 * GB, "r", T0);
        submit("B", 0, "r", T0.plusSeconds(1));
        RecallJob b = submit("A", 200 * GB, "r", T0.plusSeconds(2));

        RecallBatch batch = free(later(Duration.ofMinutes(10))).orElseThrow();

        assertEquals("A", batch.cartridge());
        assertEquals(List.of(a, b, c), batch.jobs());
        assertEquals(1, scheduler.waiting());
    }

    @Test
    void onTheMountedCartridgeTheSweepStartsAtTheHeadAndWrapsOnce() {
        RecallJob behind = submit("A", 10 * GB, "r", T0);
        RecallJob ahead2 = submit("A", 900 * GB, "r", T0);
        RecallJob ahead1 = submit("A", 500 * GB, "r", T0);

        RecallBatch batch = scheduler.next(Optional.of("A"), 400 * GB, Set.of(), T0).orElseThrow();

        assertEquals(List.of(ahead1, ahead2, behind), batch.jobs());
    }

    @Test
    void aDriveStaysOnItsCartridgeWhileItHasJobsEvenWhenAnotherQueueIsBigger() {
        for (int i = 0; i < 20; i++) submit("BIG", i * GB * 2, "r", T0);
        RecallJob one = submit("MOUNTED", 5 * GB, "r", T0.plusSeconds(5));

        RecallBatch batch = scheduler.next(Optional.of("MOUNTED"), 0, Set.of(), T0.plusSeconds(6)).orElseThrow();

        assertEquals(List.of(one), batch.jobs());
    }

    @Test
    void aYoungSmallQueueIsHeldBackUntilItHasWaitedMinAge() {
        submit("A", 0, "r", T0);
        submit("A", 10 * GB, "r", later(Duration.ofMinutes(4)));

        assertTrue(free(later(Duration.ofMinutes(9))).isEmpty(), "one minute too early");
        assertEquals(Optional.of(later(Duration.ofMinutes(10))), scheduler.retryAt(), "the drives are told when to ask again");
        assertEquals(2, free(later(Duration.ofMinutes(10))).orElseThrow().jobs().size());
        assertEquals(Optional.empty(), scheduler.retryAt(), "nothing left to wait for");
    }

    @Test
    void enoughFilesOrBytesMakeAQueueWorthAMountAtOnce() {
        for (int i = 0; i < 10; i++) submit("FILES", i * GB, "r", T0);
        submit("BYTES", 0, 100 * GB, "s", T0);
        submit("SMALL", 0, "t", T0);

        assertEquals("BYTES", free(T0).orElseThrow().cartridge(), "100 GB in one file: the most bytes go first");
        assertEquals("FILES", free(T0).orElseThrow().cartridge(), "ten files of 1 GB");
        assertTrue(free(T0).isEmpty(), "SMALL has one file and no age");
    }

    @Test
    void theRequesterThatReceivedLeastDriveTimeGoesFirst() {
        // "bulk" asks for three full cartridges before "small" asks for one file
        for (String c : List.of("B1", "B2", "B3")) for (int i = 0; i < 10; i++) submit(c, i * 10 * GB, "bulk", T0);
        Instant now = later(Duration.ofMinutes(20));
        submit("S1", 0, "small", now);
        now = now.plus(Duration.ofMinutes(10));

        assertEquals("B1", free(now).orElseThrow().cartridge(), "equal shares: the biggest queue, then by name");
        assertEquals("S1", free(now).orElseThrow().cartridge(), "bulk has had a drive; small has had none");
        assertEquals("B2", free(now).orElseThrow().cartridge());
    }

    @Test
    void aRequesterThatJoinsLateStartsAtTheLeastAnyWaitingRequesterReceived() {
        // "early" gets two cartridges' worth of drive time; "late" joins and must not overtake "early" for all that time
        for (String c : List.of("E1", "E2", "E3", "E4")) for (int i = 0; i < 10; i++) submit(c, i * 10 * GB, "early", T0);
        assertEquals("E1", free(T0).orElseThrow().cartridge());
        assertEquals("E2", free(T0).orElseThrow().cartridge());
        for (String c : List.of("L1", "L2")) for (int i = 0; i < 10; i++) submit(c, i * 10 * GB, "late", T0);

        assertEquals("E3", free(T0).orElseThrow().cartridge(), "late starts level with early: same bytes, the name decides");
        assertEquals("L1", free(T0).orElseThrow().cartridge(), "early has been charged for E3; late has had nothing");
    }

    @Test
    void aJobThatWaitedMaxWaitIsServedNextWhateverItCosts() {
        RecallJob old = submit("OLD", 0, "patient", T0);
        for (int i = 0; i < 20; i++) submit("MOUNTED", i * GB, "busy", later(Duration.ofMinutes(59)));

        RecallBatch batch = scheduler.next(Optional.of("MOUNTED"), 0, Set.of(), later(Duration.ofHours(1))).orElseThrow();

        assertEquals(List.of(old), batch.jobs(), "the drive leaves its cartridge for the overdue one");
    }

    @Test
    void aCartridgeAnotherDriveHoldsIsNotHandedOut() {
        for (int i = 0; i < 10; i++) submit("HELD", i * GB, "r", T0);
        submit("OLD", 0, "r", T0.minus(Duration.ofHours(2)));

        assertTrue(scheduler.next(Optional.empty(), 0, Set.of("HELD", "OLD"), T0).isEmpty());
        assertEquals("HELD", scheduler.next(Optional.of("HELD"), 0, Set.of("OLD"), T0).orElseThrow().cartridge(),
                "the drive that holds it reads it");
    }

    @Test
    void withdrawnJobsAreNeverHandedOut() {
        RecallJob gone = submit("A", 0, "r", T0);
        RecallJob kept = submit("A", GB * 3, "r", T0);

        assertTrue(scheduler.withdraw(gone.id()));
        assertFalse(scheduler.withdraw(gone.id()), "already withdrawn");
        assertFalse(scheduler.withdraw(999), "never submitted");
        assertEquals(List.of(kept), scheduler.next(Optional.of("A"), 0, Set.of(), T0).orElseThrow().jobs());
        assertFalse(scheduler.withdraw(kept.id()), "handed to a drive");
        assertEquals(0, scheduler.waiting());
    }

    @Test
    void aJobIdIsQueuedOnlyOnce() {
        RecallJob job = submit("A", 0, "r", T0);
        assertThrows(IllegalArgumentException.class, () -> scheduler.submit(job));
    }

    @Test
    void theSameSubmissionsGiveTheSameBatches() {
        List<String> first = drain(new CartridgeScheduler(DriveSpec.lto9(), SETTINGS));
        List<String> second = drain(new CartridgeScheduler(DriveSpec.lto9(), SETTINGS));
        assertEquals(first, second);
        assertEquals(List.of("C", "A", "B", "D"), first, "C: most bytes; then equal shares and bytes, by name");
    }

    private static List<String> drain(CartridgeScheduler s) {
        long id = 0;
        for (String c : List.of("D", "B", "A", "C")) {
            for (int i = 0; i < (c.equals("C") ? 12 : 10); i++) s.submit(new RecallJob(++id, c, i * GB, GB, T0, "r-" + c));
        }
        return Stream.generate(() -> s.next(Optional.empty(), 0, Set.of(), T0))
                .takeWhile(Optional::isPresent).map(b -> b.orElseThrow().cartridge()).toList();
    }

    @Test
    void scaledSettingsShortenTheWaitsNotTheAmounts() {
        CartridgeScheduler.Settings fast = SETTINGS.scaled(1000);
        assertEquals(new CartridgeScheduler.Settings(Duration.ofMillis(600), 100 * GB, 10, Duration.ofMillis(3600)), fast);
        assertThrows(IllegalArgumentException.class, () -> SETTINGS.scaled(0));
    }

    @Test
    void settingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new CartridgeScheduler.Settings(Duration.ofHours(2), 0, 0, Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> new CartridgeScheduler.Settings(Duration.ZERO, -1, 0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new CartridgeScheduler.Settings(Duration.ofMinutes(-1), 0, 0, Duration.ZERO));
    }
}
