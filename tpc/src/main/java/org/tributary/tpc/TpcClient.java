package org.tributary.tpc;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The one outbound HTTP client of a gateway, shared by all transfers so that connections (and TLS sessions) to the
 * same remote are reused across files: per-file TLS set-up is a known TPC cost (xrootd#2401). Limits connections per
 * remote host:port, trusts the CAs of a directory, applies the SSRF guard again when it resolves a host name, and
 * never follows redirects by itself (the transfers do, so they can drop Authorization across hosts and check each hop).
 */
public final class TpcClient implements AutoCloseable {

    private final HttpClient http;
    private final RemoteGuard guard;
    private final TpcSettings settings;
    private final TransferCounter counter;

    public TpcClient(TpcSettings settings, RemoteGuard guard, TransferCounter counter) throws Exception {
        this.settings = settings;
        this.guard = guard;
        this.counter = counter;
        SslContextFactory.Client ssl = new SslContextFactory.Client();
        if (settings.caDirectory() != null) {
            ssl.setTrustStore(trustStore(settings.caDirectory()));
        }
        ssl.setEndpointIdentificationAlgorithm("HTTPS");
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(ssl);
        connector.setConnectTimeout(settings.connectTimeout());
        connector.setIdleTimeout(settings.idleTimeout());
        QueuedThreadPool pool = new QueuedThreadPool(64, 2);
        pool.setName("tpc-client");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        connector.setExecutor(pool);
        http = new HttpClient(new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector));
        http.setExecutor(pool);
        http.setFollowRedirects(false);
        http.setMaxConnectionsPerDestination(settings.maxConnectionsPerHost());
        http.setMaxRequestsQueuedPerDestination(Math.max(1024, settings.maxActive() * 4));
        http.setConnectTimeout(settings.connectTimeout().toMillis());
        http.setIdleTimeout(settings.idleTimeout().toMillis());
        http.setUserAgentField(new org.eclipse.jetty.http.HttpField(org.eclipse.jetty.http.HttpHeader.USER_AGENT,
                "tributary-tpc"));
        // The guard runs again at connect time, on the addresses actually used (redirect targets, DNS rebinding).
        SocketAddressResolver dns = new SocketAddressResolver.Sync();
        http.setSocketAddressResolver((host, port, ctx, promise) -> dns.resolve(host, port, ctx,
                new Promise<>() {
                    @Override
                    public void succeeded(List<InetSocketAddress> result) {
                        try {
                            List<InetAddress> addrs = new ArrayList<>();
                            for (InetSocketAddress a : result) addrs.add(a.getAddress());
                            guard.check(host, addrs);
                            promise.succeeded(result);
                        } catch (RemoteRefusedException e) {
                            promise.failed(e);
                        }
                    }

                    @Override
                    public void failed(Throwable x) { promise.failed(x); }
                }));
        http.start();
    }

    public HttpClient http() { return http; }

    public RemoteGuard guard() { return guard; }

    public TpcSettings settings() { return settings; }

    public TransferCounter counter() { return counter; }

    /** All certificates of the PEM files (*.pem, *.crt, hash links *.0) in a directory, as a trust store. */
    static KeyStore trustStore(Path dir) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!(name.endsWith(".pem") || name.endsWith(".crt") || name.matches(".*\\.[0-9]+"))) continue;
                if (!Files.isRegularFile(f)) continue;
                try (InputStream in = Files.newInputStream(f)) {
                    for (Certificate c : cf.generateCertificates(in)) ks.setCertificateEntry("ca" + (n++), c);
                } catch (Exception e) {
                    // not a certificate (a CRL, a signing policy): skip it
                }
            }
        } catch (IOException e) {
            throw new IOException("tpc.ca-directory " + dir + " cannot be read: " + e.getMessage(), e);
        }
        if (n == 0) throw new IOException("tpc.ca-directory " + dir + " holds no CA certificates");
        return ks;
    }

    @Override
    public void close() throws Exception {
        http.stop();
    }

}
