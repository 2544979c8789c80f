package org.tributary.bench;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What Jetty's HTTP/1.1 parser costs for a bearer token, without a network or a server: the same GET head with and
 * without {@code Authorization: Bearer TOKEN}, parsed a million times in this JVM, with Jetty's per-connection header
 * cache off (what Tributary runs: the cache matches values case-insensitively) and on (Jetty's default), and its
 * case-sensitive variant. Prints nanoseconds per request head. Single-threaded; bounded by the iteration count.
 */
final class HeaderParseCost {

    private HeaderParseCost() { }

    static void main(String[] args) {
        String token = args.length > 0 ? args[0] : "eyJ" + "x".repeat(694);
        String head = "GET /data/small/f123 HTTP/1.1\r\nHost: 127.0.0.1:18080\r\n";
        byte[] anon = (head + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] bearer = (head + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        System.out.printf("token of %d characters; ns per request head (3 rounds)%n", token.length());
        for (int round = 1; round <= 3; round++) {
            for (String mode : new String[] {"cache off", "cache on", "cache on, case-sensitive"}) {
                int size = mode.equals("cache off") ? 0 : 1024;
                boolean sensitive = mode.endsWith("case-sensitive");
                double a = nanosPerHead(anon, size, sensitive), b = nanosPerHead(bearer, size, sensitive);
                System.out.printf("round %d  %-26s anonymous %6.0f  bearer %6.0f  difference %6.0f%n", round, mode, a, b, b - a);
            }
        }
    }

    private static double nanosPerHead(byte[] request, int cacheSize, boolean caseSensitive) {
        HttpParser parser = new HttpParser(new HttpParser.RequestHandler() {
            @Override public void startRequest(String method, String uri, HttpVersion version) { }
            @Override public void parsedHeader(HttpField field) { }
            @Override public boolean headerComplete() { return false; }
            @Override public boolean content(ByteBuffer item) { return false; }
            @Override public boolean contentComplete() { return false; }
            @Override public boolean messageComplete() { return true; }
            @Override public void earlyEOF() { }
            @Override public void badMessage(HttpException failure) { throw new IllegalStateException(failure.getReason()); }
        }, 8192); // the server's default request header limit
        parser.setHeaderCacheSize(cacheSize);
        parser.setHeaderCacheCaseSensitive(caseSensitive);
        ByteBuffer buffer = ByteBuffer.allocateDirect(request.length); // Jetty's server reads into direct buffers
        int warm = 200_000, measured = 1_000_000;
        long start = 0;
        for (int i = 0; i < warm + measured; i++) {
            if (i == warm) start = System.nanoTime();
            buffer.clear();
            buffer.put(request).flip();
            while (buffer.hasRemaining() && !parser.parseNext(buffer)) {
                // parseNext returns true at the end of the message
            }
            parser.reset();
        }
        return (System.nanoTime() - start) / (double) measured;
    }
}
