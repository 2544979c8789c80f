package org.tributary.gateway.dav;

import org.eclipse.jetty.io.Content;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Listing;
import org.tributary.backend.SpaceUsage;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestBodies;
import org.tributary.gateway.http.ResponseBodies;
import org.tributary.gateway.security.RequestOperations;

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
        ex.authorize(depth == 1 ? RequestOperations.Verb.PROPFIND_LISTING : RequestOperations.Verb.PROPFIND_SELF,
                RequestOperations.Target.of(self));
        SpaceUsage space = self.isDirectory() ? ex.backend().space() : SpaceUsage.UNKNOWN;

        var resp = ex.response();
        resp.setStatus(207);
        resp.getHeaders().put("Content-Type", "application/xml; charset=utf-8");
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Content.Sink.asOutputStream(resp), StandardCharsets.UTF_8), 1 << 16)) {
            DavXmlWriter x = DavXmlWriter.multistatus(w);
            writeResponse(ex, x, self, req, space);
            if (listing) {
                try (Listing l = ex.backend().list(ex.path())) {
                    for (EntryInfo child : l) {
                        writeResponse(ex, x, child, req, space);
                    }
                }
            }
            x.finish();
        }
    }

    /** One DAV:response of the multistatus (package-level: bench/jmh measures it alone, PropfindXmlBenchmark). */
    static void writeResponse(DavExchange ex, DavXmlWriter x, EntryInfo e, PropfindRequest req, SpaceUsage space)
            throws IOException {
        x.start("response");
        x.element("href", ex.href(e.path(), e.isDirectory()));
        boolean wantsDead = req.kind() != PropfindRequest.Kind.PROP
                || req.names().stream().anyMatch(n -> !Xml.DAV.equals(n.getNamespaceURI()));
        Map<QName, String> dead = wantsDead ? DeadProperties.from(ex.backend().attributes(e.path())) : Map.of();
        List<String> live = e.isDirectory() ? COLLECTION_PROPS : FILE_PROPS;
        // tape areas show where a file's bytes are unasked, as dCache does (a disk area only when asked)
        boolean tape = e.isFile() && TapeProperties.nearlineArea(ex);
        String qosClass = e.isFile() && (req.kind() != PropfindRequest.Kind.PROP ? QosProperties.classArea(ex)
                : req.names().stream().anyMatch(QosProperties::isOne)) ? QosProperties.value(ex, e) : null;
        switch (req.kind()) {
            case ALLPROP -> {
                startPropstat(x);
                for (String p : live) writeLive(x, p, e, space, false);
                if (tape) for (QName q : TapeProperties.ALL) x.element(q, TapeProperties.value(q, e, true));
                if (qosClass != null) x.element(QosProperties.QOS_CLASS, qosClass);
                for (var d : dead.entrySet()) x.property(d.getKey(), d.getValue());
                endPropstat(x, "200 OK");
            }
            case PROPNAME -> {
                startPropstat(x);
                for (String p : live) writeLive(x, p, e, space, true);
                if (tape) for (QName q : TapeProperties.ALL) x.property(q, null);
                if (qosClass != null) x.property(QosProperties.QOS_CLASS, null);
                for (QName q : dead.keySet()) x.property(q, null);
                endPropstat(x, "200 OK");
            }
            case PROP -> {
                List<QName> found = new ArrayList<>(); // live ones in DAV:, the rest dead, in request order
                List<QName> missing = new ArrayList<>();
                boolean nearline = req.names().stream().anyMatch(TapeProperties::isOne) && TapeProperties.nearlineArea(ex);
                for (QName q : req.names()) {
                    boolean computed = TapeProperties.isOne(q) && TapeProperties.value(q, e, nearline) != null
                            || QosProperties.isOne(q) && qosClass != null;
                    (isLive(q, live, e, space) || computed || dead.containsKey(q) ? found : missing).add(q);
                }
                if (!found.isEmpty() || missing.isEmpty()) {
                    startPropstat(x);
                    for (QName q : found) {
                        if (isLive(q, live, e, space)) writeLive(x, q.getLocalPart(), e, space, false);
                        else if (TapeProperties.isOne(q)) x.element(q, TapeProperties.value(q, e, nearline));
                        else if (QosProperties.isOne(q)) x.element(q, qosClass);
                        else x.property(q, dead.get(q));
                    }
                    endPropstat(x, "200 OK");
                }
                if (!missing.isEmpty()) {
                    startPropstat(x);
                    for (QName q : missing) x.property(q, null);
                    endPropstat(x, "404 Not Found");
                }
            }
        }
        x.end();
        x.newline();
    }

    private static boolean isLive(QName q, List<String> live, EntryInfo e, SpaceUsage space) {
        return Xml.DAV.equals(q.getNamespaceURI()) && live.contains(q.getLocalPart()) && liveValue(q.getLocalPart(), e, space) != null;
    }

    private static void startPropstat(DavXmlWriter x) throws IOException {
        x.start("propstat");
        x.start("prop");
    }

    static void endPropstat(DavXmlWriter x, String status) throws IOException {
        x.end();
        x.element("status", "HTTP/1.1 " + status);
        x.end();
    }

    private static String liveValue(String p, EntryInfo e, SpaceUsage space) {
        return switch (p) {
            case "resourcetype" -> ""; // written by writeLive: <D:collection/> inside for a collection
            case "getcontentlength" -> e.isDirectory() ? null : Long.toString(e.size());
            case "getlastmodified" -> HttpDates.format(e.modified());
            case "creationdate" -> HttpDates.iso(e.modified());
            case "displayname" -> e.path().name();
            case "getetag" -> e.etag();
            case "getcontenttype" -> e.isDirectory() ? null : "application/octet-stream";
            // RFC 4331; Rucio reads quota-used-bytes from the first propstat of an allprop answer (SPECS §4.2)
            case "quota-used-bytes" -> e.isDirectory() && space.usedBytes() >= 0 ? Long.toString(space.usedBytes()) : null;
            case "quota-available-bytes" -> e.isDirectory() && space.availableBytes() >= 0 ? Long.toString(space.availableBytes()) : null;
            default -> null;
        };
    }

    private static void writeLive(DavXmlWriter x, String p, EntryInfo e, SpaceUsage space, boolean nameOnly) throws IOException {
        String v = liveValue(p, e, space);
        if (v == null) return;
        if (p.equals("resourcetype") && e.isDirectory() && !nameOnly) {
            x.start(p);
            x.empty("collection");
            x.end();
        } else if (nameOnly || v.isEmpty()) {
            x.empty(p);
        } else {
            x.element(p, v);
        }
    }
}
