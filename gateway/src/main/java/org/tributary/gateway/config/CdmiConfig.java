package org.tributary.gateway.config;

import java.util.List;

/**
 * The {@code cdmi:} section: the CDMI subset gfal2's QoS calls use (docs/qos.md, "CDMI"). On by default, so
 * {@code gfal-qos}-style clients work on any gateway; its URLs are its own ({@code path}, default {@code /cdmi}),
 * because gfal2 reads a plain GET of a file's URL as the CDMI object, which the WebDAV URL of the file cannot be.
 *
 * @param enabled whether the CDMI URLs are served
 * @param path    the URL path under which the capabilities and the objects are served; outside every access point
 */
public record CdmiConfig(boolean enabled, String path) {

    public static final String DEFAULT_PATH = "/cdmi";
    public static final CdmiConfig DEFAULT = new CdmiConfig(true, DEFAULT_PATH);

    public CdmiConfig {
        path = AccessPoint.apiPath("path", path, DEFAULT_PATH);
    }

    /**
     * Refuses a path that lies inside a storage area or a class access point (their files would be unreachable
     * there) or holds one, and one equal to the Tape REST path.
     *
     * @return the problem, or null
     */
    String overlapWith(List<StorageAreaConfig> areas, TapeRestConfig tapeRest) {
        if (!enabled) return null;
        String area = AccessPoint.overlappingAreaPoint(path, areas);
        if (area != null) {
            return "'" + path + "' overlaps " + area + "; choose a path outside every area (cdmi.path), or"
                    + " cdmi.enabled: false";
        }
        if (tapeRest.enabled() && (AccessPoint.covers(tapeRest.path(), path)
                || AccessPoint.covers(path, tapeRest.path()))) {
            return "'" + path + "' overlaps the Tape REST path '" + tapeRest.path() + "'; choose another cdmi.path";
        }
        return null;
    }
}
