package org.tributary.gateway.dav;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;

import java.io.IOException;
import java.net.URI;

/**
 * WLCG HTTP third-party copy (SPECS §1): COPY with Source (pull: we fetch and write locally) or with a Destination on
 * another host (push: we read locally and upload). The pipeline hands such COPYs here after routing and
 * authentication; an implementation does its own authorisation (pull writes like PUT, push reads like GET).
 */
public interface ThirdPartyCopy {

    void pull(DavExchange exchange, URI source) throws IOException;

    void push(DavExchange exchange, URI destination) throws IOException;

    /**
     * Whether a COPY carries a header only a third-party-copy client sends (davix/gfal2 send Credential,
     * X-Number-Of-Streams and RequireChecksumVerification on every push; FTS sends TransferHeader*). Such a COPY with
     * a Destination on this very server is a push all the same: gfal2 reads its answer as a marker stream and fails
     * on the 201 of a local WebDAV COPY ("Status of TPC request unknown"), as when it copies between two QoS class
     * access points of one host.
     */
    static boolean requested(Request request) {
        for (HttpField f : request.getHeaders()) {
            String n = f.getName();
            if (n.equalsIgnoreCase("Credential") || n.equalsIgnoreCase("X-Number-Of-Streams")
                    || n.equalsIgnoreCase("RequireChecksumVerification")
                    || n.regionMatches(true, 0, "TransferHeader", 0, "TransferHeader".length())) {
                return true;
            }
        }
        return false;
    }

    /** Until TPC is enabled: 501 makes gfal2 fall back to a streamed copy (SPECS §1.4). */
    ThirdPartyCopy DISABLED = new ThirdPartyCopy() {
        @Override
        public void pull(DavExchange exchange, URI source) {
            throw new org.tributary.gateway.http.HttpError(501, "third-party copy is not enabled on this storage area");
        }

        @Override
        public void push(DavExchange exchange, URI destination) {
            throw new org.tributary.gateway.http.HttpError(501, "third-party copy is not enabled on this storage area");
        }
    };
}
