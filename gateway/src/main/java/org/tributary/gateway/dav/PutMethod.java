package org.tributary.gateway.dav;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.WriteOptions;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestBodies;
import org.tributary.gateway.http.ResponseBodies;
import org.tributary.gateway.security.RequestOperations;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * PUT: streamed into a hidden temporary through the checksum layer, verified against any checksum the client
 * declared, made durable, then renamed into place. 201 new / 200 overwrite (Rucio rejects 204, SPECS §5.4); missing
 * parents are created unless the area asks for strict RFC 4918 (409).
 */
public final class PutMethod {

    private PutMethod() { }

    public static void handle(DavExchange ex) throws IOException {
        AreaPath path = ex.path();
        if (path.isRoot()) throw new HttpError(405, "cannot PUT onto the root collection of a storage area");
        if (ex.header("Content-Range") != null) throw HttpError.badRequest("partial PUT (Content-Range) is not supported");
        Optional<EntryInfo> existing = ex.stat(path);
        if (existing.isPresent() && existing.get().isDirectory()) {
            throw new HttpError(405, "cannot PUT onto a collection: " + path);
        }
        ex.authorize(RequestOperations.Verb.PUT, RequestOperations.Target.of(existing));
        Preconditions.evaluate(ex, existing.orElse(null), false);
        var cfg = ex.area().config();
        checkParents(ex, path.parent(), cfg.putCreatesParents());
        Map<String, String> declared = DigestHeaders.declared(ex.request().getHeaders());
        long length = ex.request().getLength();
        WriteOptions opts = new WriteOptions(length, true, cfg.putCreatesParents(), cfg.durable(), declared);
        PendingWrite.CommitResult result;
        try (PendingWrite w = ex.backend().beginWrite(path, opts)) {
            long n = RequestBodies.forEachChunk(ex.request(), w::write);
            if (length >= 0 && n != length) {
                throw HttpError.badRequest("body ended after " + n + " of " + length + " bytes");
            }
            result = w.commit(Map.of());
        }
        var resp = ex.response();
        resp.getHeaders().put("ETag", result.entry().etag());
        if (!result.replaced()) resp.getHeaders().put("Location", ex.href(path, false));
        ResponseBodies.empty(resp, result.replaced() ? 200 : 201);
    }

    /**
     * Before any byte is read (so "100 Continue" is never sent for a request that will fail): a missing parent is
     * 409 in strict mode; an ancestor that is a file is always 409.
     */
    static void checkParents(DavExchange ex, AreaPath parent, boolean createParents) throws IOException {
        AreaPath p = parent;
        while (true) {
            Optional<EntryInfo> e = ex.stat(p);
            if (e.isPresent()) {
                if (!e.get().isDirectory()) throw new HttpError(409, "parent is not a collection: " + p);
                return;
            }
            if (!createParents) throw new HttpError(409, "parent collection does not exist: " + p);
            if (p.isRoot()) return;
            p = p.parent();
        }
    }
}
