package org.tributary.tpc;

import java.io.IOException;

/** A transfer failure whose message is fit for the {@code failure:} line (one line, no local file-system paths). */
public class TpcException extends IOException {

    public TpcException(String reason) {
        super(reason);
    }

    public TpcException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
