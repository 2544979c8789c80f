package org.tributary.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Turns the YAML text of a configuration file into a {@link GatewayConfig}. SnakeYAML only builds plain maps,
 * lists and scalars (SafeConstructor: no custom or global tags, so no object instantiation from the file);
 * everything else — defaults, unknown keys, value formats — is done here so every error carries its key path.
 */
final class YamlConfigReader {

    static final String[] TOP_KEYS = {"server", "storage-areas", "token-issuers", "tpc", "tape-rest", "site",
            "cdmi", "dashboard", "health"};
    static final String[] SERVER_KEYS = {"bind", "http", "https", "allow-anonymous-write-on-network",
            "shutdown-grace", "access-log", "allow-bearer-over-http", "idle-timeout", "request-head-timeout",
            "max-connections-per-client", "max-concurrent-uploads", "access-log-format"};
    static final String[] HTTP_KEYS = {"port"};
    static final String[] HTTPS_KEYS = {"port", "certificate", "key", "protocols"};
    static final String[] AREA_KEYS = {"name", "access-points", "backend", "read-only", "anonymous", "qos", "quota",
            "quota-rescan", "put-creates-parents", "checksums", "durability", "policies", "tpc", "tpc-streams",
            "deny-binds-scoped-tokens"};

    static final Map<String, AnonymousAccess> ANONYMOUS = new LinkedHashMap<>();
    static final Map<String, Boolean> DURABILITY = new LinkedHashMap<>();

    static {
        for (AnonymousAccess a : AnonymousAccess.values()) ANONYMOUS.put(a.configName(), a);
        DURABILITY.put("fsync", true);
        DURABILITY.put("none", false);
    }

    // A config file is a few dozen lines: anything near these limits is a mistake or an attack, and
    // aliases-of-aliases are how a "billion laughs" file blows up memory.
    private static final int MAX_ALIASES = 10;
    private static final int MAX_CODE_POINTS = 1 << 20;

    private YamlConfigReader() {}

    static GatewayConfig read(String yaml, String sourceName) throws ConfigException {
        Object doc = loadYaml(yaml, sourceName);
        if (doc == null) {
            throw new ConfigException(sourceName + ": the configuration is empty (or only comments); it needs at"
                    + " least a storage-areas section, see packaging/examples/tributary.yaml");
        }
        if (!(doc instanceof Map<?, ?>)) {
            throw new ConfigException(sourceName + ": expected 'key: value' lines with the keys server and"
                    + " storage-areas at the top, found " + YamlSection.describe(doc));
        }
        YamlSection top = YamlSection.of("", doc);
        top.allowOnly(TOP_KEYS);
        ServerConfig server = readServer(top.section("server"));
        List<StorageAreaConfig> areas = readAreas(top);
        TokenConfig tokens = TokenYaml.read(top, areas);
        try {
            TapeRestConfig tapeRest = TapeRestYaml.read(top);
            return new GatewayConfig(server, areas, tokens, TpcYaml.read(top), tapeRest, SiteYaml.read(top, tapeRest),
                    CdmiYaml.read(top), DashboardYaml.read(top), HealthYaml.read(top));
        } catch (ConfigProblem p) {
            throw p.toConfigException();
        }
    }

