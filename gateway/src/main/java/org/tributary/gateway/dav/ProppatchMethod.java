package org.tributary.gateway.dav;

import org.tributary.backend.EntryInfo;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.LogText;
import org.tributary.gateway.http.RequestBodies;
import org.tributary.gateway.http.ResponseBodies;
import org.tributary.gateway.security.RequestOperations;

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
        EntryInfo target = ex.stat(ex.path()).orElseThrow(() -> HttpError.notFound("no such file or collection: " + ex.path()));
        ex.authorize(RequestOperations.Verb.PROPPATCH, RequestOperations.Target.of(target));
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
        DavXmlWriter x = DavXmlWriter.multistatus(w);
        x.start("response");
        boolean dir = ex.stat(ex.path()).map(e -> e.isDirectory()).orElse(false);
        x.element("href", ex.href(ex.path(), dir));
        for (Update u : updates) {
            String status = !anyProtected ? "200 OK"
                    : Xml.DAV.equals(u.name.getNamespaceURI()) ? "403 Forbidden" : "424 Failed Dependency";
            x.start("propstat");
            x.start("prop");
            x.property(u.name, null);
            PropfindMethod.endPropstat(x, status);
        }
        x.end();
        x.finish();
        ResponseBodies.text(ex.response(), 207, "application/xml; charset=utf-8", w.toString(), false);
    }

    private static List<Update> parse(byte[] body) {
        if (body.length == 0) throw HttpError.badRequest("PROPPATCH needs a DAV:propertyupdate body");
        XMLStreamReader r = Xml.reader(body);
        QName root = Xml.documentElement(r);
        if (!Xml.isDav(root, "propertyupdate")) throw HttpError.badRequest("PROPPATCH body must be a DAV:propertyupdate element");
        List<Update> out = new ArrayList<>();
        try {
            boolean setting = false;
            Xml.StartTags tags = new Xml.StartTags(r);
            for (QName n = tags.next(); n != null; n = tags.next()) {
                if (tags.depth() == 2) {
                    if (Xml.isDav(n, "set")) setting = true;
                    else if (Xml.isDav(n, "remove")) setting = false;
                    // the name's namespace is the client's text: escaped, so the reason stays one line
                    else throw HttpError.badRequest("unexpected element " + LogText.quoted(n.toString())
                            + " in propertyupdate");
                } else if (tags.depth() == 4) {
                    String fragment = setting ? fragment(r) : skip(r);
                    tags.endRead(); // fragment()/skip() consumed the END_ELEMENT of the property
                    out.add(new Update(n, setting ? fragment : null));
                }
            }
        } catch (XMLStreamException e) {
            throw HttpError.badRequest("PROPPATCH body is not well-formed XML: " + Xml.firstLine(e.getMessage()));
        }
        if (out.isEmpty()) throw HttpError.badRequest("PROPPATCH names no property");
        return out;
    }

    /**
     * The content of the current element as a self-contained XML fragment; leaves the reader on its END_ELEMENT.
     * A property whose name or content XML 1.0 cannot carry is refused: every answer is XML 1.0, and a value that
     * could not be written back would come back changed.
     */
    private static String fragment(XMLStreamReader r) throws XMLStreamException {
        checkName(r);
        try {
            return DavXmlWriter.fragmentOf(new CheckingReader(r));
        } catch (java.io.IOException e) {
            throw new XMLStreamException(e.getMessage()); // a StringWriter does not fail
        }
    }

    private static void checkName(XMLStreamReader r) {
        String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
        if (DavXmlWriter.firstNonXml10(ns) >= 0) {
            throw HttpError.badRequest("property namespace of " + r.getLocalName() + " has a character XML 1.0 cannot carry");
        }
        // a URI has no whitespace but spaces are kept; tabs and line breaks would come back as spaces (XML 1.0 §3.3.3)
        if (ns.indexOf('\t') >= 0 || ns.indexOf('\n') >= 0 || ns.indexOf('\r') >= 0) {
            throw HttpError.badRequest("property namespace of " + r.getLocalName() + " has a tab or line break: not a URI");
        }
    }

    /** Refuses text and attribute values that XML 1.0 cannot carry while the fragment is copied. */
    private static final class CheckingReader extends javax.xml.stream.util.StreamReaderDelegate {
        CheckingReader(XMLStreamReader r) { super(r); }

        @Override
        public int next() throws XMLStreamException {
            int ev = super.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                checkName(getParent());
                for (int i = 0; i < getAttributeCount(); i++) {
                    check(getAttributeValue(i), "an attribute value");
                    String ans = getAttributeNamespace(i);
                    if (ans != null) check(ans, "an attribute namespace");
                }
            } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA || ev == XMLStreamConstants.SPACE) {
                check(getText(), "the value");
            }
            return ev;
        }

        private static void check(String s, String what) {
            if (DavXmlWriter.firstNonXml10(s) >= 0) {
                throw HttpError.badRequest("property has a character XML 1.0 cannot carry in " + what);
            }
        }
    }

    private static String skip(XMLStreamReader r) throws XMLStreamException {
        fragment(r);
        return null;
    }
}
