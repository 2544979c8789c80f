package org.tributary.gateway.tls;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the openssl command line in a working directory to make test keys and certificates exactly as grid admins
 * get them (OpenSSL's own encodings, not the JDK's). Tests are skipped where openssl is not installed.
 */
final class OpenSsl {

    private final Path dir;

    OpenSsl(Path dir) {
        this.dir = dir;
        assumeTrue(available(), "openssl is not installed");
    }

    /** Runs {@code openssl args...}; fails the test with openssl's output when it exits non-zero. */
    String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl " + String.join(" ", args) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    /** A self-signed certificate for an existing key file. */
    void selfSigned(String keyFile, String certFile, String commonName) throws IOException, InterruptedException {
        run("req", "-x509", "-new", "-key", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=" + commonName);
    }

    /** An RSA key in OpenSSL 3's default form, PKCS#8 ("BEGIN PRIVATE KEY"). */
    void rsaKey(String keyFile) throws IOException, InterruptedException {
        run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", keyFile);
    }

    /** An EC P-256 key in PKCS#8. */
    void ecKey(String keyFile) throws IOException, InterruptedException {
        run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", keyFile);
    }

    Path path(String name) { return dir.resolve(name); }

    private static boolean available() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
