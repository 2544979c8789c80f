package org.tributary.gateway.cdmi;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.tributary.backend.AreaPath;
import org.tributary.backend.InvalidPathException;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.front.Endpoint;
import org.tributary.gateway.front.Exchange;
import org.tributary.gateway.http.ErrorResponses;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.RequestBodies;
import org.tributary.gateway.http.RequestTarget;
import org.tributary.gateway.http.ResponseBodies;
import org.tributary.gateway.security.AccessGuard;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CDMI subset gfal2's QoS calls use (SPECS §2.5; docs/qos.md, "CDMI"), under its own path ({@code cdmi.path},
 * {@code /cdmi} by default), because gfal2 reads a plain GET of the URL it is given as the CDMI object:
 * <ul>
 *   <li>{@code GET <path>/cdmi_capabilities/{dataobject|container}}: the class labels as {@code children}
 *       ({@link QosCatalogue});</li>
 *   <li>{@code GET <path>/cdmi_capabilities/{type}/<LABEL>}: the class, {@code metadata.cdmi_capabilities_allowed};</li>
 *   <li>{@code GET <path><URL path of a file or collection>}: the object, {@code capabilitiesURI} and, while a change
 *       is under way, {@code metadata.cdmi_capabilities_target};</li>
 *   <li>{@code PUT} of the same with {@code Content-Type: application/cdmi-object} and
 *       {@code {"capabilitiesURI": ...}}: a class change, answered 204 once recorded ({@link ObjectQos}).</li>
 * </ul>
 * Capability URIs are relative to the CDMI path ({@code /cdmi_capabilities/dataobject/FAST}), as the CDMI servers
 * gfal2 was written against give them, so that the base URL plus a URI from any answer is a URL here. Errors are RFC
 * 7807 documents with a one-line reason, and no answer carries a {@code null}.
 */
public final class CdmiEndpoint implements Endpoint {

    static final String CAPABILITIES = "cdmi_capabilities";
    static final String DATAOBJECT = "dataobject";
    static final String CONTAINER = "container";
    static final String OBJECT_TYPE = "application/cdmi-object";
    static final String CONTAINER_TYPE = "application/cdmi-container";
    static final String CAPABILITY_TYPE = "application/cdmi-capability";
    /** The version of CDMI whose shapes these are (ISO/IEC 17826:2016). */
    static final String VERSION = "1.1.1";
    private static final int MAX_BODY = 64 * 1024;

    private final String path;
    private final List<String> base;
    private final AreaRouter router;
    private final ObjectQos objects;
    private final QosCatalogue catalogue;

    public CdmiEndpoint(String path, AreaRouter router, AccessGuard guard) {
        this.path = path;
        this.base = AreaPath.parse(path).segments();
        this.router = router;
        this.objects = new ObjectQos(guard);
        this.catalogue = new QosCatalogue(router.areas());
    }

    @Override
    public boolean serve(Exchange exchange) throws Exception {
        List<String> s = exchange.segments();
        if (s.size() < base.size() || !s.subList(0, base.size()).equals(base)) return false;
        try {
            exchange.response().getHeaders().put("X-CDMI-Specification-Version", VERSION);
            List<String> rest = s.subList(base.size(), s.size());
            if (!rest.isEmpty() && rest.getFirst().equals(CAPABILITIES)) capabilities(exchange, rest.subList(1, rest.size()));
            else object(exchange, rest);
        } catch (Exception e) {
            throw ErrorResponses.asProblem(e);
        }
        return true;
    }

    // --- capabilities

    private void capabilities(Exchange ex, List<String> rest) throws Exception {
        allow(ex.method(), "GET", "HEAD");
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("objectType", CAPABILITY_TYPE);
        if (rest.isEmpty()) {
            doc.put("objectName", CAPABILITIES + "/");
            doc.put("children", List.of(CONTAINER + "/", DATAOBJECT + "/"));
        } else {
            String type = rest.getFirst();
            if (!type.equals(DATAOBJECT) && !type.equals(CONTAINER)) {
                throw HttpError.notFound("no capabilities of type '" + type + "'; the types are " + DATAOBJECT
                        + " and " + CONTAINER);
            }
            if (rest.size() == 1) {
                doc.put("objectName", type + "/");
                doc.put("parentURI", "/" + CAPABILITIES + "/");
                doc.put("children", catalogue.names());
            } else if (rest.size() == 2) {
                QosCatalogue.Capability c = catalogue.capability(rest.get(1)).orElseThrow(() -> HttpError.notFound(
                        "no QoS class '" + rest.get(1) + "' here; the classes are "
                                + String.join(", ", catalogue.names())));
                doc.put("objectName", c.name() + "/");
                doc.put("parentURI", "/" + CAPABILITIES + "/" + type + "/");
                Map<String, Object> meta = new LinkedHashMap<>();
                // a collection's class is its directory's (configuration), so only files change class on request
                meta.put("cdmi_capabilities_allowed", type.equals(DATAOBJECT)
                        ? c.allowed().stream().map(n -> capabilityUri(DATAOBJECT, n)).toList() : List.of());
                Map<String, Object> placements = new LinkedHashMap<>();
                c.placements().forEach((area, p) -> placements.put(area, p.wireName()));
                meta.put("tributary_placement", placements);
                doc.put("metadata", meta);
                doc.put("children", List.of());
            } else {
                throw HttpError.notFound("no such capability; they are /" + CAPABILITIES + "/{" + DATAOBJECT + ","
                        + CONTAINER + "}/<class>");
            }
        }
        json(ex, 200, CAPABILITY_TYPE, doc);
    }

