package org.tributary.gateway.report;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.tributary.backend.AreaPath;
import org.tributary.gateway.front.Endpoint;
import org.tributary.gateway.front.Exchange;
import org.tributary.gateway.http.HttpError;
import org.tributary.gateway.http.ResponseBodies;

import java.util.List;
import java.util.Map;

/**
 * Serves the SRR document ({@link StorageReport}) at {@code site.srr-path} (dCache's {@code /api/v1/srr} by default),
 * to anyone: it is public information in WLCG (CRIC fetches it without credentials, and the access points, sizes
 * and VOs it shows are what the information system publishes anyway). GET and HEAD only.
 */
public final class SrrEndpoint implements Endpoint {

    private final StorageReport report;
    private final List<String> path;

    public SrrEndpoint(StorageReport report, String srrPath) {
        this.report = report;
        this.path = AreaPath.parse(srrPath).segments();
    }

    @Override
    public boolean serve(Exchange ex) throws Exception {
        if (!ex.segments().equals(path)) return false;
        String method = ex.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new HttpError(405, method + " is not allowed here; the storage resource report is read with GET",
                    Map.of("Allow", "GET, HEAD"));
        }
        String host = ex.request().getHttpURI().getHost();
        if (host != null && host.contains(":") && !host.startsWith("[")) host = "[" + host + "]"; // IPv6 literal
        ex.response().getHeaders().put("Cache-Control", "no-cache");
        ResponseBodies.text(ex.response(), 200, "application/json",
                JSONObjectUtils.toJSONString(report.document(host)), method.equals("HEAD"));
        return true;
    }
}
