package org.tributary.gateway.dav;

import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Listing;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.WriteOptions;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestTarget;
import org.tributary.gateway.http.ResponseBodies;
import org.tributary.gateway.security.RequestOperations;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * COPY and MOVE inside this server (RFC 4918 §9.8, §9.9): 201 new target, 204 replaced target, 412 Overwrite: F on
 * an existing target, 409 missing target parent. Copies go through the destination's full backend stack, so the
 * copy gets its own checksums; dead properties travel with the content. A Destination on another host is a
 * third-party copy and not handled here.
 */
public final class CopyMoveMethod {

    private CopyMoveMethod() { }

    /** Whether a Destination header names another server (then COPY is a TPC push). */
    public static boolean isForeign(Request request, String destination) {
        HttpURI d = parseDestination(destination);
        if (d.getHost() == null) return false;
        HttpURI self = request.getHttpURI();
        int dp = d.getPort() > 0 ? d.getPort() : defaultPort(d.getScheme());
        int sp = self.getPort() > 0 ? self.getPort() : defaultPort(self.getScheme());
        return !d.getHost().equalsIgnoreCase(self.getHost()) || dp != sp;
    }

    /** Jetty refuses ambiguous URIs (encoded dot segments...) with an exception: that is the client's error, 400. */
    private static HttpURI parseDestination(String destination) {
        try {
            return HttpURI.from(destination.trim());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("Destination is not a valid URI: " + e.getMessage());
        }
    }

