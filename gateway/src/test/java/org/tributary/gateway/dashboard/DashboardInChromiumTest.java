package org.tributary.gateway.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.TestGateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The page in a real browser (Debian's chromium, headless): it loads, runs its script, and shows a third-party copy
 * that is running while it looks. The screenshot stays in {@code target/dashboard/} for a person to look at.
 *
 * <p>Skipped, with the reason, only when there is no chromium on the PATH ({@code bin/install-test-deps} installs
 * it, and CI runs that first).
 */
class DashboardInChromiumTest {

    /** Where the screenshot is kept (the module's target directory, as Maven runs the tests from the module). */
    static final Path OUTPUT = Path.of("target", "dashboard");

    @TempDir
    Path dir;

    @Test
    void thePageShowsARunningCopyAndTheAreas() throws Exception {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "chromium is not installed (bin/install-test-deps installs it): the"
                + " dashboard's browser test is skipped");
        try (TestGateway gw = TestGateway.startDefault(dir); TrickleSource source = new TrickleSource()) {
            Files.createDirectories(gw.root().resolve("incoming"));
            HttpRequest copy = gw.request("/data/incoming/slow-copy.bin")
                    .method("COPY", HttpRequest.BodyPublishers.noBody())
                    .header("Source", source.url("/file"))
                    .header("RequireChecksumVerification", "false").build(); // the source sends no digest
            CompletableFuture<HttpResponse<String>> running = gw.client().sendAsync(copy,
                    HttpResponse.BodyHandlers.ofString());
            awaitRunning(gw, running);

            String dom = run(chromium.get(), "--dump-dom", gw.base() + "/dashboard");
            String transfers = between(dom, "<table id=\"transfers\">", "</table>");
            assertTrue(transfers.contains("/incoming/slow-copy.bin"), () -> "the running copy is not in the page (the"
                    + " copy: " + (running.isDone() ? running.join().body() : "still running") + "):\n" + dom);
            assertTrue(transfers.contains("pull"), transfers);
            assertTrue(transfers.contains(source.url("/file")), transfers);
            assertTrue(transfers.contains("<progress") && transfers.contains(" of 95.4 MiB)"),
                    "a copy of known size shows its progress:\n" + transfers);
            assertTrue(between(dom, "<table id=\"areas\">", "</table>").contains(">data<"), dom);
            assertTrue(dom.contains("updated "), "the script did not update the page:\n" + dom);

            Files.createDirectories(OUTPUT);
            Path shot = OUTPUT.resolve("dashboard-with-a-running-copy.png").toAbsolutePath();
            Files.deleteIfExists(shot);
            run(chromium.get(), "--screenshot=" + shot, "--window-size=1000,900", gw.base() + "/dashboard");
            assertTrue(Files.size(shot) > 0, "no screenshot at " + shot);

            source.close(); // the copy fails now; the client reads its final line
            assertEquals(202, running.get(60, TimeUnit.SECONDS).statusCode());
        }
    }

    /** The copy is running once the status document lists it (the page is loaded only then). */
    private static void awaitRunning(TestGateway gw, CompletableFuture<HttpResponse<String>> copy) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < until) {
            List<?> transfers = (List<?>) DashboardAccessTest.status(gw).get("transfers");
            if (!transfers.isEmpty()) return;
            Thread.sleep(50);
        }
        throw new AssertionError("the copy did not start within 30 s: "
                + (copy.isDone() ? copy.join().statusCode() + " " + copy.join().body() : "no answer"));
    }

    /**
     * Runs headless chromium on a page with virtual time, so the page's timers and its first poll of the status
     * document have run before the DOM is dumped or the screenshot taken.
     */
    private String run(Path chromium, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory(dir, "profile"),
                "--virtual-time-budget=5000"));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "chromium", ".log");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s: " + Files.readString(err));
        }
        assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(err));
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String between(String text, String start, String end) {
        int a = text.indexOf(start);
        assertTrue(a >= 0, "no " + start + " in:\n" + text);
        int b = text.indexOf(end, a);
        return text.substring(a, b < 0 ? text.length() : b);
    }

    /** Debian's chromium on the PATH, if any. */
    static Optional<Path> chromium() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty())
                .flatMap(d -> Stream.of(Path.of(d, "chromium"), Path.of(d, "chromium-browser")))
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * A source that announces 100 MB, no ranges, and sends 1 KiB every 100 ms: a copy that keeps running while the
     * browser looks. Answers HEAD (a multi-stream pull asks first) without a body.
     */
    static final class TrickleSource implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

        TrickleSource() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        open.add(s);
                        Thread.ofVirtual().start(() -> serve(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int c = in.read();
                    if (c < 0) return;
                    head.append((char) c);
                }
                OutputStream out = s.getOutputStream();
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (head.toString().startsWith("HEAD ")) return;
                for (int i = 0; i < 1200 && !s.isClosed(); i++) {
                    out.write(new byte[1024]);
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // closed by the test
            }
        }

        String url(String path) { return "http://127.0.0.1:" + socket.getLocalPort() + path; }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) s.close();
        }
    }
}
