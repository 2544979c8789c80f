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
 */
public final class MigrationPolicy {

    /** One drive's migration work: these files, appended to this cartridge. */
    public record Batch(String cartridge, List<FileRecord> files) { }

    private static final int CANDIDATES = 1000;

    private final Catalogue catalogue;
    private final Duration migrateAfter;
    private final long batchBytes;
    private final Duration maxDelay;
    private final long cartridgeCapacity;

    public MigrationPolicy(Catalogue catalogue, Duration migrateAfter, long batchBytes, Duration maxDelay,
                           long cartridgeCapacity) {
        this.catalogue = catalogue;
        this.migrateAfter = migrateAfter;
        this.batchBytes = batchBytes;
        this.maxDelay = maxDelay;
        this.cartridgeCapacity = cartridgeCapacity;
    }

    /**
     * The next batch, skipping files in {@code excluded} (being written by another drive, or refused) and cartridges in
     * {@code busy} (in another drive); empty when no group is due.
     */
    public Optional<Batch> next(Instant now, Set<String> excluded, Set<String> busy) throws IOException {
        Map<String, List<FileRecord>> groups = new LinkedHashMap<>();
        for (FileRecord f : catalogue.migrationCandidates(now.minus(migrateAfter), CANDIDATES)) {
            if (!excluded.contains(f.path())) groups.computeIfAbsent(f.collocation(), k -> new ArrayList<>()).add(f);
        }
        for (var g : groups.entrySet()) {
            List<FileRecord> files = g.getValue();
            long bytes = files.stream().mapToLong(FileRecord::size).sum();
            boolean overdue = !files.getFirst().written().plus(migrateAfter).plus(maxDelay).isAfter(now);
            if (bytes < batchBytes && !overdue) continue;
            long first = files.getFirst().size();
            if (first > cartridgeCapacity) continue; // never fits: stays on disk (docs/tape.md)
            Optional<String> cart = catalogue.cartridgeWithRoom(g.getKey(), first, cartridgeCapacity);
            if (cart.isPresent() && busy.contains(cart.get())) continue;
            String id = cart.isPresent() ? cart.get() : catalogue.newCartridge(g.getKey());
            long room = cartridgeCapacity - catalogue.used(id);
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
}
