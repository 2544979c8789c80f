package org.tributary.gateway.server;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.posix.PosixBackend;
import org.tributary.backend.posix.PosixOptions;
import org.tributary.backend.s3.S3Backend;
import org.tributary.backend.tape.TapeSimBackend;
import org.tributary.gateway.security.AccessGuard;
import org.tributary.gateway.security.TokenServices;
import org.tributary.gateway.tpc.InPlaceCopies;
import org.tributary.gateway.tpc.SeTokens;
import org.tributary.gateway.tpc.ThisGateway;
import org.tributary.gateway.tpc.TpcMethod;
import org.tributary.gateway.area.AreaRouter;
import org.tributary.gateway.area.StorageArea;
import org.tributary.gateway.config.ClientLimits;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.config.HttpsConfig;
import org.tributary.gateway.config.ServerConfig;
import org.tributary.gateway.config.StorageAreaConfig;
import org.tributary.gateway.cdmi.CdmiEndpoint;
import org.tributary.gateway.dashboard.DashboardEndpoint;
import org.tributary.gateway.dashboard.DashboardStatus;
import org.tributary.gateway.dashboard.RecentRequests;
import org.tributary.gateway.front.Endpoint;
import org.tributary.gateway.front.ExchangeHandler;
import org.tributary.gateway.health.HealthEndpoint;
import org.tributary.gateway.health.Readiness;
import org.tributary.gateway.http.RetryLaterAnswers;
import org.tributary.gateway.report.Listener;
import org.tributary.gateway.report.SrrEndpoint;
import org.tributary.gateway.report.StorageReport;
import org.tributary.gateway.tape.TapeRestService;
import org.tributary.gateway.tls.PemKeyStores;
import org.tributary.qos.ClassUsageBackend;
import org.tributary.qos.rules.RuleSweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * Assembles and runs one gateway: backends per storage area (stale temporaries cleaned first), the handler
 * pipeline, and Jetty connectors. Blocking work runs on virtual threads.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

    private final GatewayConfig config;
    private final UnaryOperator<AccessGuard> guardAround;
    private final BackendOpener opener;
    private TapeRestService tapeRest;
    private Readiness readiness;
    private final List<StorageArea> areas = new ArrayList<>();
    private final List<RuleSweep> sweeps = new ArrayList<>();
    private Server server;
    private AccessLog accessLog;
    private ServerConnector httpConnector;
    private ServerConnector httpsConnector;
    private TpcMethod tpc;
    private GracefulHandler graceful;
    private Thread shutdownHook;
    private boolean closed;
    private final RetryLaterAnswers retryLater = new RetryLaterAnswers();

    /** Entries one QoS rule sweep looks at (a large tree takes several sweeps; decision 0034). */
    private static final int SWEEP_ENTRIES = 10_000;

    /** After the grace period, how long aborted requests may take to clean up (remove their temporaries). */
    private static final long ABORT_CLEANUP_MILLIS = 10_000;

    public GatewayServer(GatewayConfig config) {
        this(config, UnaryOperator.identity());
    }

    /**
     * @param guardAround wraps the access guard the DAV methods ask (a test records the checks with it, to compare
     *                    them with {@code authz explain})
     */
    public GatewayServer(GatewayConfig config, UnaryOperator<AccessGuard> guardAround) {
        this(config, guardAround, GatewayServer::openBackend);
    }

    /** Opens the raw backend of a storage area; {@code key} is its configuration key path, for the error messages. */
    @FunctionalInterface
    public interface BackendOpener {
        StorageBackend open(StorageAreaConfig area, String key) throws IOException;
    }

    /**
     * @param opener opens each area's raw backend ({@link #openBackend} unless a test opens a tape-sim area with its own
     *               {@code TapeTime}, to hold a recall at a drive step, or hands two gateways one library)
     */
    public GatewayServer(GatewayConfig config, UnaryOperator<AccessGuard> guardAround, BackendOpener opener) {
        this.config = config;
        this.guardAround = guardAround;
        this.opener = opener;
    }

    public GatewayServer start() throws Exception {
        for (int i = 0; i < config.areas().size(); i++) {
            StorageAreaConfig ac = config.areas().get(i);
            StorageBackend raw = opener.open(ac, "storage-areas[" + i + "].backend");
            int stale = raw.cleanStaleTemporaries();
            if (stale > 0) LOG.info("storage area '{}': removed {} stale temporary files left by an earlier crash", ac.name(), stale);
            StorageArea area = new StorageArea(ac, raw);
            areas.add(area);
            for (StorageArea view : area.classViews()) {
                QosChecks.classFits(view, "storage-areas[" + i + "].qos");
                // the class directory exists now: its usage (PROPFIND quota, SRR) is known before anyone asks
                view.backend().feature(ClassUsageBackend.class).ifPresent(ClassUsageBackend::measure);
                areas.add(view);
            }
            var rules = ac.qosClasses().rules();
            if (!rules.isEmpty()) {
                sweeps.add(new RuleSweep(ac.name(), area.shared(), area.classes().orElseThrow(), rules,
                        Clock.systemUTC(), SWEEP_ENTRIES).start());
            }
        }
        QueuedThreadPool pool = new QueuedThreadPool(256, 4);
        pool.setName("tributary");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        // Buckets up to 1 MiB: the 128 KiB input buffers (below) must come from the pool, or every fill allocates
        // and zeroes a new direct buffer (JFR: Bits.setMemory was the top frame on small GETs).
        server = new Server(pool, null, new ArrayByteBufferPool(0, 4096, 1 << 20));

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Duplicate slashes are harmless here (RequestTarget drops empty segments) and gfal2/Rucio send them.
        // Encoded '%' (%25) is an ordinary character in file names; RequestTarget decodes exactly once, so the
        // ambiguity Jetty guards against (a second decoding) never happens here.
        http.setUriCompliance(UriCompliance.DEFAULT.with("tributary",
                UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        http.setOutputBufferSize(64 * 1024);
        // No per-connection header cache: Jetty matches cached values case-insensitively, so a case-altered bearer
        // token sent after the valid one on a kept-alive connection was taken for the valid one. Without the cache
        // a token is copied once instead of walked through the trie char by char, which costs about the same.
        // Jetty's parser reads every token again on every request (decision record: the parser extension is gone).
        http.setHeaderCacheSize(0);

        var sc = config.server();
        if (sc.httpPort() != null) {
            httpConnector = new ServerConnector(server, connectionFactory(http));
            httpConnector.setHost(sc.bind());
            httpConnector.setPort(sc.httpPort());
            server.addConnector(limit(httpConnector, sc.limits()));
        }
        if (sc.https() != null) {
            httpsConnector = httpsConnector(sc.https(), sc.bind(), http);
            server.addConnector(limit(httpsConnector, sc.limits()));
        }
        accessLog = AccessLog.open(sc.accessLog(), sc.accessLogFormat().equals(ServerConfig.ACCESS_LOG_JSON));
        // every request, also those Jetty refuses itself; the dashboard's byte totals and recent errors beside the log
        RecentRequests recent = config.dashboard().enabled() ? new RecentRequests() : null;
        RequestLog requestLog = accessLog != null && recent != null ? new RequestLog.Collection(accessLog, recent)
                : accessLog != null ? accessLog : recent;
        if (requestLog != null) server.setRequestLog(requestLog);
        TokenServices tokens = TokenServices.create(config, Clock.systemUTC());
        AreaRouter router = new AreaRouter(areas);
        SeTokens.Wiring se = SeTokens.wire(config, tokens.authenticator(), tokens.guard());
        // a copy between two access points of one storage (QoS classes) is done in place, authorised as a request
        tpc = TpcMethod.create(config, new InPlaceCopies(new ThisGateway(this::listeners), router, se.authenticator(),
                guardAround.apply(se.guard())));
        // The front ends, asked in this order (docs/architecture.md, "The path of a request"). A new one (Tape REST,
        // metrics and health, a dashboard) is one Endpoint added here, before the root page, which answers 404 for
        // every other path outside the storage areas.
        List<Endpoint> endpoints = new ArrayList<>(se.endpoints());
        if (config.tapeRest().enabled()) {
            // outside every area (the configuration says so), so before the DAV endpoint or after makes no difference
            tapeRest = TapeRestService.start(config.tapeRest(), router, guardAround.apply(se.guard()), Clock.systemUTC());
            endpoints.add(tapeRest.endpoint());
        }
        if (config.cdmi().enabled()) {
            // outside every area (the configuration says so), like Tape REST
            endpoints.add(new CdmiEndpoint(config.cdmi().path(), router, guardAround.apply(se.guard())));
        }
        // public, outside every area (checked with the configuration): the WLCG storage resource report
        StorageReport report = new StorageReport(config, areas, () -> Listener.of(httpsPort(), httpPort()),
                Clock.systemUTC());
        endpoints.add(new SrrEndpoint(report, config.site().srrPath()));
        if (recent != null) {
            // outside every area (checked with the configuration); loopback or an admin group only
            endpoints.add(new DashboardEndpoint(config.dashboard(), new DashboardStatus(recent, tpc::running,
                    () -> tpc.engine().counter().bytesTransferred(), report, areas, Clock.systemUTC())));
        }
        // outside every area (checked with the configuration); loopback and health.allow only
        readiness = new Readiness(areas, config.health().probeTimeout(), config.health().probeCache());
        endpoints.add(new HealthEndpoint(config.health(), readiness));
        endpoints.add(new DavEndpoint(router, guardAround.apply(se.guard()), tpc, sc.limits().maxConcurrentUploads()));
        endpoints.add(new RootPage(router));
        graceful = new GracefulHandler(new ExchangeHandler(router, se.authenticator(), endpoints, retryLater));
        RequestHeadTimeout headTimeout = new RequestHeadTimeout(graceful, sc.limits().requestHeadTimeout().toMillis(),
                server.getScheduler());
        ConnectionsPerClientLimit perClient = new ConnectionsPerClientLimit(sc.limits().maxConnectionsPerClient());
        for (var c : server.getConnectors()) {
            c.addEventListener(perClient);
            c.addEventListener(headTimeout);
        }
        server.setHandler(headTimeout);
        server.addBean(tpc, false); // Graceful: running copies end with "aborted:" before the grace period is over
        server.setErrorHandler(new PlainTextErrorHandler(retryLater));
        server.setStopTimeout(sc.shutdownGrace().toMillis());
        // Not Jetty's own hook (server.stop only): on SIGTERM the whole close() must run, so that aborted uploads
        // have removed their temporaries and the access log is flushed before the process exits.
        shutdownHook = new Thread(this::closeAtExit, "tributary-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        server.start();
        readiness.started();
        return this;
    }

    private ServerConnector httpsConnector(HttpsConfig tls, String bind, HttpConfiguration base) throws Exception {
        char[] pw = Long.toHexString(System.nanoTime()).toCharArray(); // in-memory store only: any password will do
        KeyStore ks = PemKeyStores.fromPem(tls.certificate(), tls.key(), pw);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(ks);
        ssl.setKeyStorePassword(new String(pw));
        ssl.setIncludeProtocols(tls.protocols().toArray(String[]::new));
        ssl.setSniRequired(false);
        HttpConfiguration https = new HttpConfiguration(base);
        SecureRequestCustomizer src = new SecureRequestCustomizer();
        src.setSniHostCheck(false); // grid clients connect by IP or alias; the certificate check is theirs to make
        https.addCustomizer(src);
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), connectionFactory(https));
        c.setHost(bind);
        c.setPort(tls.port());
        return c;
    }

    private void stopServer() throws Exception {
        try {
            server.stop();
        } catch (Exception e) {
            if (!gracePeriodRanOut(e)) throw e;
            LOG.warn("shutdown: the grace period (shutdown-grace) ran out; running requests were aborted");
        }
        long until = System.nanoTime() + ABORT_CLEANUP_MILLIS * 1_000_000;
        while (graceful != null && graceful.getCurrentRequestCount() > 0 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        if (graceful != null && graceful.getCurrentRequestCount() > 0) {
            LOG.warn("shutdown: {} request(s) still running at exit; their temporary files are removed at the next start",
                    graceful.getCurrentRequestCount());
        }
    }

    /** Jetty reports a graceful stop that did not finish in time as a TimeoutException, alone or among others. */
    private static boolean gracePeriodRanOut(Throwable e) {
        if (e instanceof java.util.concurrent.TimeoutException) return true;
        for (Throwable s : e.getSuppressed()) if (s instanceof java.util.concurrent.TimeoutException) return true;
        return e.getCause() instanceof java.util.concurrent.TimeoutException;
    }

    private void closeAtExit() {
        try {
            close();
        } catch (Exception e) {
            LOG.error("shutdown: {}", e.toString());
        }
    }

    /**
     * The idle timeout, also while stopping: Jetty lowers it to one second during a graceful stop by default, and an
     * upload that paused for a second then failed long before the grace period was over.
     */
    private static ServerConnector limit(ServerConnector c, ClientLimits limits) {
        c.setIdleTimeout(limits.idleTimeout().toMillis());
        c.setShutdownIdleTimeout(limits.idleTimeout().toMillis());
        return c;
    }

    /**
     * Uploads arrive as chunks of the connection's input buffer, and each chunk costs a digest update and a write
     * system call: 128 KiB chunks instead of Jetty's default keep large PUTs near disk speed (measured in bench/).
     */
    private static HttpConnectionFactory connectionFactory(HttpConfiguration conf) {
        HttpConnectionFactory f = new HttpConnectionFactory(conf);
        f.setInputBufferSize(128 * 1024);
        return f;
    }

    /** Opens the backend of an area; {@code key} is its configuration key path, for the error messages. */
    public static StorageBackend openBackend(StorageAreaConfig ac, String key) throws IOException {
        return switch (ac.backend().type()) {
            case "posix" -> openPosix(ac, key);
            case "s3" -> {
                try {
                    yield S3Backend.open(ac.backend().s3Options());
                } catch (IOException e) {
                    throw new IOException("storage area '" + ac.name() + "': " + e.getMessage(), e);
                }
            }
            case "tape-sim" -> {
                try {
                    // durability: fsync covers the buffer's namespace as it does a posix area's
                    yield TapeSimBackend.open(ac.backend().tapeSimOptions(),
                            PosixOptions.defaults().withSyncDirectories(ac.durable()));
                } catch (IOException e) {
                    throw new IOException(key + ": storage area '" + ac.name() + "': " + e.getMessage(), e);
                }
            }
            default -> throw new IOException("storage area '" + ac.name() + "': backend type '" + ac.backend().type()
                    + "' is not available in this build");
        };
    }

    /**
     * A missing root is an error unless the area asks for creation (create-root): a typo in a path must not become an
     * empty storage element that clients write into.
     */
    private static StorageBackend openPosix(StorageAreaConfig ac, String key) throws IOException {
        Path root = ac.backend().root();
        if (!Files.exists(root)) {
            if (!ac.backend().createRoot()) {
                throw new IOException(key + ".root: " + root + " does not exist (storage area '" + ac.name()
                        + "'); fix the path, create the directory, or set create-root: true in the backend section to"
                        + " have it created at start");
            }
            Files.createDirectories(root);
        }
        if (!Files.isDirectory(root)) {
            throw new IOException(key + ".root: " + root + " is not a directory (storage area '" + ac.name() + "')");
        }
        // durability: fsync covers the namespace too: move, delete and mkdir fsync the parent before answering
        return PosixBackend.open(root, PosixOptions.defaults().withSyncDirectories(ac.durable()));
    }

    public List<StorageArea> areas() { return areas; }

    /** Whether this gateway should get requests now (the health endpoint's readiness). */
    public Readiness readiness() { return readiness; }

    /** How often this gateway answered "busy, retry later", per reason (for the metrics exporter). */
    public RetryLaterAnswers retryLaterAnswers() { return retryLater; }

    /** The port the http connector actually listens on (useful with port 0 in tests), or -1. */
    public int httpPort() { return httpConnector == null ? -1 : httpConnector.getLocalPort(); }

    public int httpsPort() { return httpsConnector == null ? -1 : httpsConnector.getLocalPort(); }

    /** The connectors as they listen now, for recognising URLs of this gateway. */
    private List<ThisGateway.Listener> listeners() {
        List<ThisGateway.Listener> out = new ArrayList<>(2);
        if (httpConnector != null) out.add(new ThisGateway.Listener("http", httpConnector.getHost(), httpPort()));
        if (httpsConnector != null) out.add(new ThisGateway.Listener("https", httpsConnector.getHost(), httpsPort()));
        return out;
    }

    /** What this gateway's third-party-copy client moved over the network (zero for copies done in place). */
    public org.tributary.tpc.TransferCounter tpcCounter() { return tpc.engine().counter(); }

    public void join() throws InterruptedException { server.join(); }

    /**
     * Stops gracefully: no new requests; running ones keep their normal timeouts for up to {@code shutdown-grace}.
     * When the grace runs out the connections are closed, which ends every running request as a client that went
     * away would (an upload aborts and removes its temporary), and this waits for them to finish doing so.
     */
    @Override
    public synchronized void close() throws Exception {
        if (closed) return;
        closed = true;
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException exiting) {
                // the JVM is already shutting down; the hook runs close() and finds it done
            }
        }
        if (readiness != null) readiness.draining(); // before anything stops: a load balancer looks elsewhere now
        for (RuleSweep s : sweeps) s.close();
        if (server != null) stopServer();
        if (tpc != null) tpc.close();
        if (tapeRest != null) tapeRest.close();
        if (accessLog != null) accessLog.close();
        if (readiness != null) readiness.close();
        for (StorageArea a : areas) if (!a.isClassView()) a.backend().close();
    }
}
