package org.tributary.gateway.access;

import org.tributary.backend.AreaPath;
import org.tributary.gateway.area.StorageArea;

/**
 * The access check of a recursive operation (issue 15 item 3): DELETE of a collection, COPY or MOVE of one, and the
 * replacement of a destination collection act on every descendant, so a rule below the path that is more
 * restrictive for this caller - an embargo on a folder inside - must not be walked around by acting on the parent.
 *
 * <p>Decided from the rules, not by walking the files: the guard names one witness path for each rule that could
 * decide below the path ({@link AccessGuard#witnessesBelow}), and the operation is refused as a whole when it is
 * allowed at the path but refused at any witness. When the operation is not allowed at the path itself this check
 * says nothing (the caller's own check on the path decides whether that matters: a MOVE's source needs RENAME there,
 * READ is only compared so that moving cannot carry files out from under a rule that hides them).
 */
public final class SubtreeAccess {

    private SubtreeAccess() { }

    public static AccessDecision decide(AccessGuard guard, Identity who, StorageArea area, Operation op, AreaPath path) {
        AccessDecision top = guard.decide(who, area, op, path);
        if (!top.allowed()) {
            return AccessDecision.allow(op + " is not granted on " + path + " itself; nothing below is more restrictive");
        }
        for (AreaPath w : guard.witnessesBelow(area, path)) {
            AccessDecision d = guard.decide(who, area, op, w);
            if (!d.allowed()) {
                return AccessDecision.deny(op + " of everything below " + path + " is refused as a whole: at " + w
                        + " " + d.reason());
            }
        }
        return AccessDecision.allow("no rule below " + path + " is more restrictive for " + op);
    }
}
