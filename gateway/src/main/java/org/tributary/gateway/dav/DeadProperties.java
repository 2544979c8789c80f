package org.tributary.gateway.dav;

import javax.xml.namespace.QName;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WebDAV dead properties kept as backend attributes: key "dav:{namespace}local", value the property's content as a
 * self-contained XML fragment (every element declares its own namespace), so it can be written back verbatim.
 *
 * <p>The key is unambiguous for any namespace name because the local name is an XML NCName (Namespaces in XML §3),
 * which cannot contain '}': the namespace is everything up to the <em>last</em> '}'. Keys were always written this
 * way; reading them up to the first '}' was the bug that turned a namespace such as "urn:a}b" into an element named
 * "b}p" and broke every listing of the collection (issue 15). So every key on disk reads correctly, with no
 * migration. The backends store keys as opaque strings (base64 xattr names or length-prefixed side-car entries on
 * POSIX, java.util.Properties escaping on S3), so any namespace round-trips there.
 */
final class DeadProperties {

    static final String PREFIX = "dav:";
    private static final System.Logger LOG = System.getLogger(DeadProperties.class.getName());

    private DeadProperties() { }

    static String key(QName name) {
        return PREFIX + "{" + name.getNamespaceURI() + "}" + name.getLocalPart();
    }

    /** The property name of a key, or null if it is not a dead property key whose local part is an XML name. */
    static QName name(String key) {
        if (!key.startsWith(PREFIX + "{")) return null;
        int close = key.lastIndexOf('}');
        if (close < PREFIX.length()) return null;
        String local = key.substring(close + 1);
        if (!DavXmlWriter.isNcName(local)) return null;
        return new QName(key.substring(PREFIX.length() + 1, close), local);
    }

    static Map<QName, String> from(Map<String, String> attributes) {
        Map<QName, String> out = new LinkedHashMap<>();
        for (var e : attributes.entrySet()) {
            if (!e.getKey().startsWith(PREFIX)) continue;
            QName q = name(e.getKey());
            if (q == null) {
                // not written by PROPPATCH (set by hand?): it could not be an element name, so it is not shown
                LOG.log(System.Logger.Level.WARNING, "ignoring dead property key that names no XML element: {0}",
                        e.getKey().replaceAll("\\p{Cntrl}", "?"));
                continue;
            }
            out.put(q, e.getValue());
        }
        return out;
    }

    /** Only the dead properties of an attribute map (for COPY, which copies properties with the content). */
    static Map<String, String> only(Map<String, String> attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        attributes.forEach((k, v) -> { if (k.startsWith(PREFIX)) out.put(k, v); });
        return out;
    }
}
