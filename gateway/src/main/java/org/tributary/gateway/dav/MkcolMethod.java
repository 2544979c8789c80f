package org.tributary.gateway.dav;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Seen;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestBodies;
import org.tributary.gateway.http.ResponseBodies;
import org.tributary.gateway.security.RequestOperations;

import java.io.IOException;
import java.util.Optional;

/**
 * MKCOL exactly per RFC 4918 §9.3, because gfal2's mkdir -p walks up on 409 and treats 405 as "exists" (SPECS §5.3):
 * 201 created, 405 something exists there, 409 parent missing, 415 for a body.
 */
public final class MkcolMethod {

    private MkcolMethod() { }

    public static void handle(DavExchange ex) throws IOException {
        AreaPath path = ex.path();
        if (ex.request().getLength() > 0 || ex.header("Transfer-Encoding") != null) {
            if (RequestBodies.readSmall(ex.request(), 1 << 16).length > 0) {
                throw new HttpError(415, "MKCOL with a request body is not supported");
            }
        }
        if (path.isRoot() || ex.stat(path).isPresent()) {
            throw new HttpError(405, "already exists: " + path);
        }
        Optional<EntryInfo> parent = ex.stat(path.parent());
        if (parent.isEmpty()) throw new HttpError(409, "parent collection does not exist: " + path.parent());
        if (!parent.get().isDirectory()) throw new HttpError(409, "parent is not a collection: " + path.parent());
        ex.authorize(RequestOperations.Verb.MKCOL, RequestOperations.Target.ABSENT);
        ex.backend().createDirectory(path, Seen.ABSENT); // looked at above: the backend need not ask again
        ex.response().getHeaders().put("Location", ex.href(path, true));
        ResponseBodies.empty(ex.response(), 201);
    }
}
