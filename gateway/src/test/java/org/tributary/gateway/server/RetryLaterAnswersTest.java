package org.tributary.gateway.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.FakeS3;
import org.tributary.gateway.RawHttp;
import org.tributary.gateway.TestGateway;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.http.RetryLaterAnswers.Reason;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the gateway is saturated it answers {@code 503} with {@code Retry-After}, never a bare 5xx, and counts the
 * answer under its reason ({@code GatewayServer.retryLaterAnswers()}): the third-party-copy queue is full, too many
 * uploads run at once, and the storage behind an area throttles or is down (an S3 endpoint answering 503 SlowDown).
 * (Jetty's own 503 while stopping gets Retry-After too, in PlainTextErrorHandler; a stopping gateway closes idle
 * connections at once, so no request reaches it in a test without a race.)
 */
class RetryLaterAnswersTest {

    @TempDir
    Path dir;

    static GatewayServer start(String yaml) throws Exception {
        GatewayConfig parsed = GatewayConfig.parse(yaml, "retry-later-test.yaml");
        return new GatewayServer(new GatewayConfig(parsed.server().withHttpPort(0), parsed.areas(), parsed.tokens(),
                parsed.tpc())).start();
    }

    static void assertRetryLater(RawHttp.Response r, Reason reason) {
        assertEquals(503, r.status(), r.toString());
        assertEquals(String.valueOf(reason.retryAfterSeconds()), r.header("Retry-After"), r.toString());
    }

    static void assertCounted(GatewayServer gw, Reason reason) {
        for (Reason each : Reason.values()) {
            assertEquals(each == reason ? 1 : 0, gw.retryLaterAnswers().get(each), each + " in "
                    + gw.retryLaterAnswers().snapshot());
        }
    }

    @Test
    void aFullThirdPartyCopyQueue() throws Exception {
        Path root = Files.createDirectories(dir.resolve("data"));
        try (ServerSocket source = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             GatewayServer gw = start("server: {bind: 127.0.0.1, http: {port: 18080}, access-log: off, shutdown-grace: 0s}\n"
                     + "tpc: {max-active: 1, max-queued: 0, marker-interval: 200ms}\n"
                     + "storage-areas:\n  - {name: data, access-points: [/data], anonymous: read-write,"
                     + " backend: {type: posix, root: \"" + root + "\"}}\n")) {
            // A source that announces a large file and sends it slowly: the one active copy stays busy.
            Thread.ofVirtual().start(() -> {
                try (Socket s = source.accept()) {
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 600; i++) {
                        s.getOutputStream().write(new byte[1024]);
                        Thread.sleep(100);
                    }
                } catch (Exception ignored) {
                    // the copy was cancelled when the gateway stopped
                }
            });
            String src = "http://127.0.0.1:" + source.getLocalPort() + "/f";
            try (Socket first = RawHttp.connect(gw.httpPort())) {
                first.getOutputStream().write(RawHttp.head(gw.httpPort(), "COPY", "/data/a", null, "Source", src,
                        "RequireChecksumVerification", "false"));
                byte[] status = first.getInputStream().readNBytes(12);
                assertEquals("HTTP/1.1 202", new String(status, StandardCharsets.US_ASCII));
                RawHttp.Response r = RawHttp.exchange(gw.httpPort(), "COPY", "/data/b", null, "Source", src,
                        "RequireChecksumVerification", "false");
                assertRetryLater(r, Reason.TPC_QUEUE_FULL);
                assertCounted(gw, Reason.TPC_QUEUE_FULL);
            }
        }
    }

    @Test
    void tooManyConcurrentUploads() throws Exception {
        try (TestGateway gw = TestGateway.in(dir).area(TestGateway.DATA).server("max-concurrent-uploads: 1").start();
             Socket running = RawHttp.connect(gw.port())) {
            OutputStream out = running.getOutputStream();
            out.write(RawHttp.head(gw.port(), "PUT", "/data/running", 2L * 65536));
            out.write(new byte[65536]);
            out.flush();
            assertTrue(TestGateway.eventually(() -> !TestGateway.temporaries(gw.root()).isEmpty()), "first upload runs");
            RawHttp.Response r = gw.raw("PUT", "/data/second", "x".getBytes(StandardCharsets.US_ASCII));
            assertRetryLater(r, Reason.TOO_MANY_UPLOADS);
            assertCounted(gw.server(), Reason.TOO_MANY_UPLOADS);
            out.write(new byte[65536]);
            out.flush();
            assertEquals(201, RawHttp.read(running.getInputStream(), false).status());
            // The slot is released when the first PUT's handler returns, which can be just after its 201 reached
            // the client: a PUT sent at once may still get the 503. Bounded retries, as a client with Retry-After.
            assertTrue(TestGateway.eventually(() -> {
                try {
                    return gw.raw("PUT", "/data/second", "x".getBytes(StandardCharsets.US_ASCII)).status() == 201;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }), "the slot is free again");
        }
    }

    @Test
    void aBackendThatThrottles() throws Exception {
        Path credentials = Files.writeString(dir.resolve("s3.credentials"),
                "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n");
        try (FakeS3 s3 = new FakeS3();
             GatewayServer gw = start("server: {bind: 127.0.0.1, http: {port: 18080}, access-log: off, shutdown-grace: 0s}\n"
                     + "storage-areas:\n  - {name: cloud, access-points: [/cloud], anonymous: read-write,"
                     + " backend: {type: s3, endpoint: \"" + s3.url() + "\", bucket: bucket, max-attempts: 1,"
                     + " credentials: {type: file, path: \"" + credentials + "\"}}}\n")) {
            s3.slowDown.set(true);
            assertRetryLater(RawHttp.exchange(gw.httpPort(), "GET", "/cloud/f", null), Reason.BACKEND_UNAVAILABLE);
            assertCounted(gw, Reason.BACKEND_UNAVAILABLE);
        }
    }
}
