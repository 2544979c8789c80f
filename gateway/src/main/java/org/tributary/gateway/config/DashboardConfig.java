package org.tributary.gateway.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code dashboard:} section: the admin's live page (docs/dashboard.md). On by default, and answered only to
 * callers on loopback unless {@code admin-groups} names the token groups that may see it from elsewhere (the page
 * shows file paths, remote URLs and error reasons, so it is never public).
 *
 * @param enabled     whether the page and its status document are served
 * @param path        the URL path of the page; its script and status document are below it. Outside every area
 * @param adminGroups token groups (wlcg.groups, e.g. {@code /escape/admins}) whose members see the dashboard from a
 *                    non-loopback address; empty: loopback only
 */
public record DashboardConfig(boolean enabled, String path, List<String> adminGroups) {

    public static final String DEFAULT_PATH = "/dashboard";
    public static final DashboardConfig DEFAULT = new DashboardConfig(true, DEFAULT_PATH, List.of());

    public DashboardConfig {
        path = AccessPoint.apiPath("path", path, DEFAULT_PATH);
        adminGroups = adminGroups == null ? List.of() : List.copyOf(adminGroups);
        for (int i = 0; i < adminGroups.size(); i++) {
            String g = adminGroups.get(i);
            if (!g.startsWith("/") || g.length() < 2 || g.chars().anyMatch(c -> c <= ' ')) {
                throw new ConfigProblem("admin-groups[" + i + "]", "'" + g + "' is not a group; use a wlcg.groups"
                        + " name such as /escape/admins");
            }
        }
    }

    /**
     * Refuses a path inside a storage area or a class access point, or holding one, and one that overlaps another of
     * the gateway's own URL spaces.
     *
     * @param others the other API paths in use, by their key ("cdmi.path" → "/cdmi")
     * @return the problem, or null
     */
    String overlapWith(List<StorageAreaConfig> areas, java.util.Map<String, String> others) {
        if (!enabled) return null;
        for (StorageAreaConfig a : areas) {
            List<String> points = new ArrayList<>(a.accessPoints());
            a.qosClasses().classes().forEach(c -> points.add(c.accessPoint()));
            for (String ap : points) {
                if (AccessPoint.covers(ap, path) || AccessPoint.covers(path, ap)) {
                    return "'" + path + "' overlaps access point '" + ap + "' of storage area '" + a.name()
                            + "'; choose a path outside every area (dashboard.path), or dashboard.enabled: false";
                }
            }
        }
        for (var o : others.entrySet()) {
            if (AccessPoint.covers(o.getValue(), path) || AccessPoint.covers(path, o.getValue())) {
                return "'" + path + "' overlaps " + o.getKey() + " '" + o.getValue() + "'; choose another"
                        + " dashboard.path, e.g. " + DEFAULT_PATH;
            }
        }
        return null;
    }
}
