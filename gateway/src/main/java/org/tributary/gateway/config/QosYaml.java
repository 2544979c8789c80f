package org.tributary.gateway.config;

import org.tributary.backend.AreaPath;
import org.tributary.backend.InvalidPathException;
import org.tributary.backend.placement.Placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads an area's {@code qos} key: a free-text label ({@code qos: tape}), or a section with the area's QoS classes.
 *
 * <pre>
 * qos:
 *   classes:
 *     - {name: FAST, placement: disk, access-point: /km3net/fast}
 *     - {name: SAFE, placement: disk+tape, access-point: /km3net/safe}
 *   default-class: FAST
 * </pre>
 */
final class QosYaml {

    static final String[] KEYS = {"classes", "default-class"};
    static final String[] CLASS_KEYS = {"name", "placement", "storage-class", "access-point", "directory"};
    private static final String EXAMPLE = "classes: [{name: FAST, placement: disk, access-point: /data/fast}]";

    private QosYaml() { }

    /** Whether the area's {@code qos} is the classes section rather than a label. */
    static boolean isSection(YamlSection area) {
        return area.raw("qos") instanceof java.util.Map<?, ?>;
    }

    static QosConfig read(YamlSection q) throws ConfigException {
        q.allowOnly(KEYS);
        Object v = q.raw("classes");
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw new ConfigException(q.keyPath("classes") + ": at least one class is required, e.g. " + EXAMPLE
                    + " (or write qos: <label> for an area without classes)");
        }
        List<QosClassConfig> classes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            YamlSection c = YamlSection.of(q.keyPath("classes") + "[" + i + "]", list.get(i));
            classes.add(readClass(c));
        }
        try {
            return new QosConfig(classes, q.text("default-class", null));
        } catch (ConfigProblem p) {
            throw p.under(q.path()).toConfigException();
        }
    }

    private static QosClassConfig readClass(YamlSection c) throws ConfigException {
        c.allowOnly(CLASS_KEYS);
        String placementText = c.requiredText("placement", "placement: disk (or disk+tape, tape)");
        Placement placement = Placement.parse(placementText).orElseThrow(() -> new ConfigException(
                c.keyPath("placement") + ": '" + placementText + "' is not allowed; use disk, disk+tape or tape"));
        AreaPath directory = null;
        String d = c.text("directory", null);
        if (d != null) {
            try {
                directory = AreaPath.parse(d);
            } catch (InvalidPathException e) {
                throw new ConfigException(c.keyPath("directory") + ": '" + d + "': " + e.getMessage());
            }
        }
        try {
            return new QosClassConfig(c.requiredText("name", "name: SAFE"), placement,
                    Optional.ofNullable(c.text("storage-class", null)), c.text("access-point", null), directory);
        } catch (ConfigProblem p) {
            throw p.under(c.path()).toConfigException();
        }
    }

    /** The section as {@link #read} reads it, every directory written out. */
    static java.util.Map<String, Object> write(QosConfig q) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        List<Object> classes = new ArrayList<>();
        for (QosClassConfig c : q.classes()) {
            java.util.Map<String, Object> cm = new java.util.LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("placement", c.placement().wireName());
            c.storageClass().ifPresent(s -> cm.put("storage-class", s));
            cm.put("access-point", c.accessPoint());
            cm.put("directory", c.directory().toString());
            classes.add(cm);
        }
        m.put("classes", classes);
        m.put("default-class", q.defaultClass());
        return m;
    }
}
