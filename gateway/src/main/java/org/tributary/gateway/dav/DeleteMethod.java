package org.tributary.gateway.dav;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Listing;
import org.tributary.backend.StorageBackend;
import org.tributary.gateway.access.Operation;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.ResponseBodies;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** DELETE (RFC 4918 §9.6): 204; collections recursively, members first. */
public final class DeleteMethod {

    /** Children are removed in batches so the listing is never modified while it is being read. */
    private static final int BATCH = 1000;

    private DeleteMethod() { }

    public static void handle(DavExchange ex) throws IOException {
        AreaPath path = ex.path();
        if (path.isRoot()) throw HttpError.forbidden("the root collection of a storage area cannot be deleted");
        EntryInfo e = ex.stat(path).orElseThrow(() -> HttpError.notFound("no such file or collection: " + path));
        ex.require(Operation.DELETE, path);
        Preconditions.evaluate(ex, e, false);
        deleteTree(ex.backend(), e);
        ResponseBodies.empty(ex.response(), 204);
    }

    static void deleteTree(StorageBackend backend, EntryInfo e) throws IOException {
        if (e.isDirectory()) {
            while (true) {
                List<EntryInfo> batch = new ArrayList<>(BATCH);
                try (Listing l = backend.list(e.path())) {
                    for (EntryInfo c : l) {
                        batch.add(c);
                        if (batch.size() == BATCH) break;
                    }
                }
                if (batch.isEmpty()) break;
                for (EntryInfo c : batch) deleteTree(backend, c);
            }
        }
        backend.delete(e.path());
    }
}
