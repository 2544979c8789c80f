package org.tributary.gateway.dav;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;

/**
 * DAV XML answers (multistatus of PROPFIND and PROPPATCH, dead property values) through the JDK's streaming
 * {@link XMLStreamWriter}, which escapes markup characters and keeps elements and namespace declarations consistent.
 * It does not check names or characters, so this class adds what makes the output well-formed XML 1.0 whatever a
 * stored property or a file name holds (issue 15: one stored namespace broke every listing of its collection):
 * element names must be XML names (callers skip what is not), and text and attribute values lose characters XML 1.0
 * cannot carry (replaced by U+FFFD, XML 1.0 §2.2). A CR in text is written as a character reference so that it
 * survives the reader's line-end normalisation (§2.11). The JDK's own factory is used explicitly, so another StAX
 * implementation on the class path cannot change the output.
 */
final class DavXmlWriter {

    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newDefaultFactory();
    private static final String D = "D";
    private static final char REPLACEMENT = '\uFFFD';

    private final XMLStreamWriter w;

    private DavXmlWriter(Writer out) throws IOException {
        try {
            this.w = OUTPUT.createXMLStreamWriter(out);
        } catch (XMLStreamException e) {
            throw io(e);
        }
    }

    /** Starts a document with a DAV:multistatus root (the "D" prefix bound to DAV:). */
    static DavXmlWriter multistatus(Writer out) throws IOException {
        DavXmlWriter x = new DavXmlWriter(out);
        try {
            x.w.writeStartDocument("utf-8", "1.0");
            x.w.writeCharacters("\n");
            x.w.writeStartElement(D, "multistatus", Xml.DAV);
            x.w.writeNamespace(D, Xml.DAV);
            x.w.writeCharacters("\n");
        } catch (XMLStreamException e) {
            throw io(e);
        }
        return x;
    }

    void start(String davLocal) throws IOException {
        try {
            w.writeStartElement(D, davLocal, Xml.DAV);
        } catch (XMLStreamException e) {
            throw io(e);
        }
    }

    void empty(String davLocal) throws IOException {
        try {
            w.writeEmptyElement(D, davLocal, Xml.DAV);
        } catch (XMLStreamException e) {
            throw io(e);
        }
    }

    void end() throws IOException {
        try {
            w.writeEndElement();
        } catch (XMLStreamException e) {
            throw io(e);
        }
    }

    /** {@code <D:local>text</D:local>}. */
    void element(String davLocal, String text) throws IOException {
        start(davLocal);
        text(text);
        end();
    }

    /** {@code <local xmlns="ns">text</local>}: a computed property outside DAV: (SRM's FileLocality). */
    void element(javax.xml.namespace.QName name, String text) throws IOException {
        try {
            w.writeStartElement("", name.getLocalPart(), name.getNamespaceURI());
            w.writeDefaultNamespace(name.getNamespaceURI());
        } catch (XMLStreamException e) {
            throw io(e);
        }
        text(text);
        end();
    }

    void text(String s) throws IOException {
        try {
            String safe = xml10(s);
            int cr = safe.indexOf('\r');
            if (cr < 0) {
                w.writeCharacters(safe);
                return;
            }
            int from = 0;
            for (; cr >= 0; cr = safe.indexOf('\r', from)) {
                w.writeCharacters(safe.substring(from, cr));
                w.writeEntityRef("#13"); // the JDK writer puts "&" + name + ";" verbatim: a character reference
                from = cr + 1;
            }
            w.writeCharacters(safe.substring(from));
        } catch (XMLStreamException e) {
            throw io(e);
        }
    }

    /** A line break between responses, for people reading the answer. */
    void newline() throws IOException {
        try {
            w.writeCharacters("\n");
        } catch (XMLStreamException e) {
            throw io(e);
        }
    }

    /**
     * A property by name: DAV: ones with the "D" prefix, others declaring their namespace as the default (an empty
     * namespace included: {@code xmlns=""}). With a stored value (a fragment from {@link #fragmentOf}), its events
     * are replayed inside; a value that no longer parses is written as its text.
     */
    void property(QName name, String fragment) throws IOException {
        try {
            boolean dav = Xml.DAV.equals(name.getNamespaceURI());
            boolean empty = fragment == null || fragment.isEmpty();
            if (dav) {
                if (empty) w.writeEmptyElement(D, name.getLocalPart(), Xml.DAV);
                else w.writeStartElement(D, name.getLocalPart(), Xml.DAV);
            } else {
                if (empty) w.writeEmptyElement("", name.getLocalPart(), name.getNamespaceURI());
                else w.writeStartElement("", name.getLocalPart(), name.getNamespaceURI());
                w.writeDefaultNamespace(xml10(name.getNamespaceURI()));
            }
            if (empty) return;
            replay(fragment);
            w.writeEndElement();
        } catch (XMLStreamException e) {
            throw io(e);
        }
    }

