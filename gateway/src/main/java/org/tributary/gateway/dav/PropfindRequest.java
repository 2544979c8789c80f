package org.tributary.gateway.dav;

import org.tributary.gateway.http.HttpError;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.util.ArrayList;
import java.util.List;

/** A parsed PROPFIND body (RFC 4918 §9.1): allprop (also for an empty body), propname, or named properties. */
record PropfindRequest(Kind kind, List<QName> names) {

    enum Kind { ALLPROP, PROPNAME, PROP }

    static PropfindRequest parse(byte[] body) {
        if (body.length == 0 || isBlank(body)) return new PropfindRequest(Kind.ALLPROP, List.of());
        XMLStreamReader r = Xml.reader(body);
        QName root = Xml.documentElement(r);
        if (!Xml.isDav(root, "propfind")) throw HttpError.badRequest("PROPFIND body must be a DAV:propfind element");
        Kind kind = null;
        List<QName> names = new ArrayList<>();
        try {
            Xml.StartTags tags = new Xml.StartTags(r);
            for (QName n = tags.next(); n != null; n = tags.next()) {
                if (tags.depth() == 2) {
                    if (Xml.isDav(n, "allprop")) kind = Kind.ALLPROP;
                    else if (Xml.isDav(n, "propname")) kind = Kind.PROPNAME;
                    else if (Xml.isDav(n, "prop")) kind = kind == null ? Kind.PROP : kind;
                } else if (tags.depth() == 3 && kind == Kind.PROP) {
                    names.add(n);
                }
            }
        } catch (XMLStreamException e) {
            throw HttpError.badRequest("PROPFIND body is not well-formed XML: " + Xml.firstLine(e.getMessage()));
        }
        if (kind == null) throw HttpError.badRequest("PROPFIND body names neither allprop, propname nor prop");
        return new PropfindRequest(kind, List.copyOf(names));
    }

    private static boolean isBlank(byte[] b) {
        for (byte x : b) if (x != ' ' && x != '\n' && x != '\r' && x != '\t') return false;
        return true;
    }
}
