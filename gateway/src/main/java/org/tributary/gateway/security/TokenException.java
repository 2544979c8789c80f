package org.tributary.gateway.security;

import java.io.Serial;

/** A bearer token that cannot be accepted; the message says why, never contains the token, and is sent to the client. */
public final class TokenException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    public TokenException(String reason) {
        super(reason, null, false, false);
    }
}
