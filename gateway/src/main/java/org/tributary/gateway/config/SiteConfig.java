package org.tributary.gateway.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code site:} section: how this storage element names itself to the WLCG information system and to Rucio
 * (docs/qos.md, "Reporting"; decision 0033). The Storage Resource Reporting document (SPECS §4.3) is served at
 * {@code srrPath} on every listener, and {@code tributary describe} derives RSE names from {@code name}.
 *
 * @param name    the SRR {@code storageservice.name} and the first part of every RSE name {@code describe} prints;
 *                when absent, the Tape REST {@code sitename}, else {@value #DEFAULT_NAME}
 * @param id      the SRR {@code storageservice.id} (CRIC's key for this service); when absent, the name in lower case
 *                followed by {@code -se}
 * @param srrPath the URL path of the SRR document; outside every storage area (dCache's path by default)
 */
public record SiteConfig(String name, String id, String srrPath) {

    public static final String DEFAULT_NAME = "TRIBUTARY";
    public static final String DEFAULT_SRR_PATH = "/api/v1/srr";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public SiteConfig {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ConfigProblem("name", "'" + name + "' is not allowed; use letters, digits, '.', '_' and '-'"
                    + " (the name CRIC and Rucio know this site by, e.g. EXAMPLE-SITE)");
        }
        if (id == null) id = name.toLowerCase(Locale.ROOT) + "-se";
        if (!NAME.matcher(id).matches()) {
            throw new ConfigProblem("id", "'" + id + "' is not allowed; use letters, digits, '.', '_' and '-'");
        }
        srrPath = AccessPoint.apiPath("srr-path", srrPath, DEFAULT_SRR_PATH);
    }

    /** The section left out: named after the Tape REST site if there is one. */
    public static SiteConfig defaults(TapeRestConfig tapeRest) {
        String name = tapeRest != null && tapeRest.enabled() ? tapeRest.sitename() : DEFAULT_NAME;
        return new SiteConfig(name, null, DEFAULT_SRR_PATH);
    }

    /**
     * Refuses an SRR path that lies inside a storage area or a class access point, holds one, or is the Tape REST
     * path: one of them would be unreachable.
     *
     * @return the problem, or null
     */
    String overlapWith(List<StorageAreaConfig> areas, TapeRestConfig tapeRest) {
        String area = AccessPoint.overlappingAreaPoint(srrPath, areas);
        if (area != null) {
            return "'" + srrPath + "' overlaps " + area + "; choose a path outside every area, e.g. "
                    + DEFAULT_SRR_PATH;
        }
        if (tapeRest.enabled() && (AccessPoint.covers(tapeRest.path(), srrPath)
                || AccessPoint.covers(srrPath, tapeRest.path()))) {
            return "'" + srrPath + "' overlaps the Tape REST path '" + tapeRest.path() + "'; use e.g. "
                    + DEFAULT_SRR_PATH;
        }
        return null;
    }
}
