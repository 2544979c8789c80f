package org.tributary.gateway.dav;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.Seen;
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
 *
 * <p>One look at the target decides the operation (CREATE or MODIFY) and the preconditions; the parents are checked
 * (and created) by {@code beginWrite}, whose refusals are 409 too, and all of it happens before the first byte of the
 * body is read, so a client waiting for "100 Continue" never sends a body that is refused.
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
        Map<String, String> declared = DigestHeaders.declared(ex.request().getHeaders());
        Map<String, String> archive = ArchiveMetadataHeader.attributes(ex);
        long length = ex.request().getLength();
        // what the look above found goes along, so that the backend need not ask again (S3: a request each)
        WriteOptions opts = new WriteOptions(length, true, cfg.putCreatesParents(), cfg.durable(), declared,
                Seen.of(existing));
        PendingWrite.CommitResult result;
        try (PendingWrite w = ex.backend().beginWrite(path, opts)) {
            // A file that appeared since the look above makes this an overwrite: authorised as one, still before the body.
            if (existing.isEmpty() && w.begun().targetExisted()) ex.authorize(RequestOperations.Verb.PUT, RequestOperations.Target.FILE);
            long n = RequestBodies.forEachChunk(ex.request(), w::write);
            if (length >= 0 && n != length) {
                throw HttpError.badRequest("body ended after " + n + " of " + length + " bytes");
            }
            result = w.commit(archive);
        }
        var resp = ex.response();
        resp.getHeaders().put("ETag", result.entry().etag());
        if (!result.replaced()) resp.getHeaders().put("Location", ex.href(path, false));
        ResponseBodies.empty(resp, result.replaced() ? 200 : 201);
    }
}
