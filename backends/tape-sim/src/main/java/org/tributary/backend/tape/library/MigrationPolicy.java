package org.tributary.backend.tape.library;

import org.tributary.backend.tape.catalogue.Catalogue;
import org.tributary.backend.tape.catalogue.FileRecord;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which files go to tape next, and onto which cartridge. A file is a candidate once it is {@code migrateAfter} old
 * (since its commit). Candidates are grouped by their collocation key (docs/tape.md: the {@code collocation} member of
 * the ArchiveMetadata JSON, "" without one); each group writes to cartridges of its own, so one group's files are
 * together and never share a cartridge with another group. A group is written once it has {@code batchBytes} of
 * candidates, or once its oldest candidate has waited {@code maxDelay} more (so a small group does not wait for ever);
 * a batch fills at most the rest of one cartridge.
 *
 * <p>A file placed on a placement with tape (PlacementControl: TAPE or DISK_AND_TAPE) does not wait for
 * {@code migrateAfter}: it is a candidate from its placement (or from its commit, for a new version of a placed path),
 * and still waits for its group's batch or {@code maxDelay}, so explicit placements are batched like everything else.
 * A file placed on DISK is never a candidate.
 */
public final class MigrationPolicy {

    /** One drive's migration work: these files, appended to this cartridge. */
    public record Batch(String cartridge, List<FileRecord> files) { }

    private static final int CANDIDATES = 1000;

    /**
     * The policy's settings (the area's {@code migrate-*} keys and the drive's cartridge capacity).
     *
     * @param migrateAfter      a file is a candidate once this old
     * @param batchBytes        a collocation group is written once it has this many bytes of candidates ...
     * @param maxDelay          ... or once its oldest candidate has waited this much longer
     * @param cartridgeCapacity bytes one cartridge holds
     */
    public record Rules(Duration migrateAfter, long batchBytes, Duration maxDelay, long cartridgeCapacity) { }

    private final Catalogue catalogue;
    private final Rules rules;

    public MigrationPolicy(Catalogue catalogue, Rules rules) {
        this.catalogue = catalogue;
        this.rules = rules;
    }

    /**
     * The next batch, skipping files in {@code excluded} (being written by another drive, or refused) and cartridges in
     * {@code busy} (in another drive); empty when no group is due.
     */
    public Optional<Batch> next(Instant now, Set<String> excluded, Set<String> busy) throws IOException {
        Map<String, List<FileRecord>> groups = new LinkedHashMap<>();
        for (FileRecord f : catalogue.migrationCandidates(now.minus(rules.migrateAfter()), CANDIDATES)) {
            if (!excluded.contains(f.path())) groups.computeIfAbsent(f.collocation(), k -> new ArrayList<>()).add(f);
        }
        for (var g : groups.entrySet()) {
            List<FileRecord> files = g.getValue();
            long bytes = files.stream().mapToLong(FileRecord::size).sum();
            Instant oldest = files.stream().map(this::candidateSince).min(Instant::compareTo).orElseThrow();
            boolean overdue = !oldest.plus(rules.maxDelay()).isAfter(now);
            if (bytes < rules.batchBytes() && !overdue) continue;
            long first = files.getFirst().size();
            if (first > rules.cartridgeCapacity()) continue; // never fits: stays on disk (docs/tape.md)
            Optional<String> cart = catalogue.cartridgeWithRoom(g.getKey(), first, rules.cartridgeCapacity());
            if (cart.isPresent() && busy.contains(cart.get())) continue;
            String id = cart.isPresent() ? cart.get() : catalogue.newCartridge(g.getKey());
            long room = rules.cartridgeCapacity() - catalogue.used(id);
            List<FileRecord> batch = new ArrayList<>();
            for (FileRecord f : files) {
                if (f.size() > room) break;
                batch.add(f);
                room -= f.size();
            }
            return Optional.of(new Batch(id, batch));
        }
        return Optional.empty();
    }

    /** When a file became a candidate: {@code migrateAfter} after its commit, or sooner once placed onto tape. */
    private Instant candidateSince(FileRecord f) {
        Instant byAge = f.written().plus(rules.migrateAfter());
        if (f.placement().isEmpty() || !f.placement().get().onTape()) return byAge;
        Instant placed = f.placed().filter(t -> t.isAfter(f.written())).orElse(f.written());
        return placed.isBefore(byAge) ? placed : byAge;
    }
}