    private void replay(String fragment) throws IOException {
        try {
            XMLStreamReader r = Xml.fragmentReader(xml10(fragment));
            r.nextTag(); // the wrapper element
            copyContent(r);
        } catch (XMLStreamException e) {
            // stored by hand or damaged: its characters still reach the client, as text
            System.getLogger(DavXmlWriter.class.getName()).log(System.Logger.Level.WARNING,
                    "dead property value is not well-formed XML, sent as text: {0}", Xml.firstLine(e.getMessage()));
            text(fragment);
        }
    }

    /**
     * The content of the reader's current element as a self-contained fragment (every element declares its own
     * namespace, so it can be replayed anywhere); leaves the reader on the element's END_ELEMENT. The caller has
     * refused characters XML 1.0 cannot carry ({@link #firstNonXml10}).
     */
    static String fragmentOf(XMLStreamReader r) throws XMLStreamException, IOException {
        java.io.StringWriter out = new java.io.StringWriter();
        DavXmlWriter x = new DavXmlWriter(out);
        x.copyContent(r);
        x.w.flush();
        return out.toString();
    }

    /** Copies the content of the reader's current element, leaving the reader on that element's END_ELEMENT. */
    private void copyContent(XMLStreamReader r) throws XMLStreamException, IOException {
        int depth = 0;
        while (r.hasNext()) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> {
                    depth++;
                    String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
                    w.writeStartElement("", r.getLocalName(), ns);
                    w.writeDefaultNamespace(xml10(ns));
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        String ans = r.getAttributeNamespace(i);
                        String value = xml10(r.getAttributeValue(i));
                        if (ans != null && !ans.isEmpty()) {
                            w.writeNamespace("a" + i, xml10(ans));
                            w.writeAttribute("a" + i, ans, r.getAttributeLocalName(i), value);
                        } else {
                            w.writeAttribute(r.getAttributeLocalName(i), value);
                        }
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (depth-- == 0) return;
                    w.writeEndElement();
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> text(r.getText());
                default -> { }
            }
        }
        throw new XMLStreamException("the XML ends inside a property");
    }

    /** Ends the document and flushes (the caller closes the underlying writer). */
    void finish() throws IOException {
        try {
            w.writeEndDocument();
            w.flush();
        } catch (XMLStreamException e) {
            throw io(e);
        }
    }

    /** {@code s} with every character XML 1.0 cannot carry (§2.2 Char) replaced by U+FFFD. */
    static String xml10(String s) {
        int bad = firstNonXml10(s);
        if (bad < 0) return s;
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, bad);
        for (int i = bad; i < s.length(); ) {
            int cp = s.codePointAt(i);
            b.appendCodePoint(isXml10(cp) ? cp : REPLACEMENT);
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    /** The index of the first character XML 1.0 cannot carry (a lone surrogate counts), or -1. */
    static int firstNonXml10(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!isXml10(cp)) return i;
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static boolean isXml10(int cp) {
        return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    /** An NCName (Namespaces in XML §3): what a property's local name must be to be written as an element. */
    static boolean isNcName(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean ok = i == 0 ? isNameStart(cp) : isNameStart(cp) || cp == '-' || cp == '.' || (cp >= '0' && cp <= '9')
                    || cp == 0xB7 || (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x203F && cp <= 0x2040);
            if (!ok) return false;
            i += Character.charCount(cp);
        }
        return true;
    }

    /** XML 1.0 (fifth edition) §2.3 NameStartChar, without ':'. */
    private static boolean isNameStart(int c) {
        return (c >= 'A' && c <= 'Z') || c == '_' || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6)
                || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D)
                || (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F)
                || (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF)
                || (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
    }

    private static IOException io(XMLStreamException e) {
        // the JDK writer wraps the underlying writer's IOException (a client that went away)
        return e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
}
