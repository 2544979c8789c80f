package org.tributary.backend.tape;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.placement.Placement;
import org.tributary.backend.placement.PlacementControl;
import org.tributary.backend.placement.PlacementTarget;
import org.tributary.backend.staging.StageProgress;
import org.tributary.backend.tape.catalogue.Catalogue;
import org.tributary.backend.tape.catalogue.FileRecord;
import org.tributary.backend.tape.library.PathStripes;

import java.io.IOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@link PlacementControl} of a tape area (issue 13): the target is a column of the file's catalogue row, which
 * migration ({@code MigrationPolicy}) and eviction ({@code BufferSpace}) follow; this class records it and starts what
 * it needs at once (docs/tape.md, "Placement and QoS"):
 * <ul>
 *   <li>DISK: never migrated, never evicted; a file on tape only is recalled and kept.</li>
 *   <li>DISK_AND_TAPE: migrated without waiting for {@code migrate-after}, never evicted; recalled if on tape only.</li>
 *   <li>TAPE: migrated without waiting for {@code migrate-after}, and its disk copy goes as soon as it is on tape and
 *       no stage pin holds it.</li>
 *   <li>Never placed: the area's migration options (migrated {@code migrate-after} after its commit, evicted least
 *       recently used under pressure); {@link #target} says TAPE, the promise that eventually holds.</li>
 * </ul>
 * A recall a placement starts belongs to the backend ({@link TapeSimBackend#PLACEMENT_REQUESTER}), not to a client.
 */
final class TapePlacement implements PlacementControl {

    private final AreaParts area;

    TapePlacement(AreaParts area) {
        this.area = area;
    }

    @Override
    public Set<Placement> supported() {
        return EnumSet.allOf(Placement.class);
    }

    @Override
    public void place(AreaPath file, PlacementTarget target) throws IOException {
        if (target.storageClass().isPresent()) {
            throw new StorageException(Kind.UNSUPPORTED, "a tape area has no storage classes of its own (asked for "
                    + target.storageClass().get() + "): name only the placement");
        }
        EntryInfo e = fileAt(file);
        String path = file.toString();
        Placement placement = target.placement();
        Instant now = area.clock().instant();
        boolean[] recall = {false};
        boolean[] withdraw = {false};
        Catalogue c = area.catalogue();
        String mine = TapeSimBackend.PLACEMENT_REQUESTER;
        try (PathStripes.Held held = area.stripes().lock(path)) {
            c.inTransaction(() -> {
                if (c.file(path).isEmpty()) {
                    // written behind the gateway's back, so never recorded: placing it makes it a file of the area
                    c.written(path, e.size(), e.modified(), e.changeStamp(), "", now);
                }
                c.place(path, placement, now);
                FileRecord r = c.file(path).orElseThrow();
                Optional<StageProgress> before = c.progress(mine, path);
                boolean under = before.isPresent() && !before.get().state().terminal();
                if (placement != Placement.TAPE && !r.onDisk() && !r.lost()) {
                    if (!under) c.setProgress(mine, path, StageProgress.queued());
                    recall[0] = true;
                } else if (placement == Placement.TAPE && under) {
                    // a recall an earlier placement asked for is not wanted any more, unless a client waits for it
                    c.setProgress(mine, path, StageProgress.cancelled(now));
                    withdraw[0] = !c.awaited(path);
                }
            });
        }
        // after the commit: a drive must find the rows the transaction wrote
        if (recall[0]) area.library().recall(path, TapeSimBackend.PLACEMENT_REQUESTER);
        if (withdraw[0]) area.library().withdraw(path);
        if (placement.onTape()) area.library().wake(); // a free drive looks at the migration policy now
        if (placement == Placement.TAPE) area.space().evictIfUnpinned(path);
        area.space().changed();
    }

    @Override
    public PlacementTarget target(AreaPath file) throws IOException {
        fileAt(file);
        Optional<FileRecord> r = area.catalogue().file(file.toString());
        // a file the catalogue never saw (written behind the gateway's back) is kept on disk and never migrated
        if (r.isEmpty()) return PlacementTarget.of(Placement.DISK);
        return PlacementTarget.of(r.get().placement().orElse(Placement.TAPE));
    }

    private EntryInfo fileAt(AreaPath file) throws IOException {
        EntryInfo e = area.buffer().stat(file).orElseThrow(() -> StorageException.notFound(file));
        if (!e.isFile()) {
            throw new StorageException(Kind.CONFLICT, file + " is a collection: only files have a placement");
        }
        return e;
    }
}
