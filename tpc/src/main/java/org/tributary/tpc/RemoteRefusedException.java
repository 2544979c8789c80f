package org.tributary.tpc;

/** The SSRF guard refused a remote host; the gateway answers 403 with this reason before any connection. */
public final class RemoteRefusedException extends TpcException {

    public RemoteRefusedException(String reason) {
        super(reason);
    }
}
