package org.tributary.gateway.access;

import org.tributary.backend.AreaPath;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.AnonymousAccess;

/**
 * The per-area rules that hold before any token is looked at: a read-only area refuses every write, and anonymous
 * callers get exactly what the area's `anonymous` setting grants (none by default: deny unless configured).
 */
public final class AreaPolicyGuard implements AccessGuard {

    @Override
    public AccessDecision decide(Identity who, StorageArea area, Operation op, AreaPath path) {
        if (op.isWrite() && area.config().readOnly()) {
            return AccessDecision.deny("storage area '" + area.name() + "' is read-only");
        }
        if (who.isAnonymous()) {
            AnonymousAccess anon = area.config().anonymous();
            boolean ok = op.isWrite() ? anon.canWrite() : anon.canRead();
            return ok ? AccessDecision.allow("anonymous " + anon.name().toLowerCase().replace('_', '-') + " on area '" + area.name() + "'")
                      : AccessDecision.deny("storage area '" + area.name() + "' does not allow anonymous "
                        + (op.isWrite() ? "writes" : "reads") + "; present a bearer token");
        }
        return AccessDecision.deny("no rule grants " + op + " on " + path);
    }
}