    // --- objects

    private void object(Exchange ex, List<String> rest) throws Exception {
        AreaRouter.Route route = router.route(rest).orElseThrow(() -> HttpError.notFound("no storage area at '/"
                + String.join("/", rest) + "'; an object's URL is " + path + " followed by its WebDAV path"));
        switch (ex.method()) {
            case "GET", "HEAD" -> get(ex, route);
            case "PUT" -> put(ex, route);
            default -> allow(ex.method(), "GET", "HEAD", "PUT");
        }
    }

    private void get(Exchange ex, AreaRouter.Route route) throws Exception {
        ObjectQos.State st = objects.state(ex.identity(), route);
        boolean file = st.entry().isFile();
        String type = file ? DATAOBJECT : CONTAINER;
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("objectType", file ? OBJECT_TYPE : CONTAINER_TYPE);
        String name = route.path().isRoot() ? AreaPath.parse(route.accessPoint()).name() : route.path().name();
        doc.put("objectName", file ? name : name + "/");
        String url = route.urlPath(route.path());
        String parent = url.substring(0, url.lastIndexOf('/') + 1);
        doc.put("parentURI", RequestTarget.encodePath(path + parent));
        doc.put("capabilitiesURI", capabilityUri(type, st.current()));
        doc.put("completionStatus", st.target().isPresent() ? "Processing" : "Complete");
        Map<String, Object> meta = new LinkedHashMap<>();
        if (file) meta.put("cdmi_size", Long.toString(st.entry().size()));
        st.target().ifPresent(t -> meta.put("cdmi_capabilities_target", capabilityUri(type, t)));
        if (file) meta.put("tributary_locality", st.entry().locality().name());
        doc.put("metadata", meta);
        json(ex, 200, file ? OBJECT_TYPE : CONTAINER_TYPE, doc);
    }

    private void put(Exchange ex, AreaRouter.Route route) throws Exception {
        String ct = ex.request().getHeaders().get("Content-Type");
        String media = ct == null ? "" : ct.split(";", 2)[0].strip();
        if (!media.equalsIgnoreCase(OBJECT_TYPE)) {
            throw new HttpError(415, "a class change is a PUT with Content-Type: " + OBJECT_TYPE + " and the body"
                    + " {\"capabilitiesURI\": \"/" + CAPABILITIES + "/" + DATAOBJECT + "/<class>\"}; found "
                    + (ct == null ? "no Content-Type" : "Content-Type: " + ct));
        }
        byte[] bytes = RequestBodies.readSmall(ex.request(), MAX_BODY);
        Map<String, Object> body;
        try {
            body = JSONObjectUtils.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw HttpError.badRequest("the body is not a JSON object: " + e.getMessage());
        }
        for (String k : body.keySet()) {
            if (!k.equals("capabilitiesURI")) {
                throw HttpError.badRequest("'" + k + "' cannot be changed here; a PUT changes only capabilitiesURI"
                        + " (the class)");
            }
        }
        if (!(body.get("capabilitiesURI") instanceof String uri)) {
            throw HttpError.badRequest("the body needs 'capabilitiesURI': a string such as /" + CAPABILITIES + "/"
                    + DATAOBJECT + "/<class>");
        }
        objects.change(ex.identity(), route, className(uri));
        ResponseBodies.empty(ex.response(), 204);
    }

    /**
     * The class label of a capabilities URI as a client may send it back: relative to the CDMI path (what answers
     * give), below it, or a full URL; with or without a trailing slash.
     */
    String className(String uri) {
        String p;
        try {
            URI u = new URI(uri);
            p = u.getRawPath();
        } catch (URISyntaxException e) {
            p = null;
        }
        List<String> segments;
        try {
            segments = p == null || !p.startsWith("/") ? null : RequestTarget.decodeSegments(p);
        } catch (HttpError | InvalidPathException e) {
            segments = null;
        }
        if (segments != null && segments.size() >= 3) {
            int n = segments.size();
            List<String> before = segments.subList(0, n - 3);
            if ((before.isEmpty() || before.equals(base)) && segments.get(n - 3).equals(CAPABILITIES)
                    && segments.get(n - 2).equals(DATAOBJECT)) {
                return segments.get(n - 1);
            }
        }
        throw HttpError.badRequest("capabilitiesURI '" + uri + "' names no class; use /" + CAPABILITIES + "/"
                + DATAOBJECT + "/<class>, e.g. " + capabilityUri(DATAOBJECT,
                catalogue.names().isEmpty() ? "disk" : catalogue.names().getFirst()));
    }

    static String capabilityUri(String type, String name) {
        return "/" + CAPABILITIES + "/" + type + "/" + RequestTarget.encodePath(name);
    }

    // --- answers

    private static void json(Exchange ex, int status, String type, Map<String, Object> doc) throws Exception {
        ResponseBodies.text(ex.response(), status, type, JSONObjectUtils.toJSONString(doc), "HEAD".equals(ex.method()));
    }

    private static void allow(String method, String... allowed) {
        for (String a : allowed) if (a.equals(method)) return;
        throw new HttpError(405, method + " is not allowed here; use " + String.join(" or ", allowed),
                Map.of("Allow", String.join(", ", allowed)));
    }
}
