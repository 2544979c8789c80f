package org.tributary.gateway.cdmi;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.security.AccessDecision;
import org.tributary.gateway.security.AccessGuard;
import org.tributary.gateway.security.AccessPolicy;
import org.tributary.gateway.security.Identity;
import org.tributary.gateway.security.RequestOperations;
import org.tributary.qos.AreaClasses;
import org.tributary.qos.ClassChanges;
import org.tributary.qos.QosClass;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The class of one file or collection, and a change of a file's class, with the access checks WebDAV makes for the
 * same knowledge and the same kind of change ({@link RequestOperations}): reading the class is a stat, as PROPFIND
 * Depth 0 that shows it ({@code storage.read} or any storage scope per SPECS §3.2, anonymous as the area allows a
 * stat); changing it modifies the file, as PROPPATCH ({@code storage.modify}; refused in a read-only area). The work
 * itself is {@link ClassChanges}' on the area's shared storage, so a class view and the plain view agree.
 */
final class ObjectQos {

    /**
     * Where an entry stands.
     *
     * @param entry   the stat of the entry (through the request's area)
     * @param current the class whose placement the entry has now (for a collection: the class of its directory)
     * @param target  the class it is changing to, while the change is not complete
     */
    record State(EntryInfo entry, String current, Optional<String> target) { }

    private final AccessGuard guard;

    ObjectQos(AccessGuard guard) {
        this.guard = guard;
    }

    State state(Identity who, AreaRouter.Route route) throws IOException {
        EntryInfo e = entry(route);
        authorize(who, route, RequestOperations.Verb.PROPFIND_SELF, e);
        StorageArea area = route.area();
        Optional<AreaClasses> classes = area.classes();
        if (classes.isEmpty()) return new State(e, area.config().qos(), Optional.empty());
        AreaPath shared = area.toShared(route.path());
        if (!e.isFile()) {
            QosClass c = classes.get().directoryClass(shared).orElse(classes.get().defaultClass());
            return new State(e, c.name(), Optional.empty());
        }
        ClassChanges.FileClass fc = ClassChanges.status(area.shared(), classes.get(), shared);
        if (fc.held()) return new State(fc.entry(), fc.assigned().name(), Optional.empty());
        // On the way to its class: it is still in the class whose placement it has (its directory's first).
        QosClass natural = classes.get().directoryClass(shared).orElse(classes.get().defaultClass());
        String now = java.util.stream.Stream.concat(java.util.stream.Stream.of(natural),
                        classes.get().classes().stream())
                .filter(c -> c.target().placement().heldBy(fc.entry().locality()))
                .findFirst().orElse(fc.assigned()).name();
        return new State(fc.entry(), now, Optional.of(fc.assigned().name()));
    }

    /** Gives the file at {@code route} the class {@code name}; returns once the change is recorded and started. */
    void change(Identity who, AreaRouter.Route route, String name) throws IOException {
        EntryInfo e = entry(route);
        authorize(who, route, RequestOperations.Verb.PROPPATCH, e);
        if (!e.isFile()) {
            throw new HttpError(409, route.urlPath(route.path()) + " is a collection; a QoS class belongs to each file"
                    + " (a collection is in the class of its directory)");
        }
        StorageArea area = route.area();
        Optional<AreaClasses> classes = area.classes();
        if (classes.isEmpty()) {
            if (name.equals(area.config().qos())) return; // already there: nothing to do
            throw new HttpError(409, "storage area '" + area.storageName() + "' has no QoS classes: every file of it is"
                    + " '" + area.config().qos() + "'");
        }
        QosClass to = classes.get().byName(name).orElseThrow(() -> new HttpError(409, "storage area '"
                + area.storageName() + "' has no QoS class '" + name + "'; its classes are "
                + String.join(", ", classes.get().classes().stream().map(QosClass::name).toList())));
        ClassChanges.change(area.shared(), classes.get(), area.toShared(route.path()), to);
    }

    private static EntryInfo entry(AreaRouter.Route route) throws IOException {
        return route.area().backend().stat(route.path()).orElseThrow(() -> HttpError.notFound(
                "no such file or collection: " + route.urlPath(route.path())));
    }

    private void authorize(Identity who, AreaRouter.Route route, RequestOperations.Verb verb, EntryInfo e) {
        List<RequestOperations.Check> checks = RequestOperations.checks(verb, RequestOperations.Target.of(e));
        for (RequestOperations.Check c : checks) {
            AccessDecision d = guard.decide(who, route.area(), c.op(), route.path());
            if (!d.allowed()) {
                throw AccessPolicy.refusal(who, route.area(), c.op(),
                        AccessDecision.deny(route.urlPath(route.path()) + ": " + d.reason()));
            }
        }
    }
}
