package org.tributary.gateway.security;

import org.eclipse.jetty.server.Request;
import org.tributary.gateway.http.HttpError;

/**
 * Establishes who is asking, before any method runs. Returns {@link Identity#ANONYMOUS} when the request carries
 * no credential; throws a 401 {@link HttpError} (with WWW-Authenticate) when it carries an invalid one, so that a bad
 * token is never silently downgraded to anonymous.
 */
public interface Authenticator {

    Identity authenticate(Request request);

    /** No credentials are understood: everyone is anonymous. */
    Authenticator ANONYMOUS_ONLY = request -> Identity.ANONYMOUS;
}
