package org.tributary.gateway;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed DAV:multistatus body (RFC 4918 §14.16): responses in document order, each with its href and its
 * propstats in order. Namespace-aware, so a prefix other than "D" would be understood as well.
 */
public record Multistatus(List<Resp> responses) {

    public static final String DAV = "DAV:";

    public record Propstat(String status, Element prop) {
        /** The HTTP status code of "HTTP/1.1 200 OK". */
        public int code() { return Integer.parseInt(status.trim().split(" ")[1]); }

        public Optional<Element> property(String ns, String local) {
            for (Element e : children(prop)) {
                if (ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())) return Optional.of(e);
            }
            return Optional.empty();
        }

        public List<Element> properties() { return children(prop); }
    }

    public record Resp(String href, List<Propstat> propstats, Element element) {
        /** The propstat that carries a property, if any. */
        public Optional<Propstat> propstatOf(String ns, String local) {
            return propstats.stream().filter(p -> p.property(ns, local).isPresent()).findFirst();
        }

        /** The text of a property found with status 200, or empty. */
        public Optional<String> prop200(String ns, String local) {
            for (Propstat p : propstats) {
                if (p.code() == 200) {
                    Optional<Element> e = p.property(ns, local);
                    if (e.isPresent()) return Optional.of(e.get().getTextContent());
                }
            }
            return Optional.empty();
        }

        public Optional<String> dav(String local) { return prop200(DAV, local); }

        public boolean isCollection() {
            for (Propstat p : propstats) {
                if (p.code() != 200) continue;
                Optional<Element> rt = p.property(DAV, "resourcetype");
                if (rt.isPresent()) {
                    return children(rt.get()).stream()
                            .anyMatch(c -> DAV.equals(c.getNamespaceURI()) && "collection".equals(c.getLocalName()));
                }
            }
            return false;
        }
    }

    public Resp response(String href) {
        return responses.stream().filter(r -> r.href.equals(href)).findFirst()
                .orElseThrow(() -> new AssertionError("no response with href " + href + " in " + hrefs()));
    }

    public List<String> hrefs() {
        return responses.stream().map(Resp::href).toList();
    }

    public static Multistatus parse(byte[] body) {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("not a well-formed XML body: " + e.getMessage() + "\n"
                    + new String(body, StandardCharsets.UTF_8), e);
        }
        Element root = doc.getDocumentElement();
        if (!DAV.equals(root.getNamespaceURI()) || !"multistatus".equals(root.getLocalName())) {
            throw new AssertionError("document element is " + root.getNodeName() + ", not DAV:multistatus");
        }
        List<Resp> out = new ArrayList<>();
        for (Element r : children(root)) {
            if (!isDav(r, "response")) continue;
            String href = null;
            List<Propstat> ps = new ArrayList<>();
            for (Element c : children(r)) {
                if (isDav(c, "href")) href = c.getTextContent();
                if (isDav(c, "propstat")) {
                    Element prop = null;
                    String status = null;
                    for (Element pc : children(c)) {
                        if (isDav(pc, "prop")) prop = pc;
                        if (isDav(pc, "status")) status = pc.getTextContent();
                    }
                    ps.add(new Propstat(status, prop));
                }
            }
            out.add(new Resp(href, ps, r));
        }
        return new Multistatus(out);
    }

    static boolean isDav(Element e, String local) {
        return DAV.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }

    public static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        if (e == null) return out;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el) out.add(el);
        }
        return out;
    }
}
