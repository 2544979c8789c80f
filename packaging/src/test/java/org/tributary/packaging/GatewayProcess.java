package org.tributary.packaging;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built jar as a real process ({@code tributary serve --root DIR} on 127.0.0.1): started, killed with SIGKILL
 * ({@link Process#destroyForcibly()} on Linux) and started again on the same root and port. Output goes to a log file.
 */
final class GatewayProcess implements AutoCloseable {

    private final Path jar;
    private final Path root;
    private final Path log;
    private final int port;
    private Process process;

    GatewayProcess(Path jar, Path root, Path log) throws IOException {
        this.jar = jar;
        this.root = root;
        this.log = log;
        Files.createDirectories(root);
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    String base() { return "http://127.0.0.1:" + port; }

    Path root() { return root; }

    Path log() { return log; }

    /** Starts the process and returns once it answers HTTP. */
    void start() throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar", jar.toString(), "serve",
                "--root", root.toString(), "--http-port", Integer.toString(port), "--bind", "127.0.0.1"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(Redirect.appendTo(log.toFile()));
        process = pb.start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("gateway exited with " + process.exitValue() + "; see " + log);
            try {
                client.send(HttpRequest.newBuilder(URI.create(base() + "/")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IOException("gateway did not answer within 120 s; see " + log);
    }

    /** SIGKILL: no shutdown hook, no flush, no clean-up runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process == null || !process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) kill();
    }
}
