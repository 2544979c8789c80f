package org.tributary.gateway.cdmi;

import org.tributary.backend.placement.Placement;
import org.tributary.gateway.area.StorageArea;
import org.tributary.qos.QosClass;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The QoS classes of the whole gateway as CDMI names them: one capability per class label, whatever area offers it
 * (gfal2 asks for the classes of an endpoint, not of an area: {@code GET <base>/cdmi_capabilities/dataobject}). A
 * label several areas use is one capability whose transitions are the union of theirs; a change request is resolved
 * in the file's own area, which refuses a class it does not have. An area without classes offers one implicit class,
 * its {@code qos} label, kept on disk, with no transitions.
 */
final class QosCatalogue {

    /**
     * One class label as the capability document shows it.
     *
     * @param name       the label
     * @param placements the placement it means, per configured area that offers it (in configuration order)
     * @param allowed    the labels a file of this class may change to (the other classes of its areas)
     */
    record Capability(String name, Map<String, Placement> placements, List<String> allowed) { }

    private final Map<String, Capability> capabilities;

    QosCatalogue(List<StorageArea> areas) {
        Map<String, Map<String, Placement>> placements = new LinkedHashMap<>();
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        for (StorageArea a : areas) {
            if (a.isClassView()) continue; // a view's classes are its storage's, listed once with the configured area
            List<String> names = new ArrayList<>();
            List<Placement> kept = new ArrayList<>();
            if (a.classes().isPresent()) {
                for (QosClass c : a.classes().get().classes()) {
                    names.add(c.name());
                    kept.add(c.target().placement());
                }
            } else {
                names.add(a.config().qos());
                kept.add(Placement.DISK);
            }
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                placements.computeIfAbsent(n, k -> new LinkedHashMap<>()).put(a.storageName(), kept.get(i));
                Set<String> to = allowed.computeIfAbsent(n, k -> new LinkedHashSet<>());
                for (String other : names) if (!other.equals(n)) to.add(other);
            }
        }
        Map<String, Capability> out = new LinkedHashMap<>();
        placements.forEach((n, p) -> out.put(n, new Capability(n, Map.copyOf(p), List.copyOf(allowed.get(n)))));
        this.capabilities = out;
    }

    /** The labels, in configuration order. */
    List<String> names() { return List.copyOf(capabilities.keySet()); }

    Optional<Capability> capability(String name) { return Optional.ofNullable(capabilities.get(name)); }
}
