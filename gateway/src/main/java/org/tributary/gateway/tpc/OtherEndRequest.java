package org.tributary.gateway.tpc;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

import java.net.URI;
import java.util.Map;

/**
 * The request the other end of a third-party copy would receive, when that other end is this gateway: the method a
 * pull or push sends (GET, PUT), the other URL (its query too: an {@code authz} capability counts), and only the
 * headers the transfer would forward ({@code TransferHeader*} without the prefix), never the caller's own
 * Authorization. The in-place copy hands it to the gateway's authenticator and access checks, so the other end is
 * authorised exactly as a direct request would be.
 */
final class OtherEndRequest extends Request.Wrapper {

    private final String method;
    private final HttpURI uri;
    private final HttpFields headers;

    /**
     * @param copy      the COPY request (connection data comes from it)
     * @param forwarded the headers the transfer would send, as {@code TransferHeaders.forward} made them
     */
    OtherEndRequest(Request copy, String method, URI other, Map<String, String> forwarded) {
        super(copy);
        this.method = method;
        this.uri = HttpURI.from(other.toString());
        HttpFields.Mutable h = HttpFields.build();
        h.put("Host", uri.getAuthority());
        forwarded.forEach(h::put);
        this.headers = h.asImmutable();
    }

    @Override
    public String getMethod() { return method; }

    @Override
    public HttpURI getHttpURI() { return uri; }

    @Override
    public HttpFields getHeaders() { return headers; }

    @Override
    public boolean isSecure() { return "https".equalsIgnoreCase(uri.getScheme()); }

    @Override
    public long getLength() { return -1; }
}
