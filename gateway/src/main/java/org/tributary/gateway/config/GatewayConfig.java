package org.tributary.gateway.config;

import org.tributary.tpc.TpcSettings;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole gateway configuration: listeners plus storage areas. Constructing one checks everything that can be
 * checked without touching the machine (formats, ranges, overlaps, the anonymous-write rule);
 * {@link #load}, {@link #parse} and {@link #withOverrides} additionally check that the TLS files are readable, so
 * a gateway that passed {@code check-config} does not fail on them at start-up.
 */
public record GatewayConfig(ServerConfig server, List<StorageAreaConfig> areas, TokenConfig tokens, TpcSettings tpc,
                            TapeRestConfig tapeRest, SiteConfig site, CdmiConfig cdmi, DashboardConfig dashboard,
                            HealthConfig health) {

    public GatewayConfig {
        if (server == null) throw new ConfigProblem("server", "is required");
        if (areas == null || areas.isEmpty()) {
            throw new ConfigProblem("storage-areas", "at least one storage area is required, e.g. storage-areas:"
                    + " [{name: data, access-points: [/data], backend: {type: posix, root: /srv/data}}]");
        }
        areas = List.copyOf(areas);
        checkAreasAreDistinct(areas);
        checkAnonymousWrites(server, areas);
        if (tpc == null) tpc = TpcSettings.defaults();
        if (tokens == null) tokens = TokenConfig.NONE;
        TokenConfigCheck.check(server, areas, tokens);
        if (tapeRest == null) tapeRest = TapeRestConfig.OFF;
        checkTapeAreasCanBeStaged(areas, tapeRest);
        String overlap = tapeRest.overlapWith(areas);
        if (overlap != null) throw new ConfigProblem("tape-rest.path", overlap);
        if (site == null) site = SiteConfig.defaults(tapeRest);
        String srrOverlap = site.overlapWith(areas, tapeRest);
        if (srrOverlap != null) throw new ConfigProblem("site.srr-path", srrOverlap);
        if (cdmi == null) cdmi = CdmiConfig.DEFAULT;
        String cdmiOverlap = cdmi.overlapWith(areas, tapeRest);
        if (cdmiOverlap != null) throw new ConfigProblem("cdmi.path", cdmiOverlap);
        if (cdmi.enabled() && (AccessPoint.covers(cdmi.path(), site.srrPath())
                || AccessPoint.covers(site.srrPath(), cdmi.path()))) {
            throw new ConfigProblem("cdmi.path", "'" + cdmi.path() + "' overlaps site.srr-path '" + site.srrPath()
                    + "'; give CDMI a path of its own, e.g. /cdmi");
        }
        if (dashboard == null) dashboard = DashboardConfig.DEFAULT;
        Map<String, String> apiPaths = new LinkedHashMap<>();
        if (tapeRest.enabled()) apiPaths.put("tape-rest.path", tapeRest.path());
        if (cdmi.enabled()) apiPaths.put("cdmi.path", cdmi.path());
        apiPaths.put("site.srr-path", site.srrPath());
        String dashboardOverlap = dashboard.overlapWith(areas, apiPaths);
        if (dashboardOverlap != null) throw new ConfigProblem("dashboard.path", dashboardOverlap);
        if (health == null) health = HealthConfig.DEFAULT;
        if (dashboard.enabled()) apiPaths.put("dashboard.path", dashboard.path());
        String healthOverlap = health.overlapWith(areas, apiPaths);
        if (healthOverlap != null) throw new ConfigProblem("health.path", healthOverlap);
    }

    /** Health checks with their defaults. */
    public GatewayConfig(ServerConfig server, List<StorageAreaConfig> areas, TokenConfig tokens, TpcSettings tpc,
                         TapeRestConfig tapeRest, SiteConfig site, CdmiConfig cdmi, DashboardConfig dashboard) {
        this(server, areas, tokens, tpc, tapeRest, site, cdmi, dashboard, null);
    }

    /** The dashboard with its defaults. */
    public GatewayConfig(ServerConfig server, List<StorageAreaConfig> areas, TokenConfig tokens, TpcSettings tpc,
                         TapeRestConfig tapeRest, SiteConfig site, CdmiConfig cdmi) {
        this(server, areas, tokens, tpc, tapeRest, site, cdmi, null);
    }

    /** The site named after the Tape REST site, or the default (see {@link SiteConfig#defaults}); CDMI with its defaults. */
    public GatewayConfig(ServerConfig server, List<StorageAreaConfig> areas, TokenConfig tokens, TpcSettings tpc,
                         TapeRestConfig tapeRest) {
        this(server, areas, tokens, tpc, tapeRest, null, null, null);
    }

    /**
     * A tape area evicts what it migrated: without the Tape REST API nobody could bring those files back, so a
     * configuration with a tape area and no {@code tape-rest} section is refused (an explicit {@code enabled: false}
     * is the admin's choice and stands).
     */
    private static void checkTapeAreasCanBeStaged(List<StorageAreaConfig> areas, TapeRestConfig tapeRest) {
        if (tapeRest != TapeRestConfig.OFF) return;
        for (StorageAreaConfig a : areas) {
            if (BackendConfig.TAPE_SIM.equals(a.backend().type())) {
                throw new ConfigProblem("tape-rest", "is required: storage area '" + a.name() + "' keeps files on tape,"
                        + " and clients stage them back through the Tape REST API; add e.g. tape-rest: {sitename:"
                        + " EXAMPLE-TAPE, state-directory: /var/lib/tributary} (or enabled: false to serve without it)");
            }
        }
    }

    /** Without the Tape REST API. */
    public GatewayConfig(ServerConfig server, List<StorageAreaConfig> areas, TokenConfig tokens, TpcSettings tpc) {
        this(server, areas, tokens, tpc, null, null, null, null);
    }

    /** Third-party copy with its defaults. */
    public GatewayConfig(ServerConfig server, List<StorageAreaConfig> areas, TokenConfig tokens) {
        this(server, areas, tokens, null, null, null, null, null);
    }

    /** A configuration without token issuers or policies. */
    public GatewayConfig(ServerConfig server, List<StorageAreaConfig> areas) {
        this(server, areas, TokenConfig.NONE);
    }

    /** Reads, parses and validates a YAML file (UTF-8). */
    public static GatewayConfig load(Path yamlFile) throws ConfigException {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(yamlFile);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(yamlFile + ": configuration file does not exist", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException(yamlFile + ": configuration file is not readable by user "
                    + System.getProperty("user.name"), e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(yamlFile + ": configuration file is not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(yamlFile + ": cannot read configuration file: " + e.getMessage(), e);
        }
        return parse(text, yamlFile.toString());
    }

    /**
     * Parses and validates YAML text.
     *
     * @param sourceName where the text came from, used in syntax error messages ("/etc/tributary/tributary.yaml")
     */
    public static GatewayConfig parse(String yaml, String sourceName) throws ConfigException {
        GatewayConfig config = YamlConfigReader.read(yaml, sourceName);
        TlsFileCheck.check(config.server(), "server.https.certificate", "server.https.key");
        return config;
    }

    /**
     * The configuration used when no file is given: area "data" at /data on a posix root ./data (relative to the
     * working directory, created when missing: it asks for that with create-root), plain HTTP on 127.0.0.1:8080, anonymous read-write. Anonymous writes are safe only
     * because of the loopback bind, which the constructor enforces.
     */
    public static GatewayConfig embeddedDefault() {
        StorageAreaConfig data = new StorageAreaConfig("data", List.of("/data"), BackendConfig.posixCreatingRoot(Path.of("./data")),
                false, AnonymousAccess.READ_WRITE, StorageAreaConfig.DEFAULT_QOS, null, true,
                StorageAreaConfig.DEFAULT_CHECKSUMS, true);
        return new GatewayConfig(ServerConfig.defaults(), List.of(data));
    }

    /**
     * Applies command-line flags, then validates the result as a whole:
     * <ul>
     *   <li>--root replaces the posix root of the first area (an error if that area is not posix);</li>
     *   <li>--http-port enables the plain-HTTP listener or moves it;</li>
     *   <li>--https-port enables the TLS listener or moves it; certificate and key stay as configured, or are the
     *       grid defaults when TLS was off, unless --host-cert / --host-key are given;</li>
     *   <li>--host-cert / --host-key replace the TLS files (an error when TLS is neither configured nor enabled
     *       by --https-port);</li>
     *   <li>--bind changes the listen address (so it can make anonymous writes unsafe, which is then refused).</li>
     * </ul>
     */
    public GatewayConfig withOverrides(CliOverrides o) throws ConfigException {
        return CliOverrideApplier.apply(this, o);
    }

    /**
     * The effective configuration as YAML, every default written out, for {@code check-config}. Only paths are
     * printed, never certificate or key contents. {@code parse(toYaml(), ...)} gives back an equal record.
     */
    public String toYaml() {
        return YamlConfigWriter.write(this);
    }

    public boolean listensOnLoopbackOnly() {
        return server.listensOnLoopbackOnly();
    }

    public Optional<StorageAreaConfig> area(String name) {
        return areas.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    private static void checkAreasAreDistinct(List<StorageAreaConfig> areas) {
        for (int j = 0; j < areas.size(); j++) {
            StorageAreaConfig b = areas.get(j);
            for (int i = 0; i < j; i++) {
                StorageAreaConfig a = areas.get(i);
                if (a.name().equals(b.name())) {
                    throw new ConfigProblem("storage-areas[" + j + "].name", "'" + b.name() + "' is already the name"
                            + " of storage-areas[" + i + "]; area names must be unique");
                }
                checkClassesAreDistinct(a, i, b, j);
                checkClassesAreDistinct(b, j, a, i);
                for (int y = 0; y < b.accessPoints().size(); y++) {
                    String q = b.accessPoints().get(y);
                    String key = "storage-areas[" + j + "].access-points[" + y + "]";
                    for (String p : a.accessPoints()) {
                        if (p.equals(q)) {
                            throw new ConfigProblem(key, "'" + q + "' is already an access point of area '"
                                    + a.name() + "' (storage-areas[" + i + "]); each URL prefix can serve one area");
                        }
                        if (AccessPoint.covers(p, q) || AccessPoint.covers(q, p)) {
                            throw new ConfigProblem(key, "'" + q + "' overlaps access point '" + p + "' of area '"
                                    + a.name() + "' (storage-areas[" + i + "]); a URL under the inner one would be"
                                    + " ambiguous, so use prefixes where neither contains the other (e.g. /data and"
                                    + " /data2, not /data and /data/x)");
                        }
                    }
                }
            }
        }
    }

    // Anonymous write on a reachable port turns the gateway into a public file drop. It is refused unless the admin
    // says so explicitly, and the message spells out the three ways forward.
    private static void checkAnonymousWrites(ServerConfig server, List<StorageAreaConfig> areas) {
        if (server.listensOnLoopbackOnly() || server.allowAnonymousWriteOnNetwork()) return;
        for (int i = 0; i < areas.size(); i++) {
            StorageAreaConfig a = areas.get(i);
            if (a.anonymous().canWrite()) {
                throw new ConfigProblem("storage-areas[" + i + "].anonymous", "read-write lets anyone who can reach "
                        + server.bind() + " write to area '" + a.name() + "'; use anonymous: read or none, bind to"
                        + " 127.0.0.1, or set server.allow-anonymous-write-on-network: true to allow it");
            }
        }
    }

    /** The class access points and class names of area {@code b} against everything area {@code a} publishes. */
    private static void checkClassesAreDistinct(StorageAreaConfig a, int i, StorageAreaConfig b, int j) {
        List<String> aPoints = new java.util.ArrayList<>(a.accessPoints());
        a.qosClasses().classes().forEach(c -> aPoints.add(c.accessPoint()));
        for (int y = 0; y < b.qosClasses().classes().size(); y++) {
            QosClassConfig c = b.qosClasses().classes().get(y);
            String key = "storage-areas[" + j + "].qos.classes[" + y + "]";
            for (String p : aPoints) {
                if (AccessPoint.covers(p, c.accessPoint()) || AccessPoint.covers(c.accessPoint(), p)) {
                    throw new ConfigProblem(key + ".access-point", "'" + c.accessPoint() + "' overlaps access point '"
                            + p + "' of area '" + a.name() + "' (storage-areas[" + i + "]); each URL prefix can"
                            + " serve one area");
                }
            }
            if (b.className(c).equals(a.name())) {
                throw new ConfigProblem(key + ".name", "the class is served as area '" + b.className(c) + "', which"
                        + " is already the name of storage-areas[" + i + "]; rename one of them");
            }
        }
    }
}
