package org.tributary.tpc;

/**
 * Everything a gateway shares across transfers: the outbound client (connection reuse, per-host limits, TLS trust,
 * SSRF guard at connect time), the guard for pre-checks, and the admission limiter.
 */
public final class TpcEngine implements AutoCloseable {

    private final TpcSettings settings;
    private final RemoteGuard guard;
    private final TpcClient client;
    private final TransferLimiter limiter;

    public TpcEngine(TpcSettings settings) throws Exception {
        this.settings = settings;
        this.guard = new RemoteGuard(settings.allowedHosts(), settings.allowLoopback());
        this.client = new TpcClient(settings, guard);
        this.limiter = new TransferLimiter(settings.maxActive(), settings.maxActivePerArea(), settings.maxQueued());
    }

    public TpcSettings settings() { return settings; }

    public RemoteGuard guard() { return guard; }

    public TpcClient client() { return client; }

    public TransferLimiter limiter() { return limiter; }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
