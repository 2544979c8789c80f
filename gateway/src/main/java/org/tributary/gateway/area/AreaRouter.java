package org.tributary.gateway.area;

import org.tributary.backend.AreaPath;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the storage area a request path belongs to: the longest access point that is a component-wise prefix of
 * the path ("/data" serves "/data/x" but never "/database").
 */
public final class AreaRouter {

    public record Route(StorageArea area, String accessPoint, AreaPath path) {
        /** The URL path of an entry of this area, as clients address it (unencoded). */
        public String urlPath(AreaPath p) {
            return p.isRoot() ? accessPoint : accessPoint + p;
        }
    }

    private record Mount(List<String> segments, String accessPoint, StorageArea area) { }

    private final List<Mount> mounts = new ArrayList<>();
    private final List<StorageArea> areas;

    public AreaRouter(List<StorageArea> areas) {
        this.areas = List.copyOf(areas);
        for (StorageArea a : areas) {
            for (String ap : a.config().accessPoints()) {
                mounts.add(new Mount(AreaPath.parse(ap).segments(), ap, a));
            }
        }
        mounts.sort(Comparator.comparingInt((Mount m) -> m.segments.size()).reversed());
    }

    public List<StorageArea> areas() { return areas; }

    public Optional<Route> route(List<String> segments) {
        for (Mount m : mounts) {
            if (segments.size() >= m.segments.size() && segments.subList(0, m.segments.size()).equals(m.segments)) {
                return Optional.of(new Route(m.area, m.accessPoint,
                        new AreaPath(segments.subList(m.segments.size(), segments.size()))));
            }
        }
        return Optional.empty();
    }
}
