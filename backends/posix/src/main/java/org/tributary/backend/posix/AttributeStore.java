package org.tributary.backend.posix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An entry's attributes, split between user xattrs and the side-car file.
 *
 * <p>Each key lives in one place: xattrs when they can take it, otherwise the side-car. Writes keep an order that
 * makes a crash in between harmless: storing a key in an xattr happens before its side-car copy is dropped, and
 * moving a key to the side-car drops the xattr first. Reads merge both with the xattr winning, so a leftover side-car
 * copy is shadowed and the worst a crash can do is lose the key being moved (a checksum is then recomputed). Callers
 * hold the entry's {@link PathLocks} lock, so gateway threads never interleave here.
 *
 * <p>Where: a file's side-car is {@code .tributary-meta-<name>} beside it (hashed name for long names); a directory's
 * is {@code .tributary-meta} inside it, so that renaming a tree carries it along without visiting it.
 */
final class AttributeStore {

    private static final String DIRECTORY_OWNER = ".";

    private final XattrStore xattrs;

    AttributeStore(XattrStore xattrs) {
        this.xattrs = xattrs;
    }

    boolean usesXattrs() { return xattrs.enabled(); }

    static Path sidecarOf(Path entry, boolean directory) {
        return directory ? entry.resolve(InternalNames.DIR_META)
                : entry.getParent().resolve(InternalNames.sidecar(entry.getFileName().toString()));
    }

    Map<String, String> read(Path entry, boolean directory) throws IOException {
        Map<String, String> merged = SidecarStore.read(sidecarOf(entry, directory));
        merged.putAll(xattrs.read(entry));
        return merged;
    }

    /** Some keys: one xattr read each; only if one is not in an xattr, the merged view (side-car too). */
    Map<String, String> readSome(Path entry, boolean directory, Set<String> keys) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> merged = null;
        for (String k : keys) {
            String v = xattrs.readOne(entry, k);
            if (v == null) {
                if (merged == null) merged = read(entry, directory);
                v = merged.get(k);
            }
            if (v != null) out.put(k, v);
        }
        return out;
    }

    void update(Path entry, boolean directory, Map<String, String> set, Set<String> remove) throws IOException {
        Path sidecarPath = sidecarOf(entry, directory);
        Map<String, String> sidecar = SidecarStore.read(sidecarPath);
        boolean sidecarChanged = false;

        Set<String> gone = new HashSet<>(remove);
        gone.removeAll(set.keySet());
        xattrs.remove(entry, gone);
        for (String key : gone) {
            sidecarChanged |= sidecar.remove(key) != null;
        }

        List<String> spilled = new ArrayList<>();
        for (Map.Entry<String, String> e : set.entrySet()) {
            if (xattrs.write(entry, e.getKey(), e.getValue())) {
                sidecarChanged |= sidecar.remove(e.getKey()) != null;
            } else {
                spilled.add(e.getKey());
            }
        }
        if (!spilled.isEmpty()) {
            xattrs.remove(entry, new HashSet<>(spilled));
            for (String key : spilled) {
                sidecar.put(key, set.get(key));
            }
            sidecarChanged = true;
        }
        if (sidecarChanged) {
            SidecarStore.write(sidecarPath, owner(entry, directory), sidecar, true);
        }
    }

    /**
     * Puts {@code attributes} on the upload's temporary: xattrs go on the temporary itself (the rename carries them);
     * what does not fit is written to a prepared side-car temporary, returned for {@link #publishSidecar}; null if
     * everything fitted.
     */
    Path attachToTemporary(Path temp, String targetName, Map<String, String> attributes, boolean durable)
            throws IOException {
        Map<String, String> spilled = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (!xattrs.write(temp, e.getKey(), e.getValue())) spilled.put(e.getKey(), e.getValue());
        }
        return spilled.isEmpty() ? null : SidecarStore.prepare(temp.getParent(), targetName, spilled, durable);
    }

    /**
     * After an upload's rename: installs its side-car, or removes the side-car of the version it replaced (whose
     * xattrs went away with the old inode; its side-car must go the same way).
     */
    static void publishSidecar(Path target, Path preparedSidecar) throws IOException {
        Path sidecarPath = sidecarOf(target, false);
        if (preparedSidecar != null) {
            SidecarStore.install(preparedSidecar, sidecarPath);
        } else {
            Files.deleteIfExists(sidecarPath);
        }
    }

    /** After a file was renamed: its side-car follows, re-recording the new owner name; a replaced one goes. */
    static void moveFileSidecar(Path from, Path to) throws IOException {
        Path source = sidecarOf(from, false);
        Path target = sidecarOf(to, false);
        Map<String, String> attrs = Files.exists(source) ? SidecarStore.read(source) : Map.of();
        if (attrs.isEmpty()) {
            Files.deleteIfExists(target);
        } else {
            SidecarStore.write(target, to.getFileName().toString(), attrs, true);
        }
        Files.deleteIfExists(source);
    }

    static void deleteFileSidecar(Path entry) throws IOException {
        Files.deleteIfExists(sidecarOf(entry, false));
    }

    private static String owner(Path entry, boolean directory) {
        return directory ? DIRECTORY_OWNER : entry.getFileName().toString();
    }
}
