package org.tributary.backend.tape;

import org.tributary.backend.AreaPath;
import org.tributary.backend.Locality;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.checksum.ChecksummingBackend;
import org.tributary.backend.contract.StorageBackendContract;
import org.tributary.backend.stack.PrefixedBackend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The StorageBackend contract on a QoS class of a tape area, stacked as the gateway stacks a class (issue 13): the
 * checksum layer over a {@link PrefixedBackend} view of the class directory {@code /cls} of the tape area. The area
 * also holds a file outside the class directory, which no rule may see or disturb.
 *
 * <p>What the class holds in the storage ({@link #rawEntries}) is the buffer's tree below the class directory. A view
 * keeps nothing of its own for an upload in progress and leaves the start-up sweep to the owner of the shared stack,
 * so the sweep rule is skipped here ({@link #leaveACrashedUpload} answers false); the tape area's own run covers it.
 */
class TapeSimClassViewContractTest extends StorageBackendContract {

    private static final AreaPath CLASS_DIRECTORY = AreaPath.parse("/cls");

    private final Map<StorageBackend, TapeArea> areas = new ConcurrentHashMap<>();

    @Override
    protected StorageBackend openEmptyArea() throws Exception {
        TapeArea a = TapeArea.create(o -> o.withEvictOnRelease(true)
                .withMigration(Duration.ofHours(1), 0, Duration.ZERO)).open();
        a.backend.createDirectory(CLASS_DIRECTORY);
        a.put("/outside", TapeArea.bytes(10, 1)); // another class's file: never seen through the view
        StorageBackend tested = new ChecksummingBackend(new PrefixedBackend(a.backend, CLASS_DIRECTORY),
                List.of(ChecksumAlgorithm.ADLER32, ChecksumAlgorithm.MD5));
        areas.put(tested, a);
        return tested;
    }

    @Override
    protected void closeArea(StorageBackend backend) throws Exception {
        TapeArea a = areas.remove(backend);
        try {
            if (!java.util.Arrays.equals(TapeArea.bytes(10, 1), a.read("/outside"))) {
                throw new AssertionError("a rule through the view changed a file outside the class directory");
            }
        } finally {
            a.close();
        }
    }

    private Path classRoot(StorageBackend backend) {
        return areas.get(backend).options.buffer().resolve(CLASS_DIRECTORY.toString().substring(1));
    }

    @Override
    protected Set<String> rawEntries(StorageBackend backend) throws Exception {
        Path root = classRoot(backend);
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(x -> !x.equals(root))
                    .map(x -> root.relativize(x) + (Files.isDirectory(x) ? "/" : ""))
                    .collect(Collectors.toSet());
        }
    }

    @Override
    protected boolean leaveACrashedUpload(StorageBackend backend, AreaPath path, byte[] partial) {
        return false;
    }

    @Override
    protected boolean writeBehindTheBackend(StorageBackend backend, AreaPath path, byte[] content) throws Exception {
        Path host = classRoot(backend).resolve(path.toString().substring(1));
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
        String shared = path.rebase(AreaPath.ROOT, CLASS_DIRECTORY).toString();
        a.clock.advance(Duration.ofHours(2));
        a.evict(shared);
        return a.locality(shared) == Locality.TAPE;
    }

    @Override
    protected boolean isLayerAttribute(String key) {
        return key.startsWith("tributary.checksum.");
    }

    @Override
    protected boolean verifiesDeclaredDigests() {
        return true;
    }
}
