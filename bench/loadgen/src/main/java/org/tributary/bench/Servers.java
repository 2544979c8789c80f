package org.tributary.bench;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The servers under test: Tributary (per durability mode), nginx (WebDAV) and XRootD's HTTP server. */
final class Servers {

    private static final List<Server> RUNNING = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Server s : List.copyOf(RUNNING)) s.stop();
        }));
    }

    abstract static class Server {
        final String name;
        final int port;
        final Path stateDir;
        final Path logFile;
        Process proc;
        double startupMillis = Double.NaN;

        Server(String name, int port, Path stateDir, Path logDir) {
            this.name = name;
            this.port = port;
            this.stateDir = stateDir;
            this.logFile = logDir.resolve(name + ".log");
        }

        abstract List<String> command() throws IOException;

        Map<String, String> env() { return Map.of(); }

        Path workDir() { return stateDir; }

        String baseUrl() { return "http://127.0.0.1:" + port; }

        /** Starts and waits for the first successful GET of {@code probePath}; records the time from spawn to it. */
        void start(String probePath, double timeoutSeconds) throws Exception {
            if (portBusy(port)) {
                throw new IllegalStateException(name + ": port " + port + " on 127.0.0.1 is already in use (another server? pass --port-base)");
            }
            List<String> cmd = command();
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir().toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().putAll(env());
            Files.writeString(logFile, "\n==== " + String.join(" ", cmd) + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            long t0 = System.nanoTime();
            proc = pb.start();
            RUNNING.add(this);
            long deadline = t0 + (long) (timeoutSeconds * 1e9);
            URI probe = URI.create(baseUrl() + probePath);
            while (true) {
                if (get200(probe)) break;
                if (!proc.isAlive()) {
                    RUNNING.remove(this);
                    throw new IllegalStateException(name + " exited with " + proc.exitValue() + " before serving; see " + logFile);
                }
                if (System.nanoTime() > deadline) {
                    stop();
                    throw new IllegalStateException(name + " did not answer GET " + probe + " within " + timeoutSeconds + " s; see " + logFile);
                }
                Thread.sleep(5);
            }
            startupMillis = (System.nanoTime() - t0) / 1e6;
        }

        boolean alive() { return proc != null && proc.isAlive(); }

        long pid() { return proc.pid(); }

        void stop() {
            if (proc == null) return;
            proc.destroy(); // SIGTERM
            try {
                if (!proc.waitFor(15, TimeUnit.SECONDS)) {
                    proc.descendants().forEach(ProcessHandle::destroyForcibly);
                    proc.destroyForcibly();
                    proc.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            RUNNING.remove(this);
            // Wait until the port is free again so the next start measures a clean start-up.
            for (int i = 0; i < 200 && portBusy(port); i++) {
                try { Thread.sleep(25); } catch (InterruptedException e) { Thread.currentThread().interrupt(); break; }
            }
            proc = null;
        }

        /** Resident set size of the server's whole process tree (nginx: master + workers), in KiB. */
        long rssKb() { return Proc.treeStatusKb(pid(), "VmRSS"); }

        /** Peak RSS (VmHWM) of the tree since the last {@link #resetPeakRss()}, in KiB. */
        long peakRssKb() { return Proc.treeStatusKb(pid(), "VmHWM"); }

        void resetPeakRss() { Proc.resetHwm(pid()); }
    }

    static boolean portBusy(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean get200(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(250);
            c.setReadTimeout(2000);
            c.setRequestProperty("Connection", "close");
            int code = c.getResponseCode();
            try (var in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (in != null) in.readAllBytes();
            }
            c.disconnect();
            return code == 200;
        } catch (IOException e) {
            return false;
        }
    }

    static final class Tributary extends Server {
        final Path jar, dataRoot;
        final String durability;
        final List<String> jvmOpts;
        /** Extra top-level YAML (token-issuers, tpc) and extra keys of the storage area (policies), set before start. */
        String topYaml = "", areaYaml = "";

        Tributary(String name, int port, Path stateDir, Path logDir, Path jar, Path dataRoot, String durability, List<String> jvmOpts) {
            super(name, port, stateDir, logDir);
            this.jar = jar;
            this.dataRoot = dataRoot;
            this.durability = durability;
            this.jvmOpts = jvmOpts;
        }

        Path config() throws IOException {
            Path cfg = stateDir.resolve(name + ".yaml");
            Files.writeString(cfg, """
                    # generated by bench/run
                    server:
                      bind: 127.0.0.1
                      http: { port: %d }
                      access-log: off
                    storage-areas:
                      - name: data
                        access-points: [/data]
                        backend: { type: posix, root: %s }
                        anonymous: read-write
                        durability: %s
                    """.formatted(port, dataRoot, durability) + areaYaml + topYaml);
            return cfg;
        }

        @Override
        List<String> command() throws IOException {
            List<String> c = new ArrayList<>();
            c.add(ProcessHandle.current().info().command().orElse("java"));
            c.addAll(jvmOpts);
            c.addAll(List.of("-jar", jar.toString(), "serve", "--config", config().toString()));
            return c;
        }
    }

    static final class Nginx extends Server {
        final Path base;

        Nginx(int port, Path stateDir, Path logDir, Path base) {
            super("nginx", port, stateDir.resolve("nginx"), logDir);
            this.base = base;
        }

        @Override
        List<String> command() throws IOException {
            Files.createDirectories(stateDir);
            Path tmp = base.resolve("data/.nginx-tmp");
            Files.createDirectories(tmp);
            Path conf = stateDir.resolve("nginx.conf");
            Files.writeString(conf, """
                    # generated by bench/run: nginx-extras as a WebDAV peer (PROPFIND via dav_ext), loopback only
                    load_module /usr/lib/nginx/modules/ngx_http_dav_ext_module.so;
                    user root root;
                    worker_processes auto;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log warn;
                    events { worker_connections 4096; }
                    http {
                      access_log off;
                      sendfile on;
                      tcp_nopush on;
                      keepalive_requests 10000000;
                      keepalive_timeout 120s;
                      client_max_body_size 0;
                      client_body_temp_path %2$s;
                      default_type application/octet-stream;
                      server {
                        listen 127.0.0.1:%3$d;
                        root %4$s;
                        location = /ceiling { return 200 "ok\\n"; }
                        location /data/ {
                          dav_methods PUT DELETE MKCOL COPY MOVE;
                          dav_ext_methods PROPFIND OPTIONS;
                          create_full_put_path on;
                          dav_access user:rw group:rw all:r;
                        }
                      }
                    }
                    """.formatted(stateDir, tmp, port, base));
            return List.of("nginx", "-c", conf.toString(), "-p", stateDir.toString(), "-g", "daemon off;");
        }
    }

    static final class Xrootd extends Server {
        final Path base, shim;

        final String extraCfg;

        Xrootd(int port, Path stateDir, Path logDir, Path base, Path shim) {
            this("xrootd", port, stateDir, logDir, base, shim, "");
        }

        /** A named instance (its own state directory and instance name) with extra config lines (e.g. the TPC handler). */
        Xrootd(String name, int port, Path stateDir, Path logDir, Path base, Path shim, String extraCfg) {
            super(name, port, stateDir.resolve(name.equals("xrootd") ? "xrd" : "xrd-" + name), logDir);
            this.base = base;
            this.shim = shim;
            this.extraCfg = extraCfg;
        }

        @Override
        List<String> command() throws IOException {
            Files.createDirectories(stateDir);
            Proc.chownToXrootd(stateDir);
            Files.deleteIfExists(stateDir.resolve("bench/core")); // left by a crashed XRootD
            Path cfg = stateDir.resolve("xrootd.cfg");
            Files.writeString(cfg, """
                    # generated by bench/run: XRootD's HTTP server as a peer (plain http, no auth, loopback via bind shim)
                    all.export /data
                    oss.localroot %1$s
                    xrd.port %2$d
                    xrd.protocol XrdHttp:%3$d libXrdHttp.so
                    xrootd.chksum adler32
                    all.adminpath %4$s/admin
                    all.pidpath %4$s/admin
                    """.formatted(base, port + 1, port, stateDir) + extraCfg);
            cfg.toFile().setReadable(true, false);
            return List.of("setpriv", "--reuid=xrootd", "--regid=xrootd", "--init-groups",
                    "env", "LD_PRELOAD=" + shim, "xrootd", "-c", cfg.toString(), "-l", stateDir.resolve("xrootd.log").toString(),
                    "-I", "v4", "-n", name.equals("xrootd") ? "bench" : name);
        }
    }
}
