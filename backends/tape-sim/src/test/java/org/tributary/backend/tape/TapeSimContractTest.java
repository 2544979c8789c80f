package org.tributary.backend.tape;

import org.tributary.backend.AreaPath;
import org.tributary.backend.Locality;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.contract.StorageBackendContract;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The StorageBackend contract on a simulated tape area: the first backend that really takes files offline, so the
 * suite's offline rules run here ({@link #takeOffline}: migrated by the library, then evicted by a release).
 * Migration waits an hour of the area's clock, so that no background write to tape runs under the other rules;
 * {@link #takeOffline} moves the clock on.
 *
 * <p>What the area holds in the storage ({@link #rawEntries}) is the buffer's tree. Tape copies are left out: as on a
 * real library, a deleted file's copy stays on its cartridge until the cartridge is reclaimed (not modelled).
 */
class TapeSimContractTest extends StorageBackendContract {

    private final Map<StorageBackend, TapeArea> areas = new ConcurrentHashMap<>();

    /** What is tested on top of the tape backend: nothing here, the checksum layer in a subclass. */
    StorageBackend stack(TapeSimBackend backend) {
        return backend;
    }

    @Override
    protected StorageBackend openEmptyArea() throws Exception {
        TapeArea a = TapeArea.create(o -> o.withEvictOnRelease(true)
                .withMigration(Duration.ofHours(1), 0, Duration.ZERO)).open();
        StorageBackend tested = stack(a.backend);
        areas.put(tested, a);
        return tested;
    }

    @Override
    protected void closeArea(StorageBackend backend) throws Exception {
        areas.remove(backend).close();
    }

    @Override
    protected Set<String> rawEntries(StorageBackend backend) throws Exception {
        Path root = areas.get(backend).options.buffer();
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(x -> !x.equals(root))
                    .map(x -> root.relativize(x) + (Files.isDirectory(x) ? "/" : ""))
                    .collect(Collectors.toSet());
        }
    }

    /** An upload begun and never finished: its process died holding it. */
    @Override
    @SuppressWarnings("resource")
    protected boolean leaveACrashedUpload(StorageBackend backend, AreaPath path, byte[] partial) throws Exception {
        PendingWrite w = backend.beginWrite(path, WriteOptions.defaults());
        w.write(ByteBuffer.wrap(partial));
        return true;
    }

    @Override
    protected boolean writeBehindTheBackend(StorageBackend backend, AreaPath path, byte[] content) throws Exception {
        Path host = areas.get(backend).options.buffer().resolve(path.toString().substring(1));
        Files.createDirectories(host.getParent());
        Files.write(host, content);
        return true;
    }

    @Override
    protected Optional<String> storageLocation(StorageBackend backend) {
        return Optional.of(areas.get(backend).options.buffer().toString());
    }

    @Override
    protected boolean takeOffline(StorageBackend backend, AreaPath path) throws Exception {
        TapeArea a = areas.get(backend);
        a.clock.advance(Duration.ofHours(2));
        a.evict(path.toString());
        return a.locality(path.toString()) == Locality.TAPE;
    }
}
