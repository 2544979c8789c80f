package org.tributary.backend.posix;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Listing;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.WriteOptions;

/** A backend on a fresh root of one kind, plus helpers; close() removes it. */
final class Area implements AutoCloseable {

    enum Kind {
        /** The machine's file system under java.io.tmpdir: real renames, fsync, xattrs (ext4 here), symlinks. */
        REAL,
        /** Jimfs with only the "basic" view: no xattrs, everything in side-cars. */
        JIMFS_PLAIN,
        /** Jimfs with the "user" view: xattrs without kernel size limits. */
        JIMFS_XATTR
    }

    final Kind kind;
    final Path root;
    final PosixBackend backend;
    private final FileSystem jimfs;
    private final Path cleanup;

    private Area(Kind kind, Path root, PosixBackend backend, FileSystem jimfs, Path cleanup) {
        this.kind = kind;
        this.root = root;
        this.backend = backend;
        this.jimfs = jimfs;
        this.cleanup = cleanup;
    }

    static Area open(Kind kind) throws IOException {
        return open(kind, PosixOptions.defaults());
    }

    static Area open(Kind kind, PosixOptions options) throws IOException {
        return switch (kind) {
            case REAL -> {
                Path dir = Files.createTempDirectory("tributary-posix-test");
                Path root = Files.createDirectory(dir.resolve("area"));
                yield new Area(kind, root, PosixBackend.open(root, options), null, dir);
            }
            case JIMFS_PLAIN -> jimfs(kind, Configuration.unix(), options);
            case JIMFS_XATTR -> jimfs(kind, Configuration.unix().toBuilder()
                    .setAttributeViews("basic", "owner", "posix", "unix", "user").build(), options);
        };
    }

    static Area jimfs(Kind kind, Configuration config, PosixOptions options) throws IOException {
        FileSystem fs = Jimfs.newFileSystem(config);
        Path root = Files.createDirectories(fs.getPath("/srv/area"));
        return new Area(kind, root, PosixBackend.open(root, options), fs, null);
    }

    static Stream<Kind> kinds() {
        return Stream.of(Kind.values());
    }

    static AreaPath p(String s) {
        return AreaPath.parse(s);
    }

    static WriteOptions opts(boolean overwrite, boolean createParents) {
        return new WriteOptions(-1, overwrite, createParents, true, Map.of());
    }

    PendingWrite.CommitResult put(String path, byte[] content) throws IOException {
        return put(path, content, WriteOptions.defaults(), Map.of());
    }

    PendingWrite.CommitResult put(String path, byte[] content, WriteOptions o, Map<String, String> attrs)
            throws IOException {
        try (PendingWrite w = backend.beginWrite(p(path), o)) {
            w.write(ByteBuffer.wrap(content));
            return w.commit(attrs);
        }
    }

    byte[] get(String path) throws IOException {
        try (ReadHandle h = backend.openRead(p(path)); InputStream in = h.stream(0, h.info().size())) {
            return in.readAllBytes();
        }
    }

    List<String> names(String dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Listing l = backend.list(p(dir))) {
            for (EntryInfo e : l) out.add(e.path().name());
        }
        out.sort(null);
        return out;
    }

    /** Everything in a host directory, internal files included, sorted. */
    List<String> rawNames(String dir) throws IOException {
        try (Stream<Path> s = Files.list(host(dir))) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }

    Path host(String path) {
        Path out = backend.root();
        for (String s : p(path).segments()) out = out.resolve(s);
        return out;
    }

    @Override
    public void close() throws IOException {
        backend.close();
        if (jimfs != null) jimfs.close();
        if (cleanup != null) deleteTree(cleanup);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.delete(x);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
