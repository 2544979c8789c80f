package org.tributary.gateway.dav;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Seen;
import org.tributary.backend.StorageBackend;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.ResponseBodies;
import org.tributary.gateway.security.RequestOperations;

import java.io.IOException;

/**
 * DELETE (RFC 4918 §9.6): 204; collections recursively, members first, refused as a whole when a rule below is more
 * restrictive than at the collection. A symbolic link is deleted as itself, never its target (StorageBackend).
 */
public final class DeleteMethod {

    private DeleteMethod() { }

    public static void handle(DavExchange ex) throws IOException {
        AreaPath path = ex.path();
        if (path.isRoot()) throw HttpError.forbidden("the root collection of a storage area cannot be deleted");
        EntryInfo e = ex.stat(path).orElseThrow(() -> HttpError.notFound("no such file or collection: " + path));
        // a link is removed as itself (never descended into), so only a real collection takes its members along
        ex.authorize(RequestOperations.Verb.DELETE, RequestOperations.Target.of(e));
        Preconditions.evaluate(ex, e, false);
        deleteTree(ex.backend(), e);
        ResponseBodies.empty(ex.response(), 204);
    }

    /** Through the backend stack: S3 deletes a whole prefix in batches of 1000 keys, POSIX walks. */
    static void deleteTree(StorageBackend backend, EntryInfo e) throws IOException {
        backend.deleteTree(e.path(), Seen.of(e)); // just looked at: the backend need not ask again
    }
}
