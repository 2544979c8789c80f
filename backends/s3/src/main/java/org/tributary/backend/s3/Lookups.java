package org.tributary.backend.s3;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;

/**
 * Lookups of one request, remembered so that it asks S3 once per question. A WebDAV method asks the same things
 * several times through the SPI within milliseconds: a PUT stats the target and its parent, then {@code beginWrite}
 * checks both again and {@code commit} checks the target again; MKCOL stats the target, then
 * {@code createDirectory} does; DELETE stats, then {@code deleteTree} does; PROPFIND stats, then {@code list} does,
 * then {@code attributes} of every listed entry. Each of these is a HeadObject (file), or for a collection a
 * HeadObject of its marker and, without one, a one-key ListObjectsV2.
 *
 * <p>The rules that keep this from serving stale answers:
 * <ul>
 *   <li>Only the backend's own checks reuse answers ({@code beginWrite}, {@code commit}, {@code createDirectory},
 *       {@code delete}, {@code list}, {@code attributes}...). What the SPI returns to its caller ({@code stat},
 *       {@code openRead}) always comes from S3, and is remembered for the checks that follow in the same request: in
 *       every WebDAV method the gateway looks the target up first, so the checks reuse an answer from the same
 *       request, milliseconds old.</li>
 *   <li>An answer is used only by the thread that asked (each request runs on its own thread) and for at most
 *       {@link #TTL_NANOS}: a commit after a long upload, or a later request on a reused thread, asks S3 again.</li>
 *   <li>A write through this backend (object, marker, delete) at a path invalidates the answers about that path in
 *       every thread, through striped generation counters, and those about its ancestors that it can make wrong: a
 *       new key below a collection voids "absent" answers about it, a deleted one "present" answers (so that 16
 *       uploads into one collection do not void each other's "the parent is there"). Moves and tree deletes void
 *       everything.</li>
 *   <li>A write by another S3 client shows at the next lookup that asks S3: within the same request, that is the same
 *       as if it had landed just after the first lookup, a race S3 offers no way to close anyway (no conditional
 *       writes on every implementation).</li>
 * </ul>
 */
final class Lookups {

    /** How long a request reuses an answer. */
    static final long TTL_NANOS = 1_000_000_000L;
    private static final int STRIPES = 1024;
    private static final int MAX_ENTRIES = 64;

    private final long ttlNanos;
    /** Bumped by any change at a path of the stripe. */
    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
    /** Bumped when a key is created below a path of the stripe: voids "absent" answers. */
    private final AtomicLongArray createdBelow = new AtomicLongArray(STRIPES);
    /** Bumped when a key is deleted below a path of the stripe: voids "present" answers. */
    private final AtomicLongArray deletedBelow = new AtomicLongArray(STRIPES);
    private final AtomicLong changes = new AtomicLong();
    private final ThreadLocal<Map<String, Seen>> seen = ThreadLocal.withInitial(() -> new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > MAX_ENTRIES;
        }
    });

    private record Seen(Optional<EntryInfo> result, long at, int stripe, long generation, long below) { }

    /** What a lookup of {@code p} must see unchanged to stay valid, taken before asking S3. */
    record Stamp(int stripe, long generation, long created, long deleted) { }

    /** One S3 lookup. */
    interface Lookup {
        Optional<EntryInfo> get() throws IOException;
    }

    Lookups(long ttlNanos) {
        this.ttlNanos = ttlNanos;
    }

    /** The answer of {@code kind} ('f' file, 'd' collection) about {@code p}: remembered if still valid, else asked. */
    Optional<EntryInfo> get(char kind, AreaPath p, Lookup fresh) throws IOException {
        Seen s = seen.get().get(kind + p.toString());
        if (s != null && valid(s, System.nanoTime())) return s.result();
        return ask(kind, p, fresh);
    }

    /** Asks S3 whatever is remembered, and remembers the answer. */
    Optional<EntryInfo> ask(char kind, AreaPath p, Lookup fresh) throws IOException {
        long now = System.nanoTime();
        Stamp st = stamp(p);
        Optional<EntryInfo> r = fresh.get();
        put(kind, p, r, st, now);
        return r;
    }

    /** Remembers an answer obtained otherwise; {@code st} and {@code at} were taken before asking. */
    void put(char kind, AreaPath p, Optional<EntryInfo> result, Stamp st, long at) {
        long below = result.isPresent() ? st.deleted() : st.created();
        seen.get().put(kind + p.toString(), new Seen(result, at, st.stripe(), st.generation(), below));
    }

    /** Remembers what a listing page showed; only when no write went through this backend while it was fetched. */
    void seed(char kind, AreaPath p, Optional<EntryInfo> result) {
        put(kind, p, result, stamp(p), System.nanoTime());
    }

    /** The counters of {@code p}'s stripe now (take them before asking S3, pass them to {@link #put}). */
    Stamp stamp(AreaPath p) {
        int s = stripe(p);
        return new Stamp(s, generations.get(s), createdBelow.get(s), deletedBelow.get(s));
    }

    /** A key was written at {@code p} (object or marker): answers about it, and "absent" about its ancestors, are void. */
    void created(AreaPath p) {
        changed(p, createdBelow);
    }

    /** A key was deleted at {@code p}: answers about it, and "present" about its ancestors, are void. */
    void deleted(AreaPath p) {
        changed(p, deletedBelow);
    }

    private void changed(AreaPath p, AtomicLongArray ancestors) {
        generations.incrementAndGet(stripe(p));
        for (AreaPath a = p; !a.isRoot(); ) {
            a = a.parent();
            ancestors.incrementAndGet(stripe(a));
        }
        changes.incrementAndGet();
    }

    /** Many paths changed (a move, a tree delete): every answer is void. */
    void changedAll() {
        for (int i = 0; i < STRIPES; i++) generations.incrementAndGet(i);
        changes.incrementAndGet();
    }

    /** Counts writes; a listing page whose fetch saw no change may seed answers. */
    long changes() {
        return changes.get();
    }

    private boolean valid(Seen s, long now) {
        int i = s.stripe();
        return now - s.at() < ttlNanos && generations.get(i) == s.generation()
                && (s.result().isPresent() ? deletedBelow.get(i) : createdBelow.get(i)) == s.below();
    }

    private static int stripe(AreaPath p) {
        int h = p.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}
