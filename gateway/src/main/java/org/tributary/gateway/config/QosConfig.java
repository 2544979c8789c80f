package org.tributary.gateway.config;

import org.tributary.backend.AreaPath;
import org.tributary.qos.rules.TimeRule;
import org.tributary.qos.rules.TimeRules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The QoS classes of a storage area (issue 13, docs/decisions/0028): each class is a directory of the area's storage
 * published under an access point of its own, so Rucio can register it as an RSE, over the same storage as the
 * others. A class's directory, when not given, is its access point relative to one of the area's own access points
 * when it is nested in one ({@code /km3net/fast} under {@code /km3net} keeps its files in {@code /fast}, so both URLs
 * name the same file), else {@code /<name>}.
 *
 * @param classes      at least one, names and access points and directories distinct
 * @param defaultClass the class of files outside every class directory (what the area's own access points write)
 * @param rules        transitions over time (docs/decisions/0034): every class a rule names is one of the classes
 */
public record QosConfig(List<QosClassConfig> classes, String defaultClass, TimeRules rules) {

    /** An area without classes: its free-text {@code qos} label is all there is. */
    public static final QosConfig NONE = new QosConfig(List.of(), null);

    public QosConfig(List<QosClassConfig> classes, String defaultClass) {
        this(classes, defaultClass, TimeRules.NONE);
    }

    public QosConfig {
        classes = List.copyOf(classes);
        if (rules == null) rules = TimeRules.NONE;
        if (classes.isEmpty() && !rules.isEmpty()) throw new ConfigProblem("rules", "need classes to move files to");
        if (!classes.isEmpty()) {
            checkDistinct(classes);
            if (defaultClass == null) defaultClass = classes.getFirst().name();
            String d = defaultClass;
            if (classes.stream().noneMatch(c -> c.name().equals(d))) {
                throw new ConfigProblem("default-class", "'" + d + "' is not one of the classes ("
                        + String.join(", ", classes.stream().map(QosClassConfig::name).toList()) + ")");
            }
            checkRules(classes, rules);
        } else if (defaultClass != null) {
            throw new ConfigProblem("default-class", "has no effect without classes");
        }
    }

    private static void checkRules(List<QosClassConfig> classes, TimeRules rules) {
        List<TimeRule> rs = rules.rules();
        for (int i = 0; i < rs.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (rs.get(j).path().equals(rs.get(i).path())) {
                    throw new ConfigProblem("rules[" + i + "].path", "'" + rs.get(i).path() + "' already has rules["
                            + j + "]; write the steps of one directory in one rule");
                }
            }
            List<TimeRule.Step> steps = rs.get(i).steps();
            for (int k = 0; k < steps.size(); k++) {
                String n = steps.get(k).className();
                if (classes.stream().noneMatch(c -> c.name().equals(n))) {
                    throw new ConfigProblem("rules[" + i + "]." + stepKey(rs.get(i), k), "'" + n + "' is not one of"
                            + " the classes (" + String.join(", ", classes.stream().map(QosClassConfig::name).toList())
                            + ")");
                }
            }
        }
    }

    /** Where step {@code k} of a rule was written: its {@code class}, or {@code then[..].class}. */
    static String stepKey(TimeRule r, int k) {
        boolean first = r.steps().getFirst().after().isZero();
        return first && k == 0 ? "class" : "then[" + (first ? k - 1 : k) + "].class";
    }

    public boolean hasClasses() { return !classes.isEmpty(); }

    public Optional<QosClassConfig> byName(String name) {
        return classes.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** These classes with every directory decided against the area's own access points. */
    QosConfig withDirectories(List<String> areaAccessPoints) {
        List<QosClassConfig> out = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            QosClassConfig c = classes.get(i);
            AreaPath d = c.directory() != null ? c.directory() : defaultDirectory(c, areaAccessPoints);
            for (int j = 0; j < out.size(); j++) {
                AreaPath o = out.get(j).directory();
                if (d.startsWith(o) || o.startsWith(d)) {
                    throw new ConfigProblem("classes[" + i + "].directory", "'" + d + "' overlaps the directory '" + o
                            + "' of class " + out.get(j).name() + "; each class keeps its files apart");
                }
            }
            for (String ap : areaAccessPoints) {
                if (ap.equals(c.accessPoint())) {
                    throw new ConfigProblem("classes[" + i + "].access-point", "'" + ap + "' is already the area's"
                            + " own access point; give the class a prefix of its own, e.g. " + ap + "/"
                            + c.name().toLowerCase(Locale.ROOT));
                }
            }
            out.add(c.withDirectory(d));
        }
        return new QosConfig(out, defaultClass, rules);
    }

    private static AreaPath defaultDirectory(QosClassConfig c, List<String> areaAccessPoints) {
        for (String ap : areaAccessPoints) {
            if (AccessPoint.covers(ap, c.accessPoint()) && !ap.equals(c.accessPoint())) {
                return AreaPath.parse(c.accessPoint().substring(ap.length()));
            }
        }
        return new AreaPath(List.of(c.name()));
    }

    private static void checkDistinct(List<QosClassConfig> classes) {
        for (int j = 0; j < classes.size(); j++) {
            QosClassConfig b = classes.get(j);
            for (int i = 0; i < j; i++) {
                QosClassConfig a = classes.get(i);
                if (a.name().equalsIgnoreCase(b.name())) {
                    throw new ConfigProblem("classes[" + j + "].name", "'" + b.name() + "' is already the name of"
                            + " classes[" + i + "]; class names must differ (ignoring case)");
                }
                if (AccessPoint.covers(a.accessPoint(), b.accessPoint())
                        || AccessPoint.covers(b.accessPoint(), a.accessPoint())) {
                    throw new ConfigProblem("classes[" + j + "].access-point", "'" + b.accessPoint() + "' overlaps"
                            + " the access point '" + a.accessPoint() + "' of class " + a.name()
                            + "; use prefixes where neither contains the other");
                }
            }
        }
    }
}
