package org.tributary.bench;

import org.apache.commons.io.file.PathUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** /proc readings, helper commands and file-system chores. */
final class Proc {
    private Proc() {}

    static List<Long> tree(long pid) {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return 0;
    }

    static long treeStatusKb(long pid, String field) {
        long sum = 0;
        for (long p : tree(pid)) sum += statusKb(p, field);
        return sum;
    }

    static final double CLK_TCK = clkTck();

    private static double clkTck() {
        String t = runText(5, "getconf", "CLK_TCK");
        try {
            return Double.parseDouble(t.trim());
        } catch (RuntimeException e) {
            return 100;
        }
    }

    /** CPU time (user + system) used so far by the process tree, in seconds (resolution 1/CLK_TCK). */
    static double treeCpuSeconds(long pid) {
        long ticks = 0;
        for (long p : tree(pid)) {
            try {
                String st = Files.readString(Path.of("/proc/" + p + "/stat"));
                String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            } catch (IOException | RuntimeException e) {
                // gone
            }
        }
        return ticks / CLK_TCK;
    }

    /** CPU time of the JIT compiler threads ("C1/C2 CompilerThread") in the tree, in seconds: a warm-up cost. */
    static double treeJitCpuSeconds(long pid) {
        long ticks = 0;
        for (long p : tree(pid)) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/" + p + "/task"))) {
                for (Path t : tasks.toList()) {
                    try {
                        String st = Files.readString(t.resolve("stat"));
                        String comm = st.substring(st.indexOf('(') + 1, st.lastIndexOf(')'));
                        if (!comm.contains("CompilerThre")) continue;
                        String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    } catch (IOException | RuntimeException e) {
                        // thread gone
                    }
                }
            } catch (IOException e) {
                // process gone
            }
        }
        return ticks / CLK_TCK;
    }

    /** Resets VmHWM (peak RSS) of the tree: "5" to /proc/PID/clear_refs. */
    static void resetHwm(long pid) {
        for (long p : tree(pid)) {
            try {
                Files.writeString(Path.of("/proc/" + p + "/clear_refs"), "5");
            } catch (IOException e) {
                // not permitted or gone
            }
        }
    }

    record Out(int code, String text) {}

    static Out run(List<String> cmd, double timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[][] holder = new byte[1][];
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    holder[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    holder[0] = new byte[0];
                }
            });
            if (!p.waitFor((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Out(-1, "timed out: " + String.join(" ", cmd));
            }
            reader.join(2000);
            return new Out(p.exitValue(), holder[0] == null ? "" : new String(holder[0]).trim());
        } catch (IOException e) {
            return new Out(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Out(-1, e.toString());
        }
    }

    static String runText(double timeoutSeconds, String... cmd) {
        Out o = run(List.of(cmd), timeoutSeconds);
        return o.code() == 0 ? o.text() : "";
    }

    static void sync() { run(List.of("sync"), 120); }

    /** Deletes a file or a tree; a link goes as itself. */
    static void deleteTree(Path p) throws IOException {
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) PathUtils.delete(p);
    }

    /** Empties a directory (keeps it, with its owner and mode). */
    static void emptyDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path c : s.toList()) deleteTree(c);
        }
    }

    /** A directory every server can write: owned by the xrootd user (XRootD does not run as root), mode 0777. */
    static Path sharedDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        chownToXrootd(dir);
        return dir;
    }

    static void chownToXrootd(Path p) {
        try {
            UserPrincipalLookupService l = p.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal u = l.lookupPrincipalByName("xrootd");
            GroupPrincipal g = l.lookupPrincipalByGroupName("xrootd");
            PosixFileAttributeView v = Files.getFileAttributeView(p, PosixFileAttributeView.class);
            v.setOwner(u);
            v.setGroup(g);
        } catch (IOException | UnsupportedOperationException e) {
            // no xrootd user: XRootD will not be run anyway
        }
    }

    static String firstLine(Path p, String prefix) {
        try {
            for (String l : Files.readAllLines(p)) if (l.startsWith(prefix)) return l.substring(l.indexOf(':') + 1).trim();
        } catch (IOException e) {
            // ignore
        }
        return "";
    }

    static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
