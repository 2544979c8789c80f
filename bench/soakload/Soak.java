import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Soak: a mixed WebDAV load at N connections against a running gateway (PID given) for a while, sampling the
 * gateway's open file descriptors, threads and RSS from /proc and its live heap (jcmd GC.class_histogram, which runs a full GC) every interval;
 * at the end it compares the last third of the run with the first third after warm-up and says, per resource,
 * whether it grew. Run by bench/soak (docs/security-testing.md); a single-file program (java Soak.java ...).
 *
 * Load per connection: uploads of 1 KiB to 1 MiB (new names and overwrites), GETs (whole, ranges, Want-Digest),
 * HEADs, PROPFIND Depth 1, MOVEs, COPYs, DELETEs, and about one upload in 50 cut off halfway (raw socket closed).
 *
 * Usage: java Soak.java BASE_URL PID DURATION_SECONDS CONNECTIONS INTERVAL_SECONDS OUT_DIR
 */
public class Soak {

    record Sample(long atSeconds, long fds, long threads, long rssKb, long heapUsedKb, long requests, long errors) { }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        long pid = Long.parseLong(args[1]);
        long duration = Long.parseLong(args[2]);
        int connections = Integer.parseInt(args[3]);
        long interval = Long.parseLong(args[4]);
        Path out = Path.of(args[5]);
        Files.createDirectories(out);
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder requests = new LongAdder();
        LongAdder errors = new LongAdder();
        Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int id = c;
            threads.add(Thread.ofPlatform().name("soak-" + c).start(() ->
                    loop(client, base, id, stop, requests, errors, statuses)));
        }
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        Path csv = out.resolve("samples.csv");
        Files.writeString(csv, "seconds,fds,threads,rss_kb,heap_used_after_gc_kb,requests,errors\n");
        while (true) {
            long at = (System.nanoTime() - start) / 1_000_000_000L;
            Sample s = new Sample(at, fds(pid), status(pid, "Threads"), status(pid, "VmRSS"), heapAfterGc(pid),
                    requests.sum(), errors.sum());
            samples.add(s);
            Files.writeString(csv, s.atSeconds + "," + s.fds + "," + s.threads + "," + s.rssKb + "," + s.heapUsedKb
                    + "," + s.requests + "," + s.errors + "\n", java.nio.file.StandardOpenOption.APPEND);
            System.out.printf("soak: %5d s  fds %5d  threads %4d  rss %7d KiB  heap %7d KiB  requests %9d  errors %d%n",
                    s.atSeconds, s.fds, s.threads, s.rssKb, s.heapUsedKb, s.requests, s.errors);
            if (at >= duration) break;
            Thread.sleep(interval * 1000);
        }
        stop.set(true);
        for (Thread t : threads) t.join();
        System.out.println("soak: statuses " + new TreeMap<>(statuses));
        boolean grew = verdict(samples);
        System.out.println(grew ? "soak: RESULT something grew (see above)" : "soak: RESULT nothing grew");
        System.exit(grew ? 1 : 0);
    }

    /**
     * Median of the first third after warm-up (the first 20 % of samples: JIT, buffer pools and thread pools fill up)
     * against the median of the last third.
     */
    static boolean verdict(List<Sample> all) {
        int warm = Math.max(1, all.size() / 5);
        List<Sample> s = all.subList(warm, all.size());
        if (s.size() < 6) {
            System.out.println("soak: too few samples for a verdict (run longer or sample more often)");
            return false;
        }
        int q = s.size() / 3;
        List<Sample> first = s.subList(0, q);
        List<Sample> last = s.subList(s.size() - q, s.size());
        boolean grew = false;
        grew |= judge("file descriptors", first, last, Sample::fds, 16, 0.10);
        grew |= judge("threads", first, last, Sample::threads, 16, 0.10);
        grew |= judge("heap after GC (KiB)", first, last, Sample::heapUsedKb, 32 * 1024, 0.20);
        grew |= judge("RSS (KiB)", first, last, Sample::rssKb, 64 * 1024, 0.10);
        return grew;
    }

    static boolean judge(String what, List<Sample> first, List<Sample> last,
                         java.util.function.ToLongFunction<Sample> f, long slack, double ratio) {
        long a = median(first, f);
        long b = median(last, f);
        boolean grew = b > a + Math.max(slack, (long) (a * ratio));
        System.out.printf("soak: %-20s first third %9d, last third %9d: %s%n", what, a, b,
                grew ? "GREW" : "steady");
        return grew;
    }

    static long median(List<Sample> s, java.util.function.ToLongFunction<Sample> f) {
        long[] v = s.stream().mapToLong(f).sorted().toArray();
        return v[v.length / 2];
    }

    static long fds(long pid) {
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return s.count();
        } catch (IOException e) {
            return -1;
        }
    }

    static long status(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /**
     * Live heap: {@code jcmd PID GC.class_histogram} runs a full GC and counts what survived, in one step (a separate
     * GC.run and GC.heap_info would count what 64 connections allocate in between).
     */
    static long heapAfterGc(long pid) {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            Process p = new ProcessBuilder(jcmd, Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            var m = java.util.regex.Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)").matcher(text);
            return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    static void loop(HttpClient client, String base, int id, AtomicBoolean stop, LongAdder requests, LongAdder errors,
                     Map<String, LongAdder> statuses) {
        Random r = new Random(id);
        String dir = base + "/data/soak/c" + id;
        byte[] buf = new byte[1 << 20];
        r.nextBytes(buf);
        int names = 20;
        while (!stop.get()) {
            String name = dir + "/f" + r.nextInt(names);
            String other = dir + "/f" + r.nextInt(names);
            int op = r.nextInt(100);
            try {
                HttpRequest.Builder b;
                String kind;
                if (op < 30) {
                    int size = 1024 + r.nextInt(r.nextInt(8) == 0 ? buf.length - 1024 : 64 * 1024);
                    b = HttpRequest.newBuilder(URI.create(name)).PUT(HttpRequest.BodyPublishers.ofByteArray(buf, 0, size));
                    kind = "PUT";
                } else if (op < 50) {
                    b = HttpRequest.newBuilder(URI.create(name)).GET();
                    kind = "GET";
                } else if (op < 58) {
                    b = HttpRequest.newBuilder(URI.create(name)).GET().header("Range", "bytes=0-99,1000-1999");
                    kind = "GET-range";
                } else if (op < 64) {
                    b = HttpRequest.newBuilder(URI.create(name)).GET().header("Want-Digest", "adler32");
                    kind = "GET-digest";
                } else if (op < 70) {
                    b = HttpRequest.newBuilder(URI.create(name)).method("HEAD", HttpRequest.BodyPublishers.noBody());
                    kind = "HEAD";
                } else if (op < 78) {
                    b = HttpRequest.newBuilder(URI.create(dir + "/")).method("PROPFIND", HttpRequest.BodyPublishers.noBody())
                            .header("Depth", "1");
                    kind = "PROPFIND";
                } else if (op < 85) {
                    b = HttpRequest.newBuilder(URI.create(name)).method("MOVE", HttpRequest.BodyPublishers.noBody())
                            .header("Destination", other).header("Overwrite", "T");
                    kind = "MOVE";
                } else if (op < 90) {
                    b = HttpRequest.newBuilder(URI.create(name)).method("COPY", HttpRequest.BodyPublishers.noBody())
                            .header("Destination", other).header("Overwrite", "T");
                    kind = "COPY";
                } else if (op < 98) {
                    b = HttpRequest.newBuilder(URI.create(name)).DELETE();
                    kind = "DELETE";
                } else {
                    cutUpload(URI.create(name), buf);
                    requests.increment();
                    statuses.computeIfAbsent("PUT-cut", k -> new LongAdder()).increment();
                    continue;
                }
                HttpResponse<Void> resp = client.send(b.timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.discarding());
                requests.increment();
                statuses.computeIfAbsent(kind + " " + resp.statusCode(), k -> new LongAdder()).increment();
                if (resp.statusCode() >= 500) errors.increment();
            } catch (IOException e) {
                errors.increment();
                statuses.computeIfAbsent("I/O " + e.getClass().getSimpleName(), k -> new LongAdder()).increment();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** An upload that announces 1 MiB, sends half and closes the connection: nothing may stay behind. */
    static void cutUpload(URI u, byte[] buf) throws IOException {
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            OutputStream o = s.getOutputStream();
            o.write(("PUT " + u.getRawPath() + " HTTP/1.1\r\nHost: " + u.getHost() + "\r\nContent-Length: " + buf.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.write(buf, 0, buf.length / 2);
            o.flush();
        }
    }
}