    private static int defaultPort(String scheme) {
        if (scheme == null) return 80;
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "https", "davs" -> 443;
            default -> 80;
        };
    }

    public static void handle(DavExchange ex, AreaRouter router, boolean move) throws IOException {
        String destination = ex.header("Destination");
        if (destination == null || destination.isBlank()) throw HttpError.badRequest("Destination header is required");
        String overwriteHeader = ex.header("Overwrite");
        boolean overwrite;
        if (overwriteHeader == null || overwriteHeader.trim().equals("T")) overwrite = true;
        else if (overwriteHeader.trim().equals("F")) overwrite = false;
        else throw HttpError.badRequest("Overwrite must be T or F");
        String depth = ex.header("Depth");
        boolean infinite = depth == null || depth.trim().equalsIgnoreCase("infinity");
        if (!infinite && !(depth.trim().equals("0") && !move)) {
            throw HttpError.badRequest(move ? "MOVE requires Depth: infinity" : "COPY takes Depth 0 or infinity");
        }
        Map<String, String> archive = ArchiveMetadataHeader.attributes(ex);
        String rawPath = parseDestination(destination).getPath();
        if (rawPath == null || rawPath.isEmpty()) throw HttpError.badRequest("Destination has no path");
        AreaRouter.Route dst = router.route(RequestTarget.decodeSegments(rawPath))
                .orElseThrow(() -> new HttpError(502, "Destination is not inside a storage area of this server"));
        AreaPath from = ex.path();
        AreaPath to = dst.path();
        StorageArea srcArea = ex.area();
        StorageArea dstArea = dst.area();
        if (from.isRoot()) throw HttpError.forbidden("the root collection of a storage area cannot be " + (move ? "moved" : "copied"));
        if (to.isRoot()) throw HttpError.forbidden("cannot replace the root collection of a storage area");
        EntryInfo src = ex.stat(from).orElseThrow(() -> HttpError.notFound("no such file or collection: " + from));
        boolean sameArea = srcArea == dstArea;
        if (sameArea && from.equals(to)) throw HttpError.forbidden("source and destination are the same");
        // Replacing an ancestor of the source would delete the source first (RFC 4918 deletes the target before copying).
        if (sameArea && (to.startsWith(from) || from.startsWith(to))) {
            throw new HttpError(409, "cannot " + (move ? "move" : "copy") + " a collection into itself or onto its ancestor");
        }
        StorageBackend dstBackend = dstArea.backend();
        Optional<EntryInfo> existing = dstBackend.stat(to);
        // the members travel too, and replacing a collection deletes what is in it: a rule below the source or the
        // destination that is more restrictive must not be walked around
        ex.authorize(RequestOperations.checks(move ? RequestOperations.Verb.MOVE : RequestOperations.Verb.COPY,
                RequestOperations.Target.of(src), RequestOperations.Target.of(existing), infinite), dst);
        Optional<EntryInfo> parent = dstBackend.stat(to.parent());
        if (parent.isEmpty() || !parent.get().isDirectory()) {
            throw new HttpError(409, "destination parent collection does not exist: " + to.parent());
        }
        if (existing.isPresent() && !overwrite) throw new HttpError(412, "destination exists and Overwrite is F");
        boolean renamed = move && sameArea && movedByBackend(srcArea.backend(), from, to, existing.isPresent());
        if (!renamed) {
            if (infinite) refuseLinksToCollections(srcArea.backend(), src);
            // RFC 4918 §9.8.4 deletes the destination first; a file onto a file is instead replaced in one step by
            // the upload's own atomic commit, so a failed copy leaves the old file (a collection must go first)
            boolean replaceInPlace = existing.isPresent() && existing.get().isFile() && src.isFile();
            if (existing.isPresent() && !replaceInPlace) DeleteMethod.deleteTree(dstBackend, existing.get());
            copyTree(srcArea.backend(), src, dstBackend, to, infinite, dstArea.config().durable(), replaceInPlace,
                    move ? Map.of() : archive);
            if (move) DeleteMethod.deleteTree(srcArea.backend(), src);
        }
        ex.response().getHeaders().put("Location", DavExchange.href(dst, to, src.isDirectory()));
        ResponseBodies.empty(ex.response(), existing.isPresent() ? 204 : 201);
    }

    /**
     * A move inside one area is the backend's: a rename on POSIX, a server-side copy + delete on S3 (no bytes through
     * the gateway). An existing destination is replaced by the backend itself, never deleted here first, so a move
     * that fails leaves it (StorageBackend#move). Only a backend that cannot move at all leaves it to copy + delete.
     */
    private static boolean movedByBackend(StorageBackend backend, AreaPath from, AreaPath to, boolean replace)
            throws IOException {
        try {
            backend.move(from, to, replace);
            return true;
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.UNSUPPORTED) return false;
            throw e;
        }
    }

    /**
     * A walked copy never descends through a symbolic link (StorageBackend, on links): a tree that holds a link to a
     * collection is refused before anything is written, since copying the target would duplicate or leak it (or
     * loop, for a link to an ancestor) and leaving it out would answer 201 for a copy that is not whole.
     */
    private static void refuseLinksToCollections(StorageBackend backend, EntryInfo e) throws IOException {
        if (!e.isDirectory()) return;
        if (e.isLink()) throw linkToCollection(e.path());
        try (Listing l = backend.list(e.path())) {
            for (EntryInfo c : l) {
                if (c.isDirectory()) refuseLinksToCollections(backend, c);
            }
        }
    }

    private static HttpError linkToCollection(AreaPath p) {
        return HttpError.forbidden(p + " is a symbolic link to a collection; COPY (and MOVE to another area) does not follow"
                + " links to collections (copy the collection it points to instead)");
    }

    /** @param archive the ArchiveMetadata of the request, for the file it copies (not for a collection's members) */
    static void copyTree(StorageBackend from, EntryInfo src, StorageBackend to, AreaPath target, boolean recurse,
                         boolean durable, boolean replace, Map<String, String> archive) throws IOException {
        Map<String, String> props = DeadProperties.only(from.attributes(src.path()));
        if (src.isDirectory()) {
            if (src.isLink() && recurse) throw linkToCollection(src.path());
            to.createDirectory(target);
            if (!props.isEmpty()) to.updateAttributes(target, props, java.util.Set.of());
            if (!recurse) return;
            List<EntryInfo> children = new ArrayList<>();
            try (Listing l = from.list(src.path())) {
                for (EntryInfo c : l) children.add(c);
            }
            for (EntryInfo c : children) copyTree(from, c, to, target.child(c.path().name()), true, durable, false, Map.of());
            return;
        }
        // a link to a file is copied as what GET serves: the bytes of its target, as a regular file
        WriteOptions opts = new WriteOptions(src.size(), replace, false, durable, Map.of());
        try (ReadHandle h = from.openRead(src.path());
             InputStream in = h.stream(0, src.size());
             PendingWrite w = to.beginWrite(target, opts)) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) w.write(ByteBuffer.wrap(buf, 0, n));
            if (!archive.isEmpty()) {
                props = new java.util.HashMap<>(props);
                props.putAll(archive);
            }
            w.commit(props);
        }
    }
}
