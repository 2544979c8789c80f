package org.tributary.gateway.security;

import org.tributary.backend.AreaPath;
import org.tributary.gateway.area.StorageArea;

import java.util.List;

/**
 * Decides whether an identity may perform an operation on a path of an area. The DAV methods ask at the moment they
 * know what the operation really is (e.g. CREATE vs MODIFY after they looked whether the target exists).
 */
public interface AccessGuard {

    AccessDecision decide(Identity who, StorageArea area, Operation op, AreaPath path);

    /**
     * Patterns of paths below {@code path} (a "*" segment stands for any name) covering every place where a rule could
     * decide differently than at {@code path} (see {@link SubtreeAccess}). None when no rule reaches below the path.
     */
    default List<AreaPath> witnessesBelow(StorageArea area, AreaPath path) {
        return List.of();
    }
}
