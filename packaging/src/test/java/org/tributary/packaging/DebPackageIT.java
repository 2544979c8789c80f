package org.tributary.packaging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The .deb the build made (packaging/pom.xml, jdeb; docs/packaging.md), checked with Debian's own tools:
 * {@code dpkg-deb -I} and {@code -c} for the control data and the layout, {@code dpkg-deb -x} into a scratch root,
 * {@code systemd-analyze verify} on the unit, and the packaged {@code /usr/bin/tributary} started once with the
 * packaged configuration on a free loopback port, twice in fact: the first run writes the class-data-sharing archive
 * at exit, the second maps it (both start-up times are printed, not judged).
 */
class DebPackageIT {

    private static Path deb;
    private static Path root;
    private static Path work;

    @BeforeAll
    static void unpack() throws Exception {
        // Debian's tools are what this checks the package with; elsewhere (a developer's Fedora) it says so and skips
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")),
                "dpkg-deb is not installed: the .deb is not checked");
        Path target = Path.of(System.getProperty("tributary.jar", "target/tributary.jar")).toAbsolutePath().getParent();
        try (Stream<Path> s = Files.list(target)) {
            List<Path> debs = s.filter(p -> p.getFileName().toString().matches("tributary_.*_all\\.deb")).toList();
            assertEquals(1, debs.size(), "one tributary_*_all.deb in " + target + ": " + debs);
            deb = debs.getFirst();
        }
        work = target.resolve("deb-test");
        deleteTree(work);
        root = Files.createDirectories(work.resolve("root"));
        run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()));
    }

    @Test
    void controlNamesThePackageTheJavaItNeedsAndTheConffiles() throws Exception {
        String control = run(List.of("dpkg-deb", "-f", deb.toString())).output();
        assertTrue(control.contains("Package: tributary\n"), control);
        assertTrue(control.contains("Architecture: all\n"), control);
        String depends = run(List.of("dpkg-deb", "-f", deb.toString(), "Depends")).output().strip();
        assertTrue(depends.startsWith("java21-runtime-headless | openjdk-21-jre-headless | temurin-21-jre"), depends);
        assertTrue(depends.contains("adduser"), depends);
        String conffiles = run(List.of("dpkg-deb", "-I", deb.toString(), "conffiles")).output();
        assertEquals(List.of("/etc/tributary/tributary.yaml", "/etc/default/tributary"), conffiles.lines().toList());
        String info = run(List.of("dpkg-deb", "-I", deb.toString())).output();
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertTrue(info.matches("(?s).*\\d+ lines\\s+\\*\\s+" + script + "\\s+#!/bin/sh.*"),
                    script + " is an executable shell script:\n" + info);
        }
    }

    @Test
    void maintainerScriptsAreValidShell() throws Exception {
        Path control = Files.createDirectories(work.resolve("control"));
        run(List.of("dpkg-deb", "-e", deb.toString(), control.toString()));
        for (String script : List.of("postinst", "prerm", "postrm")) {
            run(List.of("sh", "-n", control.resolve(script).toString()));
        }
        String postinst = Files.readString(control.resolve("postinst"));
        assertTrue(postinst.contains("adduser --system"), "postinst creates the service user");
        run(List.of("sh", "-n", root.resolve("usr/bin/tributary").toString()));
    }

    @Test
    void contentsFollowTheDebianLayout() throws Exception {
        String listing = run(List.of("dpkg-deb", "-c", deb.toString())).output();
        Map<String, String> expected = Map.of(
                "./usr/share/tributary/tributary.jar", "-rw-r--r--",
                "./usr/bin/tributary", "-rwxr-xr-x",
                "./usr/lib/systemd/system/tributary.service", "-rw-r--r--",
                "./etc/tributary/tributary.yaml", "-rw-r-----",
                "./etc/default/tributary", "-rw-r--r--",
                "./usr/share/doc/tributary/packaging.md", "-rw-r--r--",
                "./usr/share/doc/tributary/grafana/tributary.json", "-rw-r--r--");
        for (var e : expected.entrySet()) {
            assertTrue(listing.lines().anyMatch(l -> l.startsWith(e.getValue() + " root/root")
                            && l.endsWith(" " + e.getKey())),
                    e.getKey() + " with mode " + e.getValue() + " owned by root in:\n" + listing);
        }
        Path builtJar = Path.of(System.getProperty("tributary.jar", "target/tributary.jar"));
        assertEquals(-1L, Files.mismatch(builtJar, root.resolve("usr/share/tributary/tributary.jar")),
                "the packaged jar is the jar this build made");
    }

    @Test
    void unitPassesSystemdAnalyzeVerifyAndIsHardened() throws Exception {
        Path unit = root.resolve("usr/lib/systemd/system/tributary.service");
        String text = Files.readString(unit);
        for (String line : List.of("User=tributary", "NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes",
                "ProtectHome=yes", "ReadWritePaths=/var/lib/tributary /var/cache/tributary /var/log/tributary",
                "ExecStart=/usr/bin/tributary serve --config /etc/tributary/tributary.yaml")) {
            assertTrue(text.lines().anyMatch(line::equals), "unit has " + line);
        }
        assertFalse(text.lines().anyMatch(l -> l.startsWith("ExecReload=")), "no reload: the gateway has none");
        // verify checks that ExecStart's binary exists: point it at the unpacked wrapper, nothing else changes
        Path dir = Files.createDirectories(work.resolve("unit"));
        Path copy = dir.resolve("tributary.service");
        Files.writeString(copy, text.replace("ExecStart=/usr/bin/tributary ",
                "ExecStart=" + root.resolve("usr/bin/tributary") + " "));
        Result r = run(List.of("systemd-analyze", "verify", copy.toString()));
        // verify exits 0 on a bad value it ignores: any message at all is a failure
        assertEquals("", r.output().strip(), "systemd-analyze verify printed warnings");
        // systemd's own exposure score (0 = locked down, 10 = none): 1.4 today; above 2.0 means hardening was lost
        run(List.of("systemd-analyze", "security", "--offline=yes", "--threshold=20", copy.toString()));
    }

    @Test
    void wrapperSkipsAJavaOlderThan21AndSaysSoWhenThereIsNoOther() throws Exception {
        // a fake JDK 17 (its release file says so; its java would fail if it ran) as JAVA_HOME and first on the PATH
        Path old = Files.createDirectories(work.resolve("jdk-17/bin"));
        Files.writeString(old.getParent().resolve("release"), "JAVA_VERSION=\"17.0.2\"\n");
        Path fake = Files.writeString(old.resolve("java"), "#!/bin/sh\necho fake java 17 ran; exit 3\n");
        fake.toFile().setExecutable(true);
        Path jvms = Files.createDirectories(work.resolve("jvm"));
        ProcessBuilder none = new ProcessBuilder(List.of(root.resolve("usr/bin/tributary").toString(), "version"));
        none.environment().put("JAVA_HOME", old.getParent().toString());
        none.environment().put("PATH", old + ":/usr/bin:/bin");
        none.environment().put("TRIBUTARY_JVM_DIR", jvms.toString());
        Process p = none.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), out);
        assertEquals("tributary: no Java 21 or newer found (set JAVA_HOME, or apt install openjdk-21-jre-headless)",
                out.strip());
        // with this test's own JDK (>= 21) in the JVM directory, that one runs
        Path thisJdk = jvms.resolve("this-jdk");
        if (!Files.exists(thisJdk)) Files.createSymbolicLink(thisJdk, Path.of(System.getProperty("java.home")));
        Result r = run(none);
        assertTrue(r.output().startsWith("tributary "), r.output());
    }

    @Test
    void shippedConfigurationsPassCheckConfig() throws Exception {
        Path wrapper = root.resolve("usr/bin/tributary");
        Path container = Path.of(System.getProperty("tributary.packagingDir", ".")).resolve("container/tributary.yaml");
        for (Path config : List.of(root.resolve("etc/tributary/tributary.yaml"), container)) {
            ProcessBuilder pb = new ProcessBuilder(List.of(wrapper.toString(), "check-config", config.toString()));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Result r = run(pb);
            assertTrue(r.output().startsWith("# configuration is valid"), config + ": " + r.output());
        }
        // the packaged one keeps the gateway on this machine
        assertTrue(Files.readString(root.resolve("etc/tributary/tributary.yaml")).contains("\n  bind: 127.0.0.1\n"));
    }

    @Test
    void packagedGatewayStartsWithThePackagedConfigAndUsesItsCdsArchive() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Files.writeString(data.resolve("hello.txt"), "hello from the package\n");
        Path cache = Files.createDirectories(work.resolve("cache"));
        Path archive = cache.resolve("tributary.jsa");

        long cold = serveOnceAndGet(data, archive, "first");
        assertTrue(Files.size(archive) > 0, "the JVM wrote the class-data-sharing archive at exit: " + archive);
        // -Xshare:on fails when the archive cannot be mapped: it is valid for this JVM and jar
        String java = ProcessHandle.current().info().command().orElseThrow();
        run(List.of(java, "-XX:SharedArchiveFile=" + archive, "-Xshare:on", "-jar",
                root.resolve("usr/share/tributary/tributary.jar").toString(), "version"));
        long warm = serveOnceAndGet(data, archive, "second");
        System.out.printf("deb: packaged gateway answered GET / %d ms after start without a CDS archive, %d ms with"
                + " it%n", cold, warm);
    }

    /** Starts the packaged wrapper, waits for GET / to answer, reads a file, stops it (SIGTERM): ms to first answer. */
    private static long serveOnceAndGet(Path data, Path archive, String name) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = work.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of(root.resolve("usr/bin/tributary").toString(), "serve",
                "--config", root.resolve("etc/tributary/tributary.yaml").toString(),
                "--root", data.toString(), "--http-port", Integer.toString(port)));
        pb.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        pb.environment().put("TRIBUTARY_CDS_ARCHIVE", archive.toString());
        pb.redirectErrorStream(true).redirectOutput(Redirect.to(log.toFile()));
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String base = "http://127.0.0.1:" + port;
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            long elapsed = -1;
            while (elapsed < 0) {
                if (!p.isAlive()) fail("packaged gateway exited with " + p.exitValue() + ": " + Files.readString(log));
                if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(120)) fail("no answer in 120 s: " + log);
                try {
                    HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(base + "/"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                    elapsed = (System.nanoTime() - t0) / 1_000_000;
                    assertEquals(200, r.statusCode(), "GET /");
                } catch (IOException notYet) {
                    Thread.sleep(20);
                }
            }
            HttpResponse<String> file = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/data/hello.txt")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, file.statusCode());
            assertEquals("hello from the package\n", file.body());
            // the packaged configuration lets loopback read, not write
            HttpResponse<String> put = client.send(HttpRequest.newBuilder(URI.create(base + "/data/new.txt"))
                    .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(put.statusCode() == 401 || put.statusCode() == 403,
                    "anonymous PUT refused: " + put.statusCode());
            return elapsed;
        } finally {
            p.destroy();   // SIGTERM: a clean stop, during which the JVM writes the archive
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("packaged gateway did not stop within 60 s of SIGTERM");
            }
        }
    }

    private record Result(int exit, String output) { }

    /** Runs a command; fails the test with its output when it exits non-zero. */
    private static Result run(List<String> command) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command));
    }

    private static Result run(ProcessBuilder pb) throws IOException, InterruptedException {
        List<String> command = pb.command();
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) fail(command + " exited with " + p.exitValue() + ":\n" + out);
        return new Result(p.exitValue(), out);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) Files.delete(p);
        }
    }
}
