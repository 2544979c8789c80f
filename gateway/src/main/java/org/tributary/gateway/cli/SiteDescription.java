package org.tributary.gateway.cli;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.QosClassConfig;
import org.tributary.gateway.config.StorageAreaConfig;
import org.tributary.gateway.report.Listener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code tributary describe} prints for a configuration (docs/qos.md, "Registering classes in Rucio"): a shell
 * script of {@code rucio-admin} commands that registers one RSE per QoS class (one per area for an area without
 * classes), then a CRIC-style JSON description of the endpoint written by a here-document.
 */
final class SiteDescription {

    /** Rucio's gfal2 protocol: davs and http URLs, with tokens. */
    static final String IMPL = "rucio.rse.protocols.gfal.Default";

    /**
     * One RSE: an area, or a class of an area.
     *
     * @param prefix the access point (Rucio's protocol prefix and {@code oidc_base_path})
     * @param qos    the class name, or null for an area without classes
     */
    record Rse(String name, StorageAreaConfig area, String prefix, QosClassConfig qos) {}

    private final GatewayConfig config;
    private final String host;
    private final List<Listener> listeners;

    SiteDescription(GatewayConfig config, String host) {
        this.config = config;
        this.host = host;
        this.listeners = Listener.of(config.server());
    }

    /**
     * RSE names: site, area and class joined by '_', upper case, any character Rucio does not allow in an RSE name
     * (it takes A-Z, 0-9, '-' and '_') written as '_'.
     */
    static String rseName(String... parts) {
        return String.join("_", parts).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_-]", "_");
    }

    List<Rse> rses() {
        List<Rse> out = new ArrayList<>();
        String site = config.site().name();
        for (StorageAreaConfig a : config.areas()) {
            if (!a.qosClasses().hasClasses()) {
                out.add(new Rse(rseName(site, a.name()), a, a.accessPoints().getFirst(), null));
                continue;
            }
            // the area's own access point shows every class: registered too, a file would be in two RSEs
            for (QosClassConfig c : a.qosClasses().classes()) {
                out.add(new Rse(rseName(site, a.name(), c.name()), a, c.accessPoint(), c));
            }
        }
        return out;
    }

    String script() {
        StringBuilder sb = new StringBuilder();
        List<Rse> rses = rses();
        sb.append("# Tributary site ").append(config.site().name()).append(" on ").append(host).append(": ")
                .append(rses.size()).append(rses.size() == 1 ? " RSE" : " RSEs").append(". Run as a Rucio admin.\n");
        for (Rse r : rses) {
            sb.append('\n').append("# storage area ").append(r.area().name());
            if (r.qos() != null) {
                sb.append(", QoS class ").append(r.qos().name()).append(" (").append(r.qos().placement().wireName())
                        .append(')');
            }
            sb.append('\n');
            sb.append("rucio-admin rse add ").append(r.name()).append('\n');
            for (int i = 0; i < listeners.size(); i++) {
                Listener l = listeners.get(i);
                sb.append("rucio-admin rse add-protocol --hostname ").append(host).append(" --scheme ")
                        .append(l.scheme()).append(" --prefix ").append(r.prefix()).append(" --port ").append(l.port())
                        .append(" --impl ").append(IMPL).append(" --domain-json '").append(domains(i + 1)).append("' ")
                        .append(r.name()).append('\n');
            }
            if (r.qos() != null) attribute(sb, r, "QOS", r.qos().name());
            attribute(sb, r, "oidc_support", "True");
            // scopes are relative to the access point: without it Rucio asks for scopes on the full URL path
            attribute(sb, r, "oidc_base_path", r.prefix());
            if (r.area().quotaBytes() != null) {
                sb.append("rucio-admin rse set-limit ").append(r.name()).append(" MinFreeSpace ")
                        .append(minFreeSpace(r.area().quotaBytes())).append('\n');
            }
        }
        String file = config.site().name().toLowerCase(Locale.ROOT) + "-cric.json";
        sb.append("\n# CRIC-style description of the endpoint\ncat > ").append(file).append(" <<'JSON'\n")
                .append(cric(rses)).append("JSON\n");
        return sb.toString();
    }

    /**
     * The free space Rucio keeps on an RSE of an area with a quota: a tenth of it, so its reaper deletes unlocked
     * replicas before writes meet the quota (507). Without a quota the file system decides and none is set.
     */
    static long minFreeSpace(long quotaBytes) {
        return quotaBytes / 10;
    }

    private static void attribute(StringBuilder sb, Rse r, String key, String value) {
        sb.append("rucio-admin rse set-attribute --rse ").append(r.name()).append(" --key ").append(key)
                .append(" --value ").append(value).append('\n');
    }

    /** Every operation on both domains at one rank: the first listener (TLS when there is one) is preferred. */
    private static String domains(int rank) {
        Map<String, Object> lan = new LinkedHashMap<>();
        lan.put("read", rank);
        lan.put("write", rank);
        lan.put("delete", rank);
        Map<String, Object> wan = new LinkedHashMap<>(lan);
        wan.put("third_party_copy_read", rank);
        wan.put("third_party_copy_write", rank);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lan", lan);
        d.put("wan", wan);
        return JSONObjectUtils.toJSONString(d);
    }

    private String cric(List<Rse> rses) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", config.site().name());
        doc.put("id", config.site().id());
        doc.put("implementation", "tributary");
        Listener first = listeners.getFirst();
        doc.put("srr_url", (first.scheme().equals(Listener.DAVS) ? "https" : "http") + "://" + host + ":"
                + first.port() + config.site().srrPath());
        List<Object> protocols = new ArrayList<>();
        for (Listener l : listeners) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("flavour", "WebDAV");
            p.put("scheme", l.scheme());
            p.put("endpoint", l.scheme() + "://" + host + ":" + l.port());
            p.put("port", l.port());
            protocols.add(p);
        }
        doc.put("protocols", protocols);
        List<Object> out = new ArrayList<>();
        for (Rse r : rses) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rse", r.name());
            m.put("area", r.area().name());
            if (r.qos() != null) {
                m.put("qos", r.qos().name());
                m.put("placement", r.qos().placement().wireName());
            }
            m.put("prefix", r.prefix());
            out.add(m);
        }
        doc.put("rses", out);
        // one key, one RSE per line: readable, and each value encoded by the JSON library
        StringBuilder sb = new StringBuilder("{\n");
        List<String> keys = new ArrayList<>(doc.keySet());
        for (int i = 0; i < keys.size(); i++) {
            String k = keys.get(i);
            sb.append("  ").append(JSONArrayUtils.toJSONString(List.of(k)), 1, k.length() + 3).append(": ");
            if (doc.get(k) instanceof List<?> list) {
                sb.append("[\n");
                for (int j = 0; j < list.size(); j++) {
                    sb.append("    ").append(JSONObjectUtils.toJSONString(cast(list.get(j))))
                            .append(j + 1 < list.size() ? ",\n" : "\n");
                }
                sb.append("  ]");
            } else {
                String v = JSONArrayUtils.toJSONString(List.of(doc.get(k)));
                sb.append(v, 1, v.length() - 1);
            }
            sb.append(i + 1 < keys.size() ? ",\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) { return (Map<String, Object>) o; }
}
