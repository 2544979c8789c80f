package org.tributary.gateway.dav;

import org.eclipse.jetty.io.Content;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Listing;
import org.tributary.backend.SpaceUsage;
import org.tributary.gateway.access.Operation;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestBodies;
import org.tributary.gateway.http.ResponseBodies;

import javax.xml.namespace.QName;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PROPFIND Depth 0 and 1 (RFC 4918 §9.1), streamed: the collection first (davix drops it, SPECS §5.3), then its
 * members one by one as the backend lists them, so a directory of any size never sits in memory. Depth infinity is
 * refused with 403 propfind-finite-depth.
 */
public final class PropfindMethod {

    private static final int MAX_BODY = 1 << 20;

    private static final List<String> FILE_PROPS =
            List.of("resourcetype", "getcontentlength", "getlastmodified", "creationdate", "displayname", "getetag", "getcontenttype");
    private static final List<String> COLLECTION_PROPS =
            List.of("resourcetype", "quota-used-bytes", "quota-available-bytes", "getlastmodified", "creationdate", "displayname", "getetag");

    private PropfindMethod() { }

    public static void handle(DavExchange ex) throws IOException {
        String depthHeader = ex.header("Depth");
        int depth;
        if ("0".equals(depthHeader)) depth = 0;
        else if ("1".equals(depthHeader)) depth = 1;
        else if (depthHeader == null || "infinity".equalsIgnoreCase(depthHeader.trim())) {
            ResponseBodies.text(ex.response(), 403, "application/xml; charset=utf-8",
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error xmlns:D=\"DAV:\"><D:propfind-finite-depth/></D:error>\n", false);
            return;
        } else {
            throw HttpError.badRequest("Depth must be 0 or 1 (infinity is not served)");
        }
        PropfindRequest req = PropfindRequest.parse(RequestBodies.readSmall(ex.request(), MAX_BODY));
        EntryInfo self = ex.stat(ex.path()).orElseThrow(() -> HttpError.notFound("no such file or collection: " + ex.path()));
        boolean listing = depth == 1 && self.isDirectory();
        ex.require(listing ? Operation.READ : Operation.STAT, ex.path());
        SpaceUsage space = self.isDirectory() ? ex.backend().space() : SpaceUsage.UNKNOWN;

        var resp = ex.response();
        resp.setStatus(207);
        resp.getHeaders().put("Content-Type", "application/xml; charset=utf-8");
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Content.Sink.asOutputStream(resp), StandardCharsets.UTF_8), 1 << 16)) {
            w.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\">\n");
            writeResponse(ex, w, self, req, space);
            if (listing) {
                try (Listing l = ex.backend().list(ex.path())) {
                    for (EntryInfo child : l) {
                        writeResponse(ex, w, child, req, space);
                    }
                }
            }
            w.write("</D:multistatus>\n");
        }
    }

    private static void writeResponse(DavExchange ex, Writer w, EntryInfo e, PropfindRequest req, SpaceUsage space) throws IOException {
        w.write("<D:response><D:href>");
        w.write(Xml.escape(ex.href(e.path(), e.isDirectory())));
        w.write("</D:href>");
        boolean wantsDead = req.kind() != PropfindRequest.Kind.PROP
                || req.names().stream().anyMatch(n -> !Xml.DAV.equals(n.getNamespaceURI()));
        Map<QName, String> dead = wantsDead ? DeadProperties.from(ex.backend().attributes(e.path())) : Map.of();
        List<String> live = e.isDirectory() ? COLLECTION_PROPS : FILE_PROPS;
        switch (req.kind()) {
            case ALLPROP -> {
                w.write("<D:propstat><D:prop>");
                for (String p : live) writeLive(w, p, e, space, false);
                for (var d : dead.entrySet()) writeDead(w, d.getKey(), d.getValue(), false);
                w.write("</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>");
            }
            case PROPNAME -> {
                w.write("<D:propstat><D:prop>");
                for (String p : live) if (liveValue(p, e, space) != null) w.write("<D:" + p + "/>");
                for (QName q : dead.keySet()) writeDead(w, q, null, true);
                w.write("</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>");
            }
            case PROP -> {
                List<QName> missing = new ArrayList<>();
                java.io.StringWriter found = new java.io.StringWriter();
                for (QName q : req.names()) {
                    if (Xml.DAV.equals(q.getNamespaceURI()) && live.contains(q.getLocalPart())
                            && liveValue(q.getLocalPart(), e, space) != null) {
                        writeLive(found, q.getLocalPart(), e, space, false);
                    } else if (dead.containsKey(q)) {
                        writeDead(found, q, dead.get(q), false);
                    } else {
                        missing.add(q);
                    }
                }
                if (found.getBuffer().length() > 0 || missing.isEmpty()) {
                    w.write("<D:propstat><D:prop>");
                    w.write(found.toString());
                    w.write("</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>");
                }
                if (!missing.isEmpty()) {
                    w.write("<D:propstat><D:prop>");
                    for (QName q : missing) writeDead(w, q, null, true);
                    w.write("</D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>");
                }
            }
        }
        w.write("</D:response>\n");
    }

    private static String liveValue(String p, EntryInfo e, SpaceUsage space) {
        return switch (p) {
            case "resourcetype" -> e.isDirectory() ? "<D:collection/>" : "";
            case "getcontentlength" -> e.isDirectory() ? null : Long.toString(e.size());
            case "getlastmodified" -> HttpDates.format(e.modified());
            case "creationdate" -> HttpDates.iso(e.modified());
            case "displayname" -> Xml.escape(e.path().name());
            case "getetag" -> Xml.escape(e.etag());
            case "getcontenttype" -> e.isDirectory() ? null : "application/octet-stream";
            // RFC 4331; Rucio reads quota-used-bytes from the first propstat of an allprop answer (SPECS §4.2)
            case "quota-used-bytes" -> e.isDirectory() && space.usedBytes() >= 0 ? Long.toString(space.usedBytes()) : null;
            case "quota-available-bytes" -> e.isDirectory() && space.availableBytes() >= 0 ? Long.toString(space.availableBytes()) : null;
            default -> null;
        };
    }

    private static void writeLive(Writer w, String p, EntryInfo e, SpaceUsage space, boolean nameOnly) throws IOException {
        String v = liveValue(p, e, space);
        if (v == null) return;
        if (nameOnly || v.isEmpty()) {
            w.write("<D:" + p + "/>");
        } else {
            w.write("<D:" + p + ">" + v + "</D:" + p + ">");
        }
    }

    static void writeDead(Writer w, QName q, String fragment, boolean nameOnly) throws IOException {
        String local = q.getLocalPart();
        if (Xml.DAV.equals(q.getNamespaceURI())) {
            w.write(nameOnly || fragment == null || fragment.isEmpty() ? "<D:" + local + "/>" : "<D:" + local + ">" + fragment + "</D:" + local + ">");
            return;
        }
        String open = "<" + local + " xmlns=\"" + Xml.escape(q.getNamespaceURI()) + "\"";
        if (nameOnly || fragment == null || fragment.isEmpty()) {
            w.write(open + "/>");
        } else {
            w.write(open + ">" + fragment + "</" + local + ">");
        }
    }
}
