package org.tributary.gateway.dav;

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
