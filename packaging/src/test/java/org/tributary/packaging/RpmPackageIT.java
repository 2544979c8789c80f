package org.tributary.packaging;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The RPM the {@code rpm} profile of packaging/pom.xml made with rpmbuild (Debian's {@code rpm} package, which
 * bin/install-test-deps installs), read back with {@code rpm -qp}: the same files, modes and owners as the .deb, the
 * Java it needs, the configuration marked as such, the user created before install. Skipped only where rpmbuild is
 * not installed (then the profile did not run).
 */
class RpmPackageIT {

    private static Path rpm;

    @BeforeAll
    static void find() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/rpmbuild")),
                "rpmbuild is not installed (apt install rpm): no RPM was built");
        Path target = Path.of(System.getProperty("tributary.jar", "target/tributary.jar")).toAbsolutePath().getParent();
        try (Stream<Path> s = Files.list(target)) {
            List<Path> rpms = s.filter(p -> p.getFileName().toString().matches("tributary-.*\\.noarch\\.rpm")).toList();
            assertEquals(1, rpms.size(), "one tributary-*.noarch.rpm in " + target + ": " + rpms);
            rpm = rpms.getFirst();
        }
    }

    @Test
    void headerNamesThePackageAndTheJavaItNeeds() throws Exception {
        assertEquals("tributary noarch", rpmQuery("--queryformat", "%{NAME} %{ARCH}"));
        String requires = rpmQuery("--requires");
        assertTrue(requires.lines().anyMatch(l -> l.startsWith("(java-21-headless or ")), requires);
        assertTrue(requires.contains("shadow-utils"), requires);
        assertEquals(List.of("/etc/default/tributary", "/etc/tributary/tributary.yaml"),
                rpmQuery("--configfiles").lines().sorted().toList());
        String scripts = rpmQuery("--scripts");
        assertTrue(scripts.contains("useradd --system --gid tributary"),
                "the user is made before install:\n" + scripts);
    }

    @Test
    void filesMatchTheDebLayoutAndTheBuiltJar() throws Exception {
        // --dump: path size mtime digest mode owner group isconfig isdoc rdev symlink
        Map<String, String[]> dump = new HashMap<>();
        for (String line : rpmQuery("--dump").lines().toList()) {
            String[] f = line.split(" ");
            dump.put(f[0], f);
        }
        Map<String, String> modes = Map.of(
                "/usr/share/tributary/tributary.jar", "0100644 root root",
                "/usr/bin/tributary", "0100755 root root",
                "/usr/lib/systemd/system/tributary.service", "0100644 root root",
                "/etc/tributary/tributary.yaml", "0100640 root tributary",
                "/etc/default/tributary", "0100644 root root",
                "/var/lib/tributary", "040750 tributary tributary",
                "/var/cache/tributary", "040750 tributary tributary");
        for (var e : modes.entrySet()) {
            String[] f = dump.get(e.getKey());
            assertTrue(f != null, e.getKey() + " in the RPM: " + dump.keySet());
            assertEquals(e.getValue(), f[4] + " " + f[5] + " " + f[6], e.getKey());
        }
        Path jar = Path.of(System.getProperty("tributary.jar", "target/tributary.jar"));
        assertEquals(sha256(jar), dump.get("/usr/share/tributary/tributary.jar")[3], "the packaged jar is the build's");
        Path src = Path.of(System.getProperty("tributary.packagingDir", "."));
        assertEquals(sha256(src.resolve("deb/files/tributary.service")),
                dump.get("/usr/lib/systemd/system/tributary.service")[3], "the same unit as the .deb");
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            md.update(in.readAllBytes());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String rpmQuery(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("rpm", "-qp"));
        command.addAll(List.of(args));
        command.add(rpm.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in 60 s");
        }
        if (p.exitValue() != 0) fail(command + " exited with " + p.exitValue() + ":\n" + out);
        return out.strip();
    }
}
