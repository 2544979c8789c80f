package org.tributary.gateway.dav;

import org.tributary.backend.EntryInfo;
import org.tributary.qos.AreaClasses;
import org.tributary.qos.QosClass;

import javax.xml.namespace.QName;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * A file's QoS class in PROPFIND (issue 13; docs/qos.md): {@code qos-class} in Tributary's namespace, the class the
 * file is in or on its way to, the same label CDMI's {@code capabilitiesURI} ends in once a change is complete. dCache
 * shows QoS only in its REST API ({@code currentQos}/{@code targetQos}), so no client reads a WebDAV property for it
 * yet: ours is shown unasked (allprop) on the files of areas with classes, and on request anywhere (an area without
 * classes answers its {@code qos} label).
 */
final class QosProperties {

    static final String NS = "https://tributary.invalid/ns/qos";
    static final QName QOS_CLASS = new QName(NS, "qos-class");

    private QosProperties() { }

    static boolean isOne(QName q) { return q.equals(QOS_CLASS); }

    /** Whether the request's area has QoS classes (its files show the class unasked). */
    static boolean classArea(DavExchange ex) {
        return ex.area().classes().isPresent();
    }

    /** The class of a file; null for a collection (a class belongs to each file). */
    static String value(DavExchange ex, EntryInfo e) throws IOException {
        if (!e.isFile()) return null;
        var area = ex.area();
        if (area.classes().isEmpty()) return area.config().qos();
        AreaClasses classes = area.classes().get();
        var shared = area.toShared(e.path());
        Map<String, String> attrs = area.shared().attributes(shared, Set.of(AreaClasses.OVERRIDE_KEY));
        QosClass c = classes.classOf(shared, attrs);
        return c.name();
    }
}
