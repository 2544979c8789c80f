package org.tributary.tpc;

/**
 * Everything a gateway shares across transfers: the outbound client (connection reuse, per-host limits, TLS trust,
 * SSRF guard at connect time), the guard for pre-checks, and the admission limiter.
 */
public final class TpcEngine implements AutoCloseable {

    private final TpcSettings settings;
    private final RemoteGuard guard;
    private final TransferLimiter limiter;
    private final TransferCounter counter = new TransferCounter();
    private volatile TpcClient client;

    public TpcEngine(TpcSettings settings) throws Exception {
        this.settings = settings;
        this.guard = new RemoteGuard(settings.allowedHosts(), settings.allowLoopback());
        this.limiter = new TransferLimiter(settings.maxActive(), settings.maxActivePerArea(), settings.maxQueued());
    }

    public TpcSettings settings() { return settings; }

    public RemoteGuard guard() { return guard; }

    /**
     * The outbound client, built on the first transfer: its TLS context and Jetty client cost about a third of a
     * second of start-up (bench/ measured it), which a gateway that never does TPC should not pay.
     */
    public TpcClient client() throws java.io.IOException {
        TpcClient c = client;
        if (c != null) return c;
        synchronized (this) {
            if (client == null) {
                try {
                    client = new TpcClient(settings, guard, counter);
                } catch (Exception e) {
                    throw new java.io.IOException("cannot start the third-party-copy client: " + e.getMessage(), e);
                }
            }
            return client;
        }
    }

    public TransferLimiter limiter() { return limiter; }

    /** What the network transfers of this engine have moved (zero when every copy was done in place). */
    public TransferCounter counter() { return counter; }

    @Override
    public synchronized void close() throws Exception {
        if (client != null) client.close();
    }
}
