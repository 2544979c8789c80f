package org.tributary.bench;

import static org.tributary.bench.Bench.T;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Bearer-token GETs (a scope token, a group token) against anonymous ones on the same Tributary instance. */
final class TokenWorkload {

    static final String GROUP = "/bench";

    private final Bench bench;

    TokenWorkload(Bench bench) {
        this.bench = bench;
    }

    /** The dev issuer (keys generated next to jwks-file) and one group policy, in the suite's Tributary instance. */
    void withTokenIssuer(Servers.Tributary t) throws IOException {
        Path dir = Files.createDirectories(bench.state.resolve("dev-issuer"));
        t.areaYaml = """
                    policies:
                      - {allow: [read, list], path: /, who: group %s}
                """.formatted(GROUP);
        t.topYaml = """
                token-issuers:
                  - { name: dev, issuer: https://dev.tributary.invalid, dev: true, jwks-file: %s, audiences: [127.0.0.1] }
                """.formatted(dir.resolve("jwks.json"));
    }

    /** {@code tributary dev-token} against the instance's configuration: the token, or null. */
    String mint(Servers.Tributary t, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", bench.jar.toString(),
                "dev-token", "--config", bench.state.resolve(t.name + ".yaml").toString(), "--aud", "127.0.0.1", "--lifetime", "2h"));
        cmd.addAll(Arrays.asList(args));
        Proc.Out o = Proc.run(cmd, 60);
        String tok = o.text().lines().map(String::trim).filter(l -> l.startsWith("eyJ")).reduce((a, b) -> b).orElse(null);
        if (o.code() != 0 || tok == null) bench.note("dev-token " + String.join(" ", args) + " failed: " + o.text());
        return tok;
    }

    /**
     * The six orders of the three kinds: over six blocks every kind runs first, second and third twice and follows
     * each other kind equally often (a rotation alone made the group token always follow the scope token).
     */
    static final List<List<String>> ORDERS = List.of(List.of("anon", "scope", "group"), List.of("group", "anon", "scope"),
            List.of("scope", "group", "anon"), List.of("anon", "group", "scope"), List.of("scope", "anon", "group"),
            List.of("group", "scope", "anon"));

    /**
     * The same 4 KiB GET as small_get, anonymous and with a bearer token (a storage.read:/ scope token; a wlcg.groups
     * token authorised by a group policy) on the same instance and the same kept-alive connections, in many short
     * blocks: each block runs every kind for {@code tokenSeconds}, in one of the six {@link #ORDERS}.
     *
     * <p>Why short blocks, pooled: on this kind of machine throughput drifts by ±15 % over seconds (server and client
     * CPU per request rise and fall together, so the cause is outside either). Interleaving at a fine grain lets every
     * kind see the same drift; each kind's figure is its total requests over its total time (recorded as
     * token_get_KIND_cC, with server and client CPU summed the same way). The note also gives the spread of the
     * per-block ratios, so a reader can see how much one block alone could mislead.
     */
    void run(Servers.Tributary srv) throws Exception {
        String url = srv.baseUrl();
        String scope = mint(srv, "--scope", "storage.read:/"), group = mint(srv, "--group", GROUP);
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("anon", null);
        if (scope != null) kinds.put("scope", scope);
        if (group != null) kinds.put("group", group);
        List<String> names = new ArrayList<>(kinds.keySet());
        for (int c : new int[] {1, 64}) {
            org.eclipse.jetty.client.HttpClient client = Load.newClient(c, Integer.getInteger("loadgen.selectors", 1));
            try {
                // warm-up on these connections: the token path (one signature check per token, then the caches; JIT)
                for (String k : names) {
                    Load.Result w = Load.run(client, bench.spec("warm-token-" + k, url, "GET", "/data/small/f%d", bench.smallFiles, c,
                            Long.MAX_VALUE, bench.warmupSeconds / 4, 0, header(kinds.get(k))));
                    if (w.ok() == 0) bench.note("token warm-up (" + k + "): no successful GET; first error " + w.firstError());
                }
                Map<String, List<Load.Result>> slices = new LinkedHashMap<>();
                for (int b = 0; b < bench.tokenBlocks; b++) {
                    List<String> order = ORDERS.get(b % ORDERS.size()).stream().filter(names::contains).toList();
                    StringBuilder blockLine = new StringBuilder();
                    for (String k : order) {
                        Load.Result res = bench.measured(client, bench.spec("get-" + k, url, "GET", "/data/small/f%d", bench.smallFiles, c,
                                bench.smallCount, bench.tokenSeconds, 0, header(kinds.get(k))));
                        slices.computeIfAbsent(k, x -> new ArrayList<>()).add(res);
                        double[] cp = bench.cpu.get(res);
                        blockLine.append(String.format(Locale.ROOT, "  %s %.0f/s (server %.0f us/op)", k, res.opsPerSec(),
                                cp == null || res.ok() == 0 ? Double.NaN : 1e6 * cp[0] / res.ok()));
                    }
                    bench.log("token GET c=%d block %d:%s", c, b, blockLine);
                }
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                        "token GET c=%d: %d blocks of %s x %.2f s on one set of connections, pooled per kind;", c,
                        bench.tokenBlocks, String.join("/", names), bench.tokenSeconds));
                for (var e : slices.entrySet()) {
                    Load.Result pooled = pool(e.getValue());
                    bench.record("token_get_" + e.getKey() + "_c" + c, T, pooled);
                    if (e.getKey().equals("anon")) continue;
                    List<Double> ratios = new ArrayList<>();
                    for (int b = 0; b < e.getValue().size(); b++) {
                        ratios.add(e.getValue().get(b).opsPerSec() / slices.get("anon").get(b).opsPerSec());
                    }
                    ratios.sort(null);
                    int n = ratios.size();
                    line.append(String.format(Locale.ROOT, " %s/anon per block: median %.3f, middle half %.3f-%.3f, all %.3f-%.3f;",
                            e.getKey(), ratios.get(n / 2), ratios.get(n / 4), ratios.get(Math.min(n - 1, 3 * n / 4)),
                            ratios.get(0), ratios.get(n - 1)));
                }
                bench.note(line.substring(0, line.length() - 1));
            } finally {
                client.stop();
            }
        }
    }

    private static List<String> header(String token) {
        return token == null ? List.of() : List.of("Authorization: Bearer " + token);
    }

    /** Several runs of one workload as one: sums; latency percentiles are the middle run's, max the largest. */
    Load.Result pool(List<Load.Result> runs) {
        long ok = 0, errors = 0, in = 0, out = 0, digests = 0, entries = 0;
        double elapsed = 0, meanSum = 0, max = 0;
        Map<Integer, Long> statuses = new java.util.TreeMap<>();
        String firstError = null;
        double[] cpuSum = new double[3];
        for (Load.Result r : runs) {
            ok += r.ok(); errors += r.errors(); in += r.bytesIn(); out += r.bytesOut();
            digests += r.digestHeaders(); entries += r.entries();
            elapsed += r.elapsed(); meanSum += r.mean() * r.ok(); max = Math.max(max, r.max());
            r.statuses().forEach((k, v) -> statuses.merge(k, v, Long::sum));
            if (firstError == null) firstError = r.firstError();
            double[] c = bench.cpu.get(r);
            if (c != null) for (int i = 0; i < 3; i++) cpuSum[i] += c[i];
        }
        List<Load.Result> byP50 = new ArrayList<>(runs);
        byP50.sort(java.util.Comparator.comparingDouble(Load.Result::p50));
        Load.Result mid = byP50.get(byP50.size() / 2);
        Load.Spec first = runs.get(0).spec();
        Load.Result pooled = new Load.Result(first.withBounds(first.count() * runs.size(), first.seconds() * runs.size()),
                ok, errors, statuses, firstError, elapsed, in, out, mid.p50(), mid.p90(), mid.p99(), max,
                ok > 0 ? meanSum / ok : 0, digests, entries);
        bench.cpu.put(pooled, cpuSum);
        return pooled;
    }
}
