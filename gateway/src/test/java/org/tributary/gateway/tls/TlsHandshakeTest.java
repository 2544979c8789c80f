package org.tributary.gateway.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The key store serves a real TLS handshake, for each key form, on both allowed protocol versions. */
class TlsHandshakeTest {

    private static final char[] PASSWORD = new char[0];

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs1/TLSv1.3", "rsa-pkcs1/TLSv1.2", "ec-sec1/TLSv1.3", "ec-sec1/TLSv1.2"})
    void handshake(String variant) throws Exception {
        String form = variant.substring(0, variant.indexOf('/'));
        String protocol = variant.substring(variant.indexOf('/') + 1);
        OpenSsl openssl = new OpenSsl(dir);
        if (form.equals("rsa-pkcs1")) {
            openssl.rsaKey("key8.pem");
            openssl.run("rsa", "-in", "key8.pem", "-traditional", "-out", "key.pem");
        } else {
            openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-out", "key.pem");
        }
        openssl.run("req", "-x509", "-new", "-key", "key.pem", "-out", "cert.pem", "-days", "2", "-subj",
                "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1");

        KeyStore keys = PemKeyStores.fromPem(dir.resolve("cert.pem"), dir.resolve("key.pem"), PASSWORD);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("cert.pem"))) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);

        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {protocol});
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    OutputStream out = s.getOutputStream();
                    out.write(s.getInputStream().read() + 1);
                    out.flush();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            try (SSLSocket s = (SSLSocket) client.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                s.setEnabledProtocols(new String[] {protocol});
                s.setSoTimeout(10_000);
                s.getOutputStream().write(41);
                s.getOutputStream().flush();
                assertEquals(42, s.getInputStream().read());
                assertEquals(protocol, s.getSession().getProtocol());
            }
            served.get(10, TimeUnit.SECONDS);
        }
    }
}