    private static Object loadYaml(String yaml, String sourceName) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(MAX_CODE_POINTS);
        DumperOptions unused = new DumperOptions();
        Yaml parser = new Yaml(new SafeConstructor(options), new Representer(unused), unused, options);
        try {
            return parser.load(yaml);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m == null ? sourceName : sourceName + " line " + (m.getLine() + 1) + ", column "
                    + (m.getColumn() + 1);
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new ConfigException(where + ": " + problem + " (YAML syntax)", e);
        } catch (YAMLException e) {
            throw new ConfigException(sourceName + ": " + e.getMessage(), e);
        }
    }

    // No server section at all, or one naming no listener, means the default plain-HTTP listener on 8080; once an
    // https section is given, plain HTTP only exists if asked for.
    private static ServerConfig readServer(YamlSection s) throws ConfigException {
        s.allowOnly(SERVER_KEYS);
        String bind = s.text("bind", ServerConfig.DEFAULT_BIND);
        Integer httpPort = null;
        if (s.has("http")) {
            YamlSection http = s.section("http");
            http.allowOnly(HTTP_KEYS);
            httpPort = http.port("port", ServerConfig.DEFAULT_HTTP_PORT);
        }
        HttpsConfig https = s.has("https") ? readHttps(s.section("https")) : null;
        if (httpPort == null && https == null) httpPort = ServerConfig.DEFAULT_HTTP_PORT;
        boolean allowAnonWrite = s.bool("allow-anonymous-write-on-network", false);
        Duration grace = s.duration("shutdown-grace", ServerConfig.DEFAULT_SHUTDOWN_GRACE);
        // YAML 1.1 reads an unquoted "off" as false; the admin meant the word.
        String accessLog = Boolean.FALSE.equals(s.raw("access-log")) ? ServerConfig.ACCESS_LOG_OFF
                : s.text("access-log", ServerConfig.ACCESS_LOG_STDOUT);
        try {
            ClientLimits limits = new ClientLimits(
                    s.duration("idle-timeout", ClientLimits.DEFAULT_IDLE_TIMEOUT),
                    s.duration("request-head-timeout", ClientLimits.DEFAULT_REQUEST_HEAD_TIMEOUT),
                    TpcYaml.count(s, "max-connections-per-client", ClientLimits.DEFAULT_MAX_CONNECTIONS_PER_CLIENT, 1,
                            Integer.MAX_VALUE),
                    TpcYaml.count(s, "max-concurrent-uploads", ClientLimits.DEFAULT_MAX_CONCURRENT_UPLOADS, 1,
                            Integer.MAX_VALUE));
            return new ServerConfig(bind, httpPort, https, allowAnonWrite, grace, accessLog, limits,
                    s.text("access-log-format", ServerConfig.ACCESS_LOG_TEXT));
        } catch (ConfigProblem p) {
            throw p.under("server").toConfigException();
        }
    }

    private static HttpsConfig readHttps(YamlSection s) throws ConfigException {
        s.allowOnly(HTTPS_KEYS);
        int port = s.port("port", HttpsConfig.DEFAULT_PORT);
        Path cert = path(s, "certificate", HttpsConfig.DEFAULT_CERTIFICATE);
        Path key = path(s, "key", HttpsConfig.DEFAULT_KEY);
        List<String> protocols = s.textList("protocols", "[TLSv1.3, TLSv1.2]");
        try {
            return new HttpsConfig(port, cert, key, protocols == null ? HttpsConfig.DEFAULT_PROTOCOLS : protocols);
        } catch (ConfigProblem p) {
            throw p.under(s.path()).toConfigException();
        }
    }

    private static List<StorageAreaConfig> readAreas(YamlSection top) throws ConfigException {
        Object v = top.raw("storage-areas");
        if (v == null) {
            throw new ConfigException("storage-areas: at least one storage area is required, e.g. storage-areas:"
                    + " [{name: data, access-points: [/data], backend: {type: posix, root: /srv/data}}]");
        }
        if (!(v instanceof List<?> list)) {
            throw new ConfigException("storage-areas: expected a list of areas, each starting with '- name: ...',"
                    + " found " + YamlSection.describe(v));
        }
        List<StorageAreaConfig> areas = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            areas.add(readArea(YamlSection.of("storage-areas[" + i + "]", list.get(i))));
        }
        return areas;
    }

    private static StorageAreaConfig readArea(YamlSection a) throws ConfigException {
        a.allowOnly(AREA_KEYS);
        String name = a.requiredText("name", "name: data");
        List<String> accessPoints = a.textList("access-points", "[/data]");
        if (accessPoints == null) {
            throw new ConfigException(a.keyPath("access-points") + ": is required, e.g. access-points: [/" + name
                    + "]");
        }
        if (!a.has("backend") || a.raw("backend") == null) {
            throw new ConfigException(a.keyPath("backend") + ": is required, e.g. backend: {type: posix, root:"
                    + " /srv/" + name + "}");
        }
        BackendConfig backend = readBackend(a.section("backend"));
        boolean readOnly = a.bool("read-only", false);
        AnonymousAccess anonymous = a.choice("anonymous", ANONYMOUS, AnonymousAccess.NONE);
        QosConfig qosClasses = QosYaml.isSection(a) ? QosYaml.read(a.section("qos")) : QosConfig.NONE;
        String qos = qosClasses.hasClasses() ? null : a.text("qos", StorageAreaConfig.DEFAULT_QOS);
        Long quota = quota(a, "quota");
        Duration quotaRescan = a.duration("quota-rescan", StorageAreaConfig.DEFAULT_QUOTA_RESCAN);
        if (quota == null && a.has("quota-rescan")) {
            throw new ConfigException(a.keyPath("quota-rescan") + ": has no effect without quota; set quota or remove"
                    + " quota-rescan");
        }
        boolean putCreatesParents = a.bool("put-creates-parents", true);
        List<ChecksumAlgorithm> checksums = checksums(a, "checksums");
        boolean durable = a.choice("durability", DURABILITY, true);
        try {
            return new StorageAreaConfig(name, accessPoints, backend, readOnly, anonymous, qos, quota,
                    putCreatesParents, checksums, durable, TpcYaml.areaEnabled(a), TpcYaml.areaStreams(a), quotaRescan,
                    qosClasses);
        } catch (ConfigProblem p) {
            throw p.under(a.path()).toConfigException();
        }
    }

    // type and root are fields; any other key is handed to the backend as an option, and the backend record
    // decides whether it knows it (posix knows none).
    private static BackendConfig readBackend(YamlSection b) throws ConfigException {
        String type = b.text("type", null);
        Path root = path(b, "root", null);
        Map<String, Object> options = new LinkedHashMap<>();
        for (String k : b.keys()) {
            if (!k.equals("type") && !k.equals("root")) options.put(k, b.raw(k));
        }
        try {
            return new BackendConfig(type, root, options);
        } catch (ConfigProblem p) {
            throw p.under(b.path()).toConfigException();
        }
    }

    static Path path(YamlSection s, String key, Path dflt) throws ConfigException {
        String t = s.text(key, null);
        if (t == null) return dflt;
        if (t.isBlank()) throw new ConfigException(s.keyPath(key) + ": must not be empty");
        try {
            return Path.of(t);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(s.keyPath(key) + ": '" + t + "' is not a valid path: " + e.getReason());
        }
    }

    private static Long quota(YamlSection s, String key) throws ConfigException {
        Object v = s.raw(key);
        if (v == null) return null;
        try {
            if (YamlSection.isWholeNumber(v)) return Long.parseLong(v.toString());
            if (v instanceof String t) return ByteSize.parse(t);
        } catch (NumberFormatException e) {
            throw new ConfigException(s.keyPath(key) + ": '" + v + "' is too large");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.keyPath(key) + ": " + e.getMessage());
        }
        throw new ConfigException(s.keyPath(key) + ": " + YamlSection.describe(v) + " is not a size; use "
                + ByteSize.ALLOWED);
    }

    private static List<ChecksumAlgorithm> checksums(YamlSection s, String key) throws ConfigException {
        List<String> names = s.textList(key, "[adler32, crc32c]");
        if (names == null) return StorageAreaConfig.DEFAULT_CHECKSUMS;
        List<ChecksumAlgorithm> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            int index = i;
            out.add(ChecksumAlgorithm.fromName(n).orElseThrow(() -> new ConfigException(s.keyPath(key) + "["
                    + index + "]: '" + n + "' is not allowed; use one of: " + allowedChecksums())));
        }
        return out;
    }

    static String allowedChecksums() {
        List<String> names = new ArrayList<>();
        for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) names.add(a.wireName());
        return String.join(", ", names);
    }
}
