package org.tributary.backend.s3;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for the tests: s3proxy from Maven Central, in this JVM, on a loopback ephemeral port, with SigV4
 * authentication on and an in-memory store (docs/decisions/0006-s3proxy-instead-of-localstack.md).
 */
final class S3Server implements AutoCloseable {

    static final String ACCESS = "tributary-test";
    static final String SECRET = "tributary-test-secret-" + UUID.randomUUID();
    static final String BUCKET = "tributary-test";

    private final S3Proxy proxy;
    final URI endpoint;

    S3Server() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (proxy.getPort() <= 0 && System.nanoTime() < deadline) Thread.sleep(10);
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        try (S3Client c = S3Backend.client(options(endpoint, ""))) {
            c.createBucket(r -> r.bucket(BUCKET));
        }
    }

    static S3Options options(URI endpoint, String prefix) {
        return S3Options.of(endpoint, "us-east-1", BUCKET, prefix, S3Options.Credentials.literal(ACCESS, SECRET));
    }

    S3Options options(String prefix) {
        return options(endpoint, prefix);
    }

    /** A backend on a fresh prefix with the given part size (5 MiB is S3's minimum) and extra interceptors. */
    S3Backend backend(String prefix, long partSize, List<ExecutionInterceptor> interceptors) throws Exception {
        S3Options o = options(prefix).withPartSize(partSize, 2);
        return S3Backend.open(o, S3Backend.client(o, interceptors));
    }

    S3Backend backend(String prefix) throws Exception {
        return backend(prefix, S3Options.MIN_PART_SIZE, List.of());
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
