package org.tributary.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code tape-rest:} section: the WLCG Tape REST API v1 (SPECS §2; docs/tape-rest.md). Present means on; the
 * endpoints are served on every listener, under {@code path}, and the discovery document at
 * {@code /.well-known/wlcg-tape-rest-api}.
 *
 * @param enabled             whether the API is served ({@code false} when the section is absent)
 * @param sitename            the discovery document's {@code sitename}, and the key of {@code targetedMetadata} this
 *                            gateway reads (besides {@code default})
 * @param description         the discovery document's {@code description}; empty for none
 * @param path                the URL path of the API ({@code uri} in discovery); outside every storage area
 * @param defaultPinLifetime  how long a staged file is pinned on disk when the request has no {@code diskLifetime}
 *                            (gfal2 never sends one)
 * @param maxPinLifetime      a longer {@code diskLifetime} is shortened to this (not refused)
 * @param requestLifetime     how long a stage request is kept after submission; then it is forgotten (404)
 * @param maxFilesPerRequest  a stage request with more files is answered 413 (FTS sends up to 2,000)
 * @param store               where stage requests are kept
 */
public record TapeRestConfig(boolean enabled, String sitename, String description, String path,
                             Duration defaultPinLifetime, Duration maxPinLifetime, Duration requestLifetime,
                             int maxFilesPerRequest, Store store) {

    public static final String DEFAULT_SITENAME = "tributary";
    public static final String DEFAULT_PATH = "/api/v1/tape";
    public static final Duration DEFAULT_PIN_LIFETIME = Duration.ofHours(24);
    public static final Duration DEFAULT_MAX_PIN_LIFETIME = Duration.ofDays(7);
    public static final Duration DEFAULT_REQUEST_LIFETIME = Duration.ofHours(24);
    /** FTS sends up to 2,000 files per request (SPECS §2.5a); this leaves room for larger clients. */
    public static final int DEFAULT_MAX_FILES = 10_000;
    /** The least a configuration may set: what FTS sends. */
    public static final int MIN_MAX_FILES = 2_000;

    private static final Pattern SITENAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public static final TapeRestConfig OFF = new TapeRestConfig(false, DEFAULT_SITENAME, "", DEFAULT_PATH,
            DEFAULT_PIN_LIFETIME, DEFAULT_MAX_PIN_LIFETIME, DEFAULT_REQUEST_LIFETIME, DEFAULT_MAX_FILES,
            Store.NONE);

    public TapeRestConfig {
        if (sitename == null || !SITENAME.matcher(sitename).matches()) {
            throw new ConfigProblem("sitename", "'" + sitename + "' is not allowed; use letters, digits, '.', '_' and"
                    + " '-' (the name Rucio and FTS know this site by, e.g. EXAMPLE-TAPE)");
        }
        if (description == null) description = "";
        path = AccessPoint.apiPath("path", path, DEFAULT_PATH);
        positive("default-pin-lifetime", defaultPinLifetime);
        positive("max-pin-lifetime", maxPinLifetime);
        positive("request-lifetime", requestLifetime);
        if (defaultPinLifetime.compareTo(maxPinLifetime) > 0) {
            throw new ConfigProblem("default-pin-lifetime", DurationText.format(defaultPinLifetime)
                    + " is longer than max-pin-lifetime (" + DurationText.format(maxPinLifetime) + ")");
        }
        if (maxFilesPerRequest < MIN_MAX_FILES) {
            throw new ConfigProblem("max-files-per-request", maxFilesPerRequest + " is not allowed; use at least "
                    + MIN_MAX_FILES + " (FTS sends up to 2,000 files in one request)");
        }
        if (store == null) throw new ConfigProblem("store", "is required");
        if (enabled && store.type() == StoreType.NONE) {
            throw new ConfigProblem("state-directory", "is required: stage requests are kept in a SQLite file there"
                    + " (e.g. state-directory: /var/lib/tributary), or set store: {type: postgresql, ...}");
        }
    }

    /**
     * Refuses a path that lies inside a storage area (its files would be unreachable) or holds one.
     *
     * @return the problem, or null
     */
    String overlapWith(List<StorageAreaConfig> areas) {
        if (!enabled) return null;
        for (StorageAreaConfig a : areas) {
            for (String ap : a.accessPoints()) {
                if (AccessPoint.covers(ap, path) || AccessPoint.covers(path, ap) || ap.equals(path)) {
                    return "'" + path + "' overlaps access point '" + ap + "' of storage area '" + a.name()
                            + "'; choose a path outside every area, e.g. " + DEFAULT_PATH;
                }
            }
        }
        return null;
    }

    private static void positive(String key, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) throw new ConfigProblem(key, "must be more than zero, e.g. 24h");
    }

    public enum StoreType {
        /** No store (the API is off). */
        NONE,
        /** One SQLite file in the state directory: one gateway. */
        SQLITE,
        /** A PostgreSQL database: several gateways serving one tape area share their stage requests. */
        POSTGRESQL;

        public String configName() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * Where stage requests are kept (decision 0026).
     *
     * @param type           sqlite (the default) or postgresql
     * @param stateDirectory sqlite: the directory of {@code stage-requests.db} (created when missing)
     * @param url            postgresql: the JDBC URL, {@code jdbc:postgresql://host:port/database}
     * @param user           postgresql: the user name, or null for the driver's default
     * @param passwordFile   postgresql: a file holding the password (first line), or null
     */
    public record Store(StoreType type, Path stateDirectory, String url, String user, Path passwordFile) {

        public static final Store NONE = new Store(StoreType.NONE, null, null, null, null);
        public static final String SQLITE_FILE = "stage-requests.db";

        public Store {
            if (type == null) throw new ConfigProblem("store.type", "is required");
            if (type == StoreType.SQLITE && stateDirectory == null) {
                throw new ConfigProblem("state-directory", "is required for the sqlite store, e.g."
                        + " state-directory: /var/lib/tributary");
            }
            if (type == StoreType.POSTGRESQL && (url == null || !url.startsWith("jdbc:postgresql://"))) {
                throw new ConfigProblem("store.url", "'" + url + "' is not allowed; use"
                        + " jdbc:postgresql://HOST:PORT/DATABASE");
            }
        }

        public static Store sqlite(Path stateDirectory) {
            return new Store(StoreType.SQLITE, stateDirectory, null, null, null);
        }
    }
}
