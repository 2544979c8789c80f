package org.tributary.gateway.server;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/** Jetty's HTTP/1.1 connections with a {@link RepeatedAuthorizationParser} in place of Jetty's parser. */
final class RepeatedAuthorizationConnectionFactory extends HttpConnectionFactory {

    RepeatedAuthorizationConnectionFactory(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint) {
            @Override
            protected HttpParser newHttpParser(HttpCompliance compliance) {
                // Jetty's parser is built for the connection's own request handler, which is otherwise out of reach.
                HttpParser jetty = super.newHttpParser(compliance);
                HttpParser parser = new RepeatedAuthorizationParser((HttpParser.RequestHandler) jetty.getHandler(),
                        getHttpConfiguration().getRequestHeaderSize(), compliance);
                parser.setHeaderCacheSize(jetty.getHeaderCacheSize());
                parser.setHeaderCacheCaseSensitive(jetty.isHeaderCacheCaseSensitive());
                return parser;
            }
        };
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }
}
