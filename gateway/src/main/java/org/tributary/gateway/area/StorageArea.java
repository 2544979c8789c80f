package org.tributary.gateway.area;

import org.tributary.backend.AreaPath;
import org.tributary.backend.ForwardingBackend;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.checksum.ChecksummingBackend;
import org.tributary.backend.placement.PlacementTarget;
import org.tributary.backend.stack.BackendStack;
import org.tributary.backend.stack.PrefixedBackend;
import org.tributary.gateway.config.QosClassConfig;
import org.tributary.gateway.config.QosConfig;
import org.tributary.gateway.config.StorageAreaConfig;
import org.tributary.qos.AreaClasses;
import org.tributary.qos.ClassPlacementBackend;
import org.tributary.qos.ClassUsageBackend;
import org.tributary.qos.QosClass;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A storage area at run time: its configuration and its backend stack, built by {@link BackendStack} from the area's
 * settings. Handlers talk to {@link #backend()}, the top of the stack, and find what a layer offers beyond the SPI
 * with {@link StorageBackend#feature}.
 *
 * <p>An area with QoS classes (issue 13, docs/decisions/0028) is served as several StorageAreas over one storage: the
 * configured area itself (its own access points show the whole storage) and one <em>class view</em> per class, whose
 * stack is checksums → {@link ClassPlacementBackend} → {@link ClassUsageBackend} (the class's own usage) →
 * {@link PrefixedBackend} (the class directory) → the area's
 * {@link #shared()} stack (area quota → raw backend). Routing, scopes and hrefs work on a view as on any area; what
 * belongs to the storage as a whole (group policies, in-place copies between classes) uses {@link #storageName()} and
 * {@link #toShared}.
 */
public final class StorageArea {

    private final StorageAreaConfig config;
    private final StorageBackend backend;
    private final StorageBackend shared;
    private final ChecksummingBackend checksums;
    private final String storageName;
    private final AreaPath directory;
    private final Optional<QosClass> qosClass;
    private final Optional<AreaClasses> classes;

    public StorageArea(StorageAreaConfig config, StorageBackend raw) {
        this.config = config;
        OptionalLong quota = config.quotaBytes() == null ? OptionalLong.empty() : OptionalLong.of(config.quotaBytes());
        StorageBackend stack = BackendStack.build(raw, new BackendStack.Layers(config.checksums(), quota,
                config.quotaRescan()));
        // BackendStack puts checksums on top: what is below them is the storage every view of this area shares.
        this.shared = ((ForwardingBackend) stack).delegate();
        this.storageName = config.name();
        this.directory = AreaPath.ROOT;
        this.qosClass = Optional.empty();
        this.classes = areaClasses(config.qosClasses());
        this.backend = classes.isEmpty() ? stack : BackendStack.build(new ClassPlacementBackend(shared,
                p -> classes.get().classOf(p, Map.of()).target()), BackendStack.Layers.checksumsOnly(config.checksums()));
        this.checksums = backend.feature(ChecksummingBackend.class).orElseThrow();
    }

    private StorageArea(StorageArea owner, QosClassConfig c) {
        StorageAreaConfig o = owner.config;
        this.config = new StorageAreaConfig(o.className(c), List.of(c.accessPoint()), o.backend(), o.readOnly(),
                o.anonymous(), c.name(), null, o.putCreatesParents(), o.checksums(), o.durable(), o.tpc(),
                o.tpcStreams(), o.quotaRescan(), QosConfig.NONE);
        this.shared = owner.shared;
        this.storageName = owner.storageName;
        this.directory = c.directory();
        this.classes = owner.classes;
        this.qosClass = classes.orElseThrow().byName(c.name());
        StorageBackend view = new ClassPlacementBackend(new ClassUsageBackend(new PrefixedBackend(shared,
                c.directory()), o.quotaRescan()), qosClass.orElseThrow().target());
        this.backend = BackendStack.build(view, BackendStack.Layers.checksumsOnly(o.checksums()));
        this.checksums = backend.feature(ChecksummingBackend.class).orElseThrow();
    }

    /** The views of this area's QoS classes (none for an area without classes). */
    public List<StorageArea> classViews() {
        return config.qosClasses().classes().stream().map(c -> new StorageArea(this, c)).toList();
    }

    private static Optional<AreaClasses> areaClasses(QosConfig q) {
        if (!q.hasClasses()) return Optional.empty();
        List<QosClass> cs = q.classes().stream().map(c -> new QosClass(c.name(),
                new PlacementTarget(c.placement(), c.storageClass()), c.directory(), c.accessPoint())).toList();
        return Optional.of(new AreaClasses(cs, cs.stream().filter(c -> c.name().equals(q.defaultClass()))
                .findFirst().orElseThrow()));
    }

    public String name() { return config.name(); }

    public StorageAreaConfig config() { return config; }

    public StorageBackend backend() { return backend; }

    /** The checksum layer of the stack (every area has one). */
    public ChecksummingBackend checksums() { return checksums; }

    /**
     * The configured area this is, or is a class view of: group policies and issuers' area lists name it, and two
     * areas with the same storage name share one storage (an in-place copy between them needs no transfer).
     */
    public String storageName() { return storageName; }

    /** The stack below every view of the storage (area quota, raw backend): paths here are {@link #toShared} paths. */
    public StorageBackend shared() { return shared; }

    /** The path in the shared storage of a path of this area. */
    public AreaPath toShared(AreaPath p) { return directory.isRoot() ? p : p.rebase(AreaPath.ROOT, directory); }

    /** The path in this area of a shared path, if this area shows it. */
    public Optional<AreaPath> fromShared(AreaPath p) {
        if (directory.isRoot()) return Optional.of(p);
        return p.startsWith(directory) ? Optional.of(p.rebase(directory, AreaPath.ROOT)) : Optional.empty();
    }

    /** The class this view serves; empty for a configured area (whose files are in the class of their directory). */
    public Optional<QosClass> qosClass() { return qosClass; }

    /** The QoS classes of the storage, if it has any. */
    public Optional<AreaClasses> classes() { return classes; }

    /** Whether this is a class view (it does not own, and must not close, the shared stack). */
    public boolean isClassView() { return qosClass.isPresent(); }
}
