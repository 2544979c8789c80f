package org.tributary.gateway.report;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tributary.backend.SpaceUsage;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.BackendConfig;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.TokenIssuerConfig;
import org.tributary.gateway.server.BuildVersion;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The WLCG Storage Resource Reporting document (SPECS §4.3; docs/qos.md, "Reporting"): the storage service named by
 * the {@code site:} section, one storage endpoint per listener, one storage share per storage area and per QoS class
 * view. Sizes come from each area's {@link org.tributary.backend.StorageBackend#space()}: the quota layer's count
 * for an area with a quota, the backend's own figures without one (a posix area: its file system), a class view's
 * measured directory ({@link org.tributary.qos.ClassUsageBackend}) with the area's available bytes. None of them walks
 * the storage on this request, so the document is built afresh on every GET.
 */
public final class StorageReport {

    private static final Logger LOG = LoggerFactory.getLogger(StorageReport.class);

    private final GatewayConfig config;
    private final List<StorageArea> areas;
    private final Supplier<List<Listener>> listeners;
    private final Clock clock;

    /**
     * @param areas     every area the router serves, class views included
     * @param listeners the listeners with their bound ports (asked per document: ports chosen at start show)
     */
    public StorageReport(GatewayConfig config, List<StorageArea> areas, Supplier<List<Listener>> listeners,
                         Clock clock) {
        this.config = config;
        this.areas = List.copyOf(areas);
        this.listeners = listeners;
        this.clock = clock;
    }

    /** The document, with endpoint URLs on {@code host} (the name the client used to reach the gateway). */
    public Map<String, Object> document(String host) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("name", config.site().name());
        service.put("id", config.site().id());
        boolean tape = config.areas().stream().anyMatch(a -> BackendConfig.TAPE_SIM.equals(a.backend().type()));
        service.put("servicetype", tape ? "tape" : "disk");
        service.put("implementation", "tributary");
        service.put("implementationversion", BuildVersion.get());
        service.put("qualitylevel", "production");
        service.put("latestupdate", now);
        List<Object> shares = new ArrayList<>();
        long total = 0;
        long used = 0;
        boolean known = false;
        for (StorageArea a : areas) {
            SpaceUsage s = space(a);
            shares.add(share(a, s, now));
            // the configured areas make up the capacity; a class view is a part of its area, counted there already
            if (!a.isClassView() && s.usedBytes() >= 0 && s.availableBytes() >= 0) {
                total += s.usedBytes() + s.availableBytes();
                used += s.usedBytes();
                known = true;
            }
        }
        if (known) {
            // nearline (tape) capacity is left out: no backend reports its cartridges yet (docs/qos.md)
            service.put("storagecapacity", Map.of("online", sizes(total, used)));
        }
        List<Object> endpoints = new ArrayList<>();
        for (Listener l : listeners.get()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", l.scheme());
            e.put("endpointurl", l.url(host));
            e.put("interfacetype", l.interfaceType());
            e.put("qualitylevel", "production");
            e.put("assignedshares", List.of("all"));
            endpoints.add(e);
        }
        service.put("storageendpoints", endpoints);
        service.put("storageshares", shares);
        return Map.of("storageservice", service);
    }

    private Map<String, Object> share(StorageArea a, SpaceUsage s, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("path", a.config().accessPoints());
        m.put("vos", vos(a));
        if (s.usedBytes() >= 0 && s.availableBytes() >= 0) m.put("totalsize", s.usedBytes() + s.availableBytes());
        if (s.usedBytes() >= 0) m.put("usedsize", s.usedBytes());
        m.put("timestamp", now);
        m.put("assignedendpoints", List.of("all"));
        m.put("servingstate", a.config().readOnly() ? "readonly" : "open");
        return m;
    }

    private static Map<String, Object> sizes(long total, long used) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("totalsize", total);
        m.put("usedsize", used);
        return m;
    }

    /** The VOs of a share: the token issuers (named after their VO) whose tokens the area accepts. */
    private List<String> vos(StorageArea a) {
        List<String> out = new ArrayList<>();
        for (TokenIssuerConfig i : config.tokens().issuers()) {
            if (i.servesArea(a.storageName()) && !out.contains(i.name())) out.add(i.name());
        }
        return out;
    }

    private static SpaceUsage space(StorageArea a) {
        try {
            return a.backend().space();
        } catch (IOException | RuntimeException e) {
            LOG.warn("SRR: storage area '{}': space unknown: {}", a.name(), e.toString());
            return SpaceUsage.UNKNOWN;
        }
    }
}
