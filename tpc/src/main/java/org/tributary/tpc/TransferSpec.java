package org.tributary.tpc;

import java.net.URI;
import java.util.Map;

/**
 * What the client asked for.
 *
 * @param remote         the passive party's URL (davs:// already read as https://)
 * @param headers        headers for the outbound request: the TransferHeader* values with the prefix stripped (never
 *                       the caller's own Authorization)
 * @param verifyChecksum compare adler32 with the remote's
 * @param overwrite      whether an existing target may be replaced
 * @param streams        parallel streams wanted (pull only; 0 or 1 means one)
 */
public record TransferSpec(URI remote, Map<String, String> headers, boolean verifyChecksum, boolean overwrite,
                           int streams) {

    public TransferSpec {
        headers = Map.copyOf(headers);
    }
}
