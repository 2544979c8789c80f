package org.tributary.gateway.dav;

import org.tributary.gateway.access.Operation;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestBodies;
import org.tributary.gateway.http.ResponseBodies;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PROPPATCH (RFC 4918 §9.2): dead properties stored with the entry, applied all-or-nothing. Live DAV: properties are
 * protected (403), and then nothing else is applied (424).
 */
public final class ProppatchMethod {

    private static final int MAX_BODY = 1 << 20;

    private record Update(QName name, String fragment) { } // fragment null = remove

    private ProppatchMethod() { }

    public static void handle(DavExchange ex) throws IOException {
        ex.stat(ex.path()).orElseThrow(() -> HttpError.notFound("no such file or collection: " + ex.path()));
        ex.require(Operation.MODIFY, ex.path());
        List<Update> updates = parse(RequestBodies.readSmall(ex.request(), MAX_BODY));
        boolean anyProtected = updates.stream().anyMatch(u -> Xml.DAV.equals(u.name.getNamespaceURI()));
        if (!anyProtected) {
            Map<String, String> set = new LinkedHashMap<>();
            Set<String> remove = new HashSet<>();
            for (Update u : updates) {
                String key = DeadProperties.key(u.name);
                if (u.fragment == null) {
                    set.remove(key);
                    remove.add(key);
                } else {
                    remove.remove(key);
                    set.put(key, u.fragment);
                }
            }
            ex.backend().updateAttributes(ex.path(), set, remove);
        }
        StringWriter w = new StringWriter();
        w.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:multistatus xmlns:D=\"DAV:\">\n<D:response><D:href>");
        boolean dir = ex.stat(ex.path()).map(e -> e.isDirectory()).orElse(false);
        w.write(Xml.escape(ex.href(ex.path(), dir)));
        w.write("</D:href>");
        for (Update u : updates) {
            String status = !anyProtected ? "200 OK"
                    : Xml.DAV.equals(u.name.getNamespaceURI()) ? "403 Forbidden" : "424 Failed Dependency";
            w.write("<D:propstat><D:prop>");
            PropfindMethod.writeDead(w, u.name, null, true);
            w.write("</D:prop><D:status>HTTP/1.1 " + status + "</D:status></D:propstat>");
        }
        w.write("</D:response>\n</D:multistatus>\n");
        ResponseBodies.text(ex.response(), 207, "application/xml; charset=utf-8", w.toString(), false);
    }

    private static List<Update> parse(byte[] body) {
        if (body.length == 0) throw HttpError.badRequest("PROPPATCH needs a DAV:propertyupdate body");
        XMLStreamReader r = Xml.reader(body);
        QName root = Xml.documentElement(r);
        if (!Xml.isDav(root, "propertyupdate")) throw HttpError.badRequest("PROPPATCH body must be a DAV:propertyupdate element");
        List<Update> out = new ArrayList<>();
        try {
            int depth = 1;
            boolean setting = false;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    QName n = r.getName();
                    if (depth == 2) {
                        if (Xml.isDav(n, "set")) setting = true;
                        else if (Xml.isDav(n, "remove")) setting = false;
                        else throw HttpError.badRequest("unexpected element " + n + " in propertyupdate");
                    } else if (depth == 4) {
                        String fragment = setting ? fragment(r) : skip(r);
                        depth--; // fragment()/skip() consumed the END_ELEMENT of the property
                        out.add(new Update(n, setting ? fragment : null));
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        } catch (XMLStreamException e) {
            throw HttpError.badRequest("PROPPATCH body is not well-formed XML: " + Xml.firstLine(e.getMessage()));
        }
        if (out.isEmpty()) throw HttpError.badRequest("PROPPATCH names no property");
        return out;
    }

    /** The content of the current element as a self-contained XML fragment; leaves the reader on its END_ELEMENT. */
    private static String fragment(XMLStreamReader r) throws XMLStreamException {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        while (r.hasNext()) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
                    sb.append('<').append(r.getLocalName()).append(" xmlns=\"").append(Xml.escape(ns)).append('"');
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        String ans = r.getAttributeNamespace(i);
                        if (ans != null && !ans.isEmpty()) {
                            sb.append(" xmlns:a").append(i).append("=\"").append(Xml.escape(ans)).append("\" a").append(i).append(':');
                        } else {
                            sb.append(' ');
                        }
                        sb.append(r.getAttributeLocalName(i)).append("=\"").append(Xml.escape(r.getAttributeValue(i))).append('"');
                    }
                    sb.append('>');
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (depth == 0) return sb.toString();
                    depth--;
                    sb.append("</").append(r.getLocalName()).append('>');
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                        sb.append(Xml.escape(r.getText()));
                default -> { }
            }
        }
        throw HttpError.badRequest("PROPPATCH body ends inside a property");
    }

    private static String skip(XMLStreamReader r) throws XMLStreamException {
        fragment(r);
        return null;
    }
}
