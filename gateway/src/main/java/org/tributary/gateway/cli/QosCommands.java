package org.tributary.gateway.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.AccessPoint;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.QosClassConfig;
import org.tributary.gateway.config.StorageAreaConfig;
import org.tributary.gateway.http.RequestTarget;
import org.tributary.qos.AreaClasses;
import org.tributary.qos.rules.ClassExplanation;
import org.tributary.qos.rules.RuleSweep;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code tributary qos explain [--config FILE] PATH}: the QoS class of the file at a URL path, why, whether its
 * placement holds, and the next change a time rule makes, with its date (docs/qos.md, "qos explain").
 *
 * <p>It works from the configuration and, for a POSIX area, the files themselves (stat and attributes, read only, as
 * {@code authz explain} does). Other backends are not opened: a tape-sim library admits one process at a time (the
 * running gateway holds it) and an S3 area would need the gateway's credentials; their files are explained from the
 * configuration alone, and the output says so.
 */
final class QosCommands {

    private QosCommands() { }

    static Options explainOptions() {
        return CliOptions.table("""
                --config FILE              YAML configuration file (default: the built-in one)
                """);
    }

    /** qos explain [--config F] PATH: exit 0, or 1 when the path is in no area with QoS classes. */
    static int qos(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("explain")) {
            throw new ParseException("usage: tributary qos explain [--config FILE] PATH");
        }
        CommandLine cl = new DefaultParser().parse(explainOptions(), java.util.Arrays.copyOfRange(args, 1, args.length));
        if (cl.getArgList().size() != 1) throw new ParseException("qos explain needs one PATH, e.g. /km3net/fast/run1");
        GatewayConfig cfg = cl.hasOption("config") ? GatewayConfig.load(Path.of(cl.getOptionValue("config")))
                : GatewayConfig.embeddedDefault();
        String urlPath = cl.getArgList().getFirst();
        AreaPath inUrl = new AreaPath(RequestTarget.decodeSegments(urlPath));
        String normal = inUrl.isRoot() ? "/" : inUrl.toString();

        // the longest access point that covers the path: an area's own, or one of its classes'
        StorageAreaConfig area = null;
        QosClassConfig view = null;
        String prefix = null;
        for (StorageAreaConfig a : cfg.areas()) {
            for (String ap : a.accessPoints()) {
                if (AccessPoint.covers(ap, normal) && (prefix == null || ap.length() > prefix.length())) {
                    area = a; view = null; prefix = ap;
                }
            }
            for (QosClassConfig c : a.qosClasses().classes()) {
                if (AccessPoint.covers(c.accessPoint(), normal) && (prefix == null
                        || c.accessPoint().length() > prefix.length())) {
                    area = a; view = c; prefix = c.accessPoint();
                }
            }
        }
        if (area == null) {
            System.out.println(urlPath + " is not in any storage area");
            return 1;
        }
        AreaPath inArea = new AreaPath(inUrl.segments().subList(AreaPath.parse(prefix).segments().size(),
                inUrl.segments().size()));
        AreaPath shared = view == null ? inArea : inArea.rebase(AreaPath.ROOT, view.directory());
        System.out.println("path: " + urlPath + " → " + (view == null ? "storage area '" + area.name() + "'"
                : "class view '" + area.className(view) + "' of storage area '" + area.name() + "'")
                + ", " + shared + " in its storage");
        Optional<AreaClasses> classes = StorageArea.areaClasses(area.qosClasses());
        if (classes.isEmpty()) {
            System.out.println("storage area '" + area.name() + "' has no QoS classes (qos: " + area.qos() + ")");
            return 1;
        }
        Optional<EntryInfo> entry = Optional.empty();
        Map<String, String> attrs = Map.of();
        StorageBackend b = open(area);
        if (b != null) {
            try (b) {
                entry = b.stat(shared);
                if (entry.isEmpty()) {
                    System.out.println("note: nothing is at " + shared + " yet; a file written there would be:");
                } else if (!entry.get().isFile()) {
                    System.out.println("note: " + shared + " is a collection; a QoS class belongs to each file."
                            + " A file written in it would be:");
                } else {
                    attrs = b.attributes(shared, Set.of(AreaClasses.OVERRIDE_KEY, RuleSweep.APPLIED_KEY));
                    System.out.println("file: " + entry.get().size() + " bytes, modified " + entry.get().modified());
                }
            }
        }
        for (String line : ClassExplanation.lines(classes.get(), area.qosClasses().rules(), shared, entry, attrs,
                Clock.systemUTC().instant())) {
            System.out.println(line);
        }
        return 0;
    }

    /** The area's storage to read, or null (with a note saying why the explanation is from configuration alone). */
    private static StorageBackend open(StorageAreaConfig a) {
        if (!a.backend().isPosix()) {
            System.out.println("note: the " + a.backend().type() + " storage of area '" + a.name() + "' is not opened"
                    + " here (" + (a.backend().type().equals("tape-sim") ? "its library admits one process, the"
                    + " running gateway" : "explain does not hold the gateway's credentials") + "); from the"
                    + " configuration alone: no file attributes, no placement check, no dates");
            return null;
        }
        try {
            return PosixBackend.open(a.backend().root());
        } catch (IOException | RuntimeException e) {
            System.out.println("note: area '" + a.name() + "' cannot be opened (" + e.getMessage() + "); from the"
                    + " configuration alone");
            return null;
        }
    }
}
