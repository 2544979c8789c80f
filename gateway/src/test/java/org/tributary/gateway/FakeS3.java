package org.tributary.gateway;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Enough of S3 for the gateway to start (HeadBucket, ListMultipartUploads), then, once {@link #slowDown} is set,
 * {@code 503 SlowDown} to everything, as a throttling or overloaded object store answers.
 */
public final class FakeS3 implements AutoCloseable {
    public final AtomicBoolean slowDown = new AtomicBoolean();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    public FakeS3() throws Exception {
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String body = "";
                if (slowDown.get()) {
                    response.setStatus(503);
                    body = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";
                } else if (request.getHttpURI().getQuery() != null && request.getHttpURI().getQuery().contains("uploads")) {
                    body = "<ListMultipartUploadsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                            + "<Bucket>bucket</Bucket><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>";
                }
                response.getHeaders().put("Content-Type", "application/xml");
                response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
    }

    public String url() { return "http://127.0.0.1:" + connector.getLocalPort(); }

    @Override
    public void close() throws Exception { server.stop(); }
}
