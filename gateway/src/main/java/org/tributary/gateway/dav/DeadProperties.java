package org.tributary.gateway.dav;

import javax.xml.namespace.QName;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WebDAV dead properties kept as backend attributes: key "dav:{namespace}local", value the property's content as a
 * self-contained XML fragment (every element declares its own namespace), so it can be written back verbatim.
 */
final class DeadProperties {

    static final String PREFIX = "dav:";

    private DeadProperties() { }

    static String key(QName name) {
        return PREFIX + "{" + name.getNamespaceURI() + "}" + name.getLocalPart();
    }

    static QName name(String key) {
        int close = key.indexOf('}', PREFIX.length());
        return new QName(key.substring(PREFIX.length() + 1, close), key.substring(close + 1));
    }

    static Map<QName, String> from(Map<String, String> attributes) {
        Map<QName, String> out = new LinkedHashMap<>();
        for (var e : attributes.entrySet()) {
            if (e.getKey().startsWith(PREFIX + "{") && e.getKey().indexOf('}') > 0) out.put(name(e.getKey()), e.getValue());
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
