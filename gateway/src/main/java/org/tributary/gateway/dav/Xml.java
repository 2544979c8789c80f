package org.tributary.gateway.dav;

import org.tributary.gateway.http.HttpError;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import java.io.ByteArrayInputStream;

/** XML for DAV bodies: a StAX reader with DTDs and external entities off, and escaping for the HTML listing. */
final class Xml {

    static final String DAV = "DAV:";

    private static final XMLInputFactory INPUT = XMLInputFactory.newFactory();

    static {
        INPUT.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        INPUT.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        INPUT.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        INPUT.setProperty(XMLInputFactory.IS_COALESCING, true);
        try {
            INPUT.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        } catch (IllegalArgumentException ignored) {
            // not every StAX implementation knows the JAXP property; DTD support is already off
        }
    }

    private Xml() { }

    static XMLStreamReader reader(byte[] body) {
        try {
            return new MalformedAsStreamException(INPUT.createXMLStreamReader(new ByteArrayInputStream(body)));
        } catch (XMLStreamException | RuntimeException e) {
            throw HttpError.badRequest("request body is not well-formed XML");
        }
    }

    /** A reader over a stored dead property value, wrapped in one element so that text and siblings parse. */
    static XMLStreamReader fragmentReader(String fragment) throws XMLStreamException {
        return new MalformedAsStreamException(INPUT.createXMLStreamReader(new java.io.StringReader("<w>" + fragment + "</w>")));
    }

    /**
     * The JDK's StAX parser reports some malformed input with a runtime exception instead of an XMLStreamException
     * (a NUL inside a DTD: MissingResourceException "InvalidCharInDTD"; found by XmlRequestBodyFuzzTest). Turned
     * into the checked exception every caller already answers with a 400.
     */
    private static final class MalformedAsStreamException extends StreamReaderDelegate {
        MalformedAsStreamException(XMLStreamReader r) { super(r); }

        @Override
        public int next() throws XMLStreamException {
            try {
                return super.next();
            } catch (RuntimeException e) {
                throw new XMLStreamException("malformed input (" + e.getClass().getSimpleName() + " "
                        + firstLine(e.getMessage()) + ")");
            }
        }

        @Override
        public boolean hasNext() throws XMLStreamException {
            try {
                return super.hasNext();
            } catch (RuntimeException e) {
                throw new XMLStreamException("malformed input (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /** Advances to the document element; 400 when there is none or the body is not XML. */
    static QName documentElement(XMLStreamReader r) {
        try {
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) return r.getName();
                if (ev == XMLStreamConstants.DTD) throw HttpError.badRequest("DTDs are not allowed in request bodies");
            }
        } catch (XMLStreamException e) {
            throw HttpError.badRequest("request body is not well-formed XML: " + firstLine(e.getMessage()));
        }
        throw HttpError.badRequest("request body has no XML document element");
    }

    /**
     * The start tags below a body's document element, one at a time, each with its depth (the document element's
     * children are at 2): the walk PROPFIND and PROPPATCH bodies share.
     */
    static final class StartTags {
        private final XMLStreamReader r;
        private int depth = 1;

        /** {@code r} stands on the document element ({@link #documentElement}). */
        StartTags(XMLStreamReader r) {
            this.r = r;
        }

        /** The next start tag's name, the reader on it; null at the end of the document. */
        QName next() throws XMLStreamException {
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    return r.getName();
                }
                if (ev == XMLStreamConstants.END_ELEMENT) depth--;
            }
            return null;
        }

        int depth() {
            return depth;
        }

        /** The caller read the current element through its end tag (to copy or skip it). */
        void endRead() {
            depth--;
        }
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static boolean isDav(QName n, String local) {
        return DAV.equals(n.getNamespaceURI()) && local.equals(n.getLocalPart());
    }

    static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&apos;";
                default -> null;
            };
            if (rep != null) {
                if (sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                sb.append(rep);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }
}
