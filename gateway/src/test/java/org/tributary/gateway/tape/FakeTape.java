package org.tributary.gateway.tape;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.Locality;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.staging.StageProgress;
import org.tributary.backend.staging.Staging;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test-only {@link Staging} stand-in over a POSIX area, until the tape-sim backend lands: the test says which files
 * are "on tape only" ({@link #putOnTape}) and moves recalls along by hand ({@link #startRecall}, {@link #finishRecall},
 * {@link #failRecall}), so the Tape REST protocol is tested without timing. It keeps the {@link Staging} rules: staging
 * returns at once, restaging is harmless, a file on disk is ON_DISK at once, anything but a file is FAILED with a
 * reason. Its state is one object, so two gateways wrapping the same area with it share "one tape library".
 * The lead moves the end-to-end tests onto the real tape backend at merge.
 */
final class FakeTape {

    final Set<AreaPath> onTapeOnly = ConcurrentHashMap.newKeySet();
    final Map<String, StageProgress> progress = new ConcurrentHashMap<>();
    /** file → requester → pin end; requester "" for none. */
    final Map<AreaPath, Map<String, Instant>> pins = new ConcurrentHashMap<>();
    /** Every stage call: requester and files, in order. */
    final List<String> stageCalls = new CopyOnWriteArrayList<>();

    private static String key(String requester, AreaPath p) { return requester + "\u0000" + p; }

    void putOnTape(AreaPath p) { onTapeOnly.add(p); }

    void startRecall(AreaPath p, Instant at) {
        progress.replaceAll((k, v) -> k.endsWith("\u0000" + p) && v.state() == StageProgress.State.QUEUED
                ? StageProgress.recalling(at) : v);
    }

    void finishRecall(AreaPath p, Instant at) {
        onTapeOnly.remove(p);
        progress.replaceAll((k, v) -> k.endsWith("\u0000" + p) && !v.state().terminal()
                ? StageProgress.onDisk(v.started().orElse(at), at) : v);
    }

    void failRecall(AreaPath p, Instant at, String why) {
        progress.replaceAll((k, v) -> k.endsWith("\u0000" + p) && !v.state().terminal()
                ? StageProgress.failed(v.started().orElse(at), at, why) : v);
    }

    Set<String> pinHolders(AreaPath p) {
        return pins.getOrDefault(p, Map.of()).keySet();
    }

    StorageBackend wrap(StorageBackend raw) {
        return new Layer(raw);
    }

    private final class Layer extends ForwardingBackend implements Staging {

        Layer(StorageBackend raw) { super(raw); }

        @Override
        public Optional<EntryInfo> stat(AreaPath path) throws IOException {
            return super.stat(path).map(e -> e.isFile() ? new EntryInfo(e.path(), e.type(), e.size(), e.modified(),
                    e.changeStamp(), onTapeOnly.contains(path) ? Locality.TAPE : Locality.DISK, e.isLink()) : e);
        }

        @Override
        public ReadHandle openRead(AreaPath path) throws IOException {
            if (onTapeOnly.contains(path)) throw new StorageException(StorageException.Kind.OFFLINE, path + " is on tape; stage it");
            return super.openRead(path);
        }

        @Override
        public void stage(String requester, Collection<AreaPath> files, Instant pinUntil) throws IOException {
            stageCalls.add(requester + " " + files);
            Instant now = Instant.now();
            for (AreaPath f : files) {
                Optional<EntryInfo> e = super.stat(f);
                if (e.isEmpty() || !e.get().isFile()) {
                    progress.putIfAbsent(key(requester, f), StageProgress.failed(now, now, "not a file on this backend"));
                    continue;
                }
                pins.computeIfAbsent(f, x -> new ConcurrentHashMap<>()).merge(requester, pinUntil,
                        (a, b) -> a.isAfter(b) ? a : b);
                progress.putIfAbsent(key(requester, f), onTapeOnly.contains(f) ? StageProgress.queued()
                        : StageProgress.onDisk(now, now));
            }
        }

        @Override
        public StageProgress progress(String requester, AreaPath file) {
            StageProgress p = progress.get(key(requester, file));
            if (p != null) return p;
            Instant now = Instant.now();
            return StageProgress.failed(now, now, "never staged by " + requester);
        }

        @Override
        public void cancel(String requester, Collection<AreaPath> files) {
            Instant now = Instant.now();
            for (AreaPath f : files) {
                progress.computeIfPresent(key(requester, f), (k, v) -> v.state().terminal() ? v : StageProgress.cancelled(now));
                Map<String, Instant> p = pins.get(f);
                if (p != null) p.remove(requester);
            }
        }

        @Override
        public void release(String requester, Collection<AreaPath> files) {
            for (AreaPath f : files) {
                Map<String, Instant> p = pins.get(f);
                if (p == null) continue;
                if (requester == null) p.clear();
                else p.remove(requester);
            }
        }
    }
}
