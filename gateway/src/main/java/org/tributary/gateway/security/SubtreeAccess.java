package org.tributary.gateway.security;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Listing;
import org.tributary.backend.StorageBackend;
import org.tributary.gateway.area.StorageArea;

import java.io.IOException;
import java.util.Optional;

/**
 * The access check of a recursive operation (issue 15 item 3): DELETE of a collection, COPY or MOVE of one, and the
 * replacement of a destination collection act on every descendant, so a rule below the path that is more
 * restrictive for this caller - an embargo on a folder inside - must not be walked around by acting on the parent.
 *
 * <p>Decided from the rules, not by walking every file: the guard names the patterns of the rules that could decide
 * below the path ({@link AccessGuard#witnessesBelow}); each is looked up in the storage (a stat per literal name, a
 * listing of one directory per "*"), and the operation is refused as a whole when it is allowed at the path but
 * refused at an entry that exists there. The first rule matching such an entry is the first rule matching everything
 * below it, so nothing else needs to be looked at. Links are not descended into, as by the operations themselves.
 * When the operation is not allowed at the path itself this check says nothing: the caller's own check on the path
 * decides whether that matters (a MOVE's source needs RENAME there; READ is compared only so that moving cannot
 * carry files out from under a rule that hides them).
 */
public final class SubtreeAccess {

    private SubtreeAccess() { }

    public static AccessDecision decide(AccessGuard guard, Identity who, StorageArea area, Operation op, AreaPath path)
            throws IOException {
        AccessDecision top = guard.decide(who, area, op, path);
        if (!top.allowed()) {
            return AccessDecision.allow(op + " is not granted on " + path + " itself; nothing below is more restrictive");
        }
        for (AreaPath pattern : guard.witnessesBelow(area, path)) {
            Optional<AccessDecision> refused = firstRefused(guard, who, area, op, path, pattern);
            if (refused.isPresent()) return refused.get();
        }
        return AccessDecision.allow("no rule below " + path + " is more restrictive for " + op);
    }

    /** Walks the existing entries that match {@code pattern} below {@code at}; the first one refused, if any. */
    private static Optional<AccessDecision> firstRefused(AccessGuard guard, Identity who, StorageArea area,
                                                         Operation op, AreaPath at, AreaPath pattern) throws IOException {
        if (at.depth() == pattern.depth()) {
            AccessDecision d = guard.decide(who, area, op, at);
            if (d.allowed()) return Optional.empty();
            return Optional.of(AccessDecision.deny(op + " below the collection is refused as a whole: at " + at
                    + " " + d.reason()));
        }
        StorageBackend backend = area.backend();
        String next = pattern.segments().get(at.depth());
        if (!next.equals("*")) {
            Optional<EntryInfo> e = backend.stat(at.child(next));
            return e.isEmpty() ? Optional.empty() : descend(guard, who, area, op, e.get(), pattern);
        }
        try (Listing l = backend.list(at)) {
            for (EntryInfo e : l) {
                Optional<AccessDecision> d = descend(guard, who, area, op, e, pattern);
                if (d.isPresent()) return d;
            }
        }
        return Optional.empty();
    }

    private static Optional<AccessDecision> descend(AccessGuard guard, Identity who, StorageArea area, Operation op,
                                                    EntryInfo e, AreaPath pattern) throws IOException {
        boolean last = e.path().depth() == pattern.depth();
        if (!last && !e.isWalkableDirectory()) return Optional.empty();
        return firstRefused(guard, who, area, op, e.path(), pattern);
    }
}
