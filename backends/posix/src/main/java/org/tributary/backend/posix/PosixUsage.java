package org.tributary.backend.posix;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Measures the bytes an area's files hold, for quota reconciliation. {@link Files#walkFileTree} without
 * {@code FOLLOW_LINKS}: a symbolic link is visited as an entry of its own (counted as nothing) and never descended,
 * so a link to a directory inside the area does not count it twice, one outside does not count it at all, and a
 * link to an ancestor cannot loop (issue 15 item 1: a link is an entry, never descended). Internal entries (upload
 * temporaries, side-car files and directories) are skipped; so are entries that vanish while the walk runs.
 */
final class PosixUsage {

    private PosixUsage() { }

    /** The regular files at or below {@code root}; a {@code root} that is itself a link counts as nothing. */
    static long measure(Path root) throws IOException {
        long[] sum = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && internal(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() && !internal(file)) sum[0] += attrs.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) return FileVisitResult.CONTINUE; // deleted meanwhile
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) throw e;
                return FileVisitResult.CONTINUE;
            }
        });
        return sum[0];
    }

    private static boolean internal(Path p) {
        Path name = p.getFileName();
        return name != null && InternalNames.isInternal(name.toString());
    }
}
