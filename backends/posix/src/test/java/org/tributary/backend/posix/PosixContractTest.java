package org.tributary.backend.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.contract.StorageBackendContract;

/**
 * The StorageBackend contract on a directory of the machine's file system (real renames, fsync; attributes in user
 * xattrs where the file system has them). {@link PosixSidecarContractTest} runs it again with every attribute in
 * side-car files.
 */
class PosixContractTest extends StorageBackendContract {

    private final Map<StorageBackend, Area> areas = new ConcurrentHashMap<>();

    PosixOptions options() {
        return PosixOptions.defaults();
    }

    /** What is tested on top of the backend: nothing here, layers in subclasses. */
    StorageBackend stack(PosixBackend backend) {
        return backend;
    }

    /** Where a path of the tested stack is in the area (a view of a directory shows it under that directory). */
    String areaPath(AreaPath path) {
        return path.toString();
    }

    @Override
    protected StorageBackend openEmptyArea() throws IOException {
        Area a = Area.open(Area.Kind.REAL, options());
        StorageBackend tested = stack(a.backend);
        areas.put(tested, a);
        return tested;
    }

    @Override
    protected void closeArea(StorageBackend backend) throws IOException {
        areas.remove(backend).close();
    }

    /** Every path below the root, internal files included, links not followed; collections end in '/'. */
    @Override
    protected Set<String> rawEntries(StorageBackend backend) throws IOException {
        Path root = areas.get(backend).root;
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(x -> !x.equals(root))
                    .map(x -> root.relativize(x) + (Files.isDirectory(x) ? "/" : ""))
                    .collect(Collectors.toSet());
        }
    }

    @Override
    protected boolean writeBehindTheBackend(StorageBackend backend, AreaPath path, byte[] content) throws IOException {
        Path host = areas.get(backend).host(areaPath(path));
        Files.createDirectories(host.getParent());
        Files.write(host, content);
        return true;
    }

    /** The host directory of the area: no message may name it. */
    @Override
    protected Optional<String> storageLocation(StorageBackend backend) {
        return Optional.of(areas.get(backend).backend.root().toString());
    }

    /** A crashed upload leaves its temporary beside the target, named as PosixBackend.beginWrite names it. */
    @Override
    protected boolean leaveACrashedUpload(StorageBackend backend, AreaPath path, byte[] partial) throws IOException {
        Path dir = areas.get(backend).host(areaPath(path.parent()));
        Files.createDirectories(dir);
        Files.write(dir.resolve(InternalNames.temporary(path.name())), partial);
        return true;
    }
}
