package org.tributary.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An emulated long-haul link: a loopback TCP proxy that caps EACH connection at {@code bytesPerSecond} in each
 * direction (a single TCP stream over a long fat pipe is limited by window/RTT, not by the pipe), so N parallel
 * streams get N times the rate. Listens on 127.0.0.1 only and forwards to one 127.0.0.1 target.
 */
final class LinkProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final double rate;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    final AtomicLong connections = new AtomicLong(), bytes = new AtomicLong();
    private final Thread acceptor;

    LinkProxy(int listenPort, int targetPort, double bytesPerSecond) throws IOException {
        this.targetPort = targetPort;
        this.rate = bytesPerSecond;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 256);
        acceptor = Thread.ofPlatform().daemon().name("linkproxy-accept").start(this::acceptLoop);
    }

    int port() { return server.getLocalPort(); }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                connections.incrementAndGet();
                Socket out = new Socket();
                try {
                    out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                } catch (IOException e) {
                    in.close();
                    continue;
                }
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                open.add(in);
                open.add(out);
                Thread.ofVirtual().start(() -> pump(in, out));
                Thread.ofVirtual().start(() -> pump(out, in));
            } catch (IOException e) {
                if (server.isClosed()) return;
            }
        }
    }

    /** Copies one direction, sleeping so that bytes / elapsed never exceeds the rate (64 KiB granularity). */
    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[64 * 1024];
        long start = System.nanoTime(), sent = 0;
        try (InputStream is = from.getInputStream(); OutputStream os = to.getOutputStream()) {
            int n;
            while ((n = is.read(buf)) > 0) {
                sent += n;
                long due = start + (long) (sent / rate * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                os.write(buf, 0, n);
                bytes.addAndGet(n);
            }
        } catch (IOException | InterruptedException e) {
            // connection closed by either side
        } finally {
            close(from);
            close(to);
        }
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : Set.copyOf(open)) close(s);
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code java -jar loadgen.jar proxy LISTEN_PORT TARGET_PORT MB_PER_S [SECONDS]}: runs stand-alone (bounded). */
    static void main(String[] a) throws Exception {
        if (a.length < 3) throw new IllegalArgumentException("usage: proxy LISTEN_PORT TARGET_PORT MB_PER_S [SECONDS (default 3600)]");
        double seconds = a.length > 3 ? Double.parseDouble(a[3]) : 3600;
        try (LinkProxy p = new LinkProxy(Integer.parseInt(a[0]), Integer.parseInt(a[1]), Double.parseDouble(a[2]) * 1e6)) {
            System.err.printf("127.0.0.1:%d -> 127.0.0.1:%s, %s MB/s per connection, for %.0f s%n", p.port(), a[1], a[2], seconds);
            Thread.sleep((long) (seconds * 1000));
        }
    }
}
