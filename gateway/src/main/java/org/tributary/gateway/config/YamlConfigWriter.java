package org.tributary.gateway.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a {@link GatewayConfig} back as YAML in the file's own vocabulary (kebab-case keys, "10s", "10TiB",
 * "read-write"), every default spelled out, so {@code check-config} shows exactly what will run and the output
 * can be saved as a starting configuration. SnakeYAML does the quoting, so a path or label that would otherwise
 * read back as a number or boolean stays text.
 */
final class YamlConfigWriter {

    private YamlConfigWriter() {}

    static String write(GatewayConfig config) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("server", server(config.server()));
        doc.put("storage-areas", config.areas().stream().map(YamlConfigWriter::area).toList());
        TpcYaml.write(doc, config);
        TokenYaml.write(doc, config);
        TapeRestYaml.write(doc, config);
        SiteYaml.write(doc, config);
        CdmiYaml.write(doc, config);
        DashboardYaml.write(doc, config);
        HealthYaml.write(doc, config);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(120);
        options.setSplitLines(false);
        return new Yaml(options).dump(doc);
    }

    private static Map<String, Object> server(ServerConfig s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bind", s.bind());
        if (s.httpPort() != null) m.put("http", Map.of("port", s.httpPort()));
        if (s.https() != null) {
            HttpsConfig h = s.https();
            Map<String, Object> https = new LinkedHashMap<>();
            https.put("port", h.port());
            https.put("certificate", h.certificate().toString());
            https.put("key", h.key().toString());   // the path only; the key itself is never read here
            https.put("protocols", h.protocols());
            m.put("https", https);
        }
        m.put("allow-anonymous-write-on-network", s.allowAnonymousWriteOnNetwork());
        m.put("shutdown-grace", DurationText.format(s.shutdownGrace()));
        m.put("access-log", s.accessLog());
        m.put("access-log-format", s.accessLogFormat());
        ClientLimits l = s.limits();
        m.put("idle-timeout", DurationText.format(l.idleTimeout()));
        m.put("request-head-timeout", DurationText.format(l.requestHeadTimeout()));
        m.put("max-connections-per-client", l.maxConnectionsPerClient());
        m.put("max-concurrent-uploads", l.maxConcurrentUploads());
        return m;
    }

    private static Map<String, Object> area(StorageAreaConfig a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("access-points", a.accessPoints());
        Map<String, Object> backend = new LinkedHashMap<>();
        backend.put("type", a.backend().type());
        if (a.backend().root() != null) backend.put("root", a.backend().root().toString());
        backend.putAll(a.backend().options());
        m.put("backend", backend);
        m.put("read-only", a.readOnly());
        m.put("anonymous", a.anonymous().configName());
        m.put("qos", a.qosClasses().hasClasses() ? QosYaml.write(a.qosClasses()) : a.qos());
        if (a.quotaBytes() != null) {
            String q = ByteSize.format(a.quotaBytes());
            m.put("quota", q.chars().allMatch(Character::isDigit) ? (Object) a.quotaBytes() : q);
            m.put("quota-rescan", DurationText.format(a.quotaRescan()));
        }
        m.put("put-creates-parents", a.putCreatesParents());
        m.put("checksums", a.checksums().stream().map(ChecksumAlgorithm::wireName).toList());
        m.put("durability", a.durable() ? "fsync" : "none");
        TpcYaml.writeArea(m, a);
        return m;
    }
}
