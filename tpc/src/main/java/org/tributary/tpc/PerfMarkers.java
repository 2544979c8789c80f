package org.tributary.tpc;

/**
 * Perf markers (SPECS §1: WLCG HTTP-TPC progress), one per stripe, in the exact layout davix parses: one space after
 * each colon, since davix reads the values at fixed offsets.
 */
public final class PerfMarkers {

    private PerfMarkers() { }

    /**
     * @param stripeBytes bytes moved so far, per stripe
     * @param remote      "tcp:host:port,..." of the connections used, or empty (then no RemoteConnections line)
     */
    public static String format(long[] stripeBytes, String remote) {
        long now = System.currentTimeMillis() / 1000;
        StringBuilder b = new StringBuilder(160 * stripeBytes.length);
        for (int i = 0; i < stripeBytes.length; i++) {
            b.append("Perf Marker\n")
                    .append("\tTimestamp: ").append(now).append('\n')
                    .append("\tStripe Index: ").append(i).append('\n')
                    .append("\tStripe Bytes Transferred: ").append(stripeBytes[i]).append('\n')
                    .append("\tTotal Stripe Count: ").append(stripeBytes.length).append('\n');
            if (!remote.isEmpty()) b.append("\tRemoteConnections: ").append(remote).append('\n');
            b.append("End\n");
        }
        return b.toString();
    }
}
