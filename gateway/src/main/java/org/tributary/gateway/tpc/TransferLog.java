package org.tributary.gateway.tpc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tributary.gateway.http.LogText;
import org.tributary.tpc.RunningCopy;

import java.util.Locale;

/**
 * One line in the server log per finished third-party copy, what FTS operators grep for (decision 0036):
 * <pre>third-party copy: result=failure direction=pull mode=network source="https://remote:443/f" destination="/data/f"
 * bytes=1048576 duration=2.304s streams=4 checksum=mismatch reason="checksum verification failed: ..."</pre>
 * {@code result} is the copy's final line to its client (success, failure, aborted); {@code checksum} is verified
 * (compared with the other end's adler32, equal), mismatch, not-compared (asked for, but the other end had none, or
 * the copy ended first) or not-requested. Remote URLs come without their query (it may hold a capability); every
 * value a client chose is escaped ({@link LogText}), so a line is always one record.
 */
final class TransferLog {

    private static final Logger LOG = LoggerFactory.getLogger(TransferLog.class);

    /** What the copy's request said: which way, the local file's URL path, whether checksums were asked for. */
    record Copy(String direction, String localPath, boolean verify) { }

    private TransferLog() {}

    /**
     * @param last  the final line the client was sent ("success: Created", "failure: ..."), or null when none could be
     * @param nanos how long the copy ran
     */
    static void finished(Copy copy, RunningCopy transfer, String last, long nanos) {
        LOG.info(line(copy, transfer, last, nanos));
    }

    static String line(Copy copy, RunningCopy transfer, String last, long nanos) {
        String outcome = last == null ? "aborted: the client connection ended" : last.strip();
        int colon = outcome.indexOf(':');
        String result = colon < 0 ? outcome : outcome.substring(0, colon);
        String reason = colon < 0 ? "" : outcome.substring(colon + 1).strip();
        boolean pull = copy.direction().equals("pull");
        String remote = transfer.remoteForLog();
        String checksum;
        if (transfer.checksumsCompared() && result.equals("success")) checksum = "verified";
        else if (reason.startsWith("checksum verification failed")) checksum = "mismatch";
        else checksum = copy.verify() ? "not-compared" : "not-requested";
        StringBuilder sb = new StringBuilder(200).append("third-party copy: result=").append(LogText.field(result))
                .append(" direction=").append(copy.direction())
                .append(" mode=").append(transfer instanceof InPlaceTransition ? "in-place" : "network")
                .append(" source=\"").append(LogText.quoted(pull ? remote : copy.localPath()))
                .append("\" destination=\"").append(LogText.quoted(pull ? copy.localPath() : remote))
                .append("\" bytes=").append(transfer.bytesTransferred())
                .append(" duration=").append(String.format(Locale.ROOT, "%.3fs", nanos / 1e9))
                .append(" streams=").append(transfer.streams())
                .append(" checksum=").append(checksum);
        if (!result.equals("success")) sb.append(" reason=\"").append(LogText.quoted(reason)).append('"');
        return sb.toString();
    }
}
