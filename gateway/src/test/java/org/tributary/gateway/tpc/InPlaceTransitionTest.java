package org.tributary.gateway.tpc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.backend.placement.SharedCopy;
import org.tributary.gateway.Digests;
import org.tributary.gateway.config.GatewayConfig;
import org.tributary.gateway.security.LocalTestIssuer;
import org.tributary.gateway.server.GatewayServer;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.gateway.tpc.TpcPeers.files;
import static org.tributary.gateway.tpc.TpcPeers.lastLine;
import static org.tributary.gateway.tpc.TpcPeers.send;

/**
 * Issue 13 item 2: a third-party copy between two QoS class access points of one gateway's storage is done in place
 * (the TPC client's counters stay at zero), looks like any other copy to the client (202, markers, one final line),
 * and authorises its other end as a request to it would be: the forwarded TransferHeaderAuthorization, or anonymous,
 * with scopes relative to that end's access point. A copy to another storage of the same gateway still goes over the
 * network.
 */
class InPlaceTransitionTest {

    static final String AUD = "se.example.org";

    @TempDir
    static Path dir;
    static LocalTestIssuer issuer;
    static GatewayServer gw;
    static Path data;
    static Path lake;
    static Path other;

    @BeforeAll
    static void start() throws Exception {
        issuer = LocalTestIssuer.start();
        data = Files.createDirectories(dir.resolve("data"));
        lake = Files.createDirectories(dir.resolve("lake"));
        other = Files.createDirectories(dir.resolve("other"));
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String yaml = """
                server: {bind: 127.0.0.1, http: {port: %d}, access-log: off}
                tpc: {marker-interval: 200ms}
                token-issuers:
                  - {name: lake, issuer: "%s", allow-http-on-loopback: true, audiences: [%s]}
                storage-areas:
                  - name: data
                    access-points: [/data]
                    anonymous: read-write
                    backend: {type: posix, root: "%s"}
                    qos: {classes: [{name: FAST, placement: disk, access-point: /data/fast},
                                    {name: CHEAP-ANALYSIS, placement: disk, access-point: /cheap}]}
                  - name: lake
                    access-points: [/lake]
                    anonymous: none
                    backend: {type: posix, root: "%s"}
                    qos: {classes: [{name: HOT, placement: disk, access-point: /lake/hot},
                                    {name: COLD, placement: disk, access-point: /lake/cold}]}
                  - {name: other, access-points: [/other], anonymous: read-write, backend: {type: posix, root: "%s"}}
                """.formatted(port, issuer.url(), AUD, data, lake, other);
        gw = new GatewayServer(GatewayConfig.parse(yaml, "in-place-test.yaml")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gw != null) gw.close();
        if (issuer != null) issuer.close();
    }

    static String url(String path) { return "http://127.0.0.1:" + gw.httpPort() + path; }

    static String token(String scope) {
        return issuer.wlcg(Instant.now(), "rucio", AUD, scope, List.of());
    }

    static byte[] put(String path, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(201, TpcPeers.put(url(path), b).statusCode());
        return b;
    }

    static void putWithToken(String path, String text, String token) throws Exception {
        assertEquals(201, TpcPeers.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url(path)))
                .header("Authorization", "Bearer " + token)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(text)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    /** The TPC client's counters, as "transfers/bytes". */
    static String counter() {
        return gw.tpcCounter().transfersStarted() + "/" + gw.tpcCounter().bytesTransferred();
    }

    /** The adler32 the gateway gives for a file, as a Digest header value. */
    static String adler32(String path) throws Exception {
        HttpResponse<String> r = send("HEAD", url(path), "Want-Digest", "adler32");
        assertEquals(200, r.statusCode(), path);
        return r.headers().firstValue("Digest").orElseThrow();
    }

    /** A URL of this gateway by another name than the one the requests use: a push to it is a third-party copy. */
    static String byName(String path) { return "http://localhost:" + gw.httpPort() + path; }

    static void mkcol(String path, String token) throws Exception {
        assertEquals(201, send("MKCOL", url(path), "Authorization", "Bearer " + token).statusCode());
    }

    static boolean sharing() {
        return gw.areas().getFirst().shared().feature(SharedCopy.class).isPresent();
    }

    static Object inode(Path p) throws Exception {
        return Files.getAttribute(p, "unix:ino");
    }

    @Test
    void aPullBetweenTwoClassesIsDoneInPlace() throws Exception {
        byte[] bytes = put("/data/fast/run1/f", "observation 1");
        assertEquals(201, TpcPeers.put(url("/cheap/run1/keep"), new byte[0]).statusCode()); // the parent
        String before = counter();
        HttpResponse<String> r = send("COPY", url("/cheap/run1/f"), "Source", url("/data/fast/run1/f"));
        assertEquals(202, r.statusCode(), r.body());
        assertEquals("success: Created", lastLine(r.body()));
        assertTrue(r.body().contains("Stripe Bytes Transferred: " + bytes.length), r.body());
        assertFalse(r.body().contains("RemoteConnections"), "no connection was made: " + r.body());
        assertEquals(before, counter(), "the TPC client moved nothing");
        Path copy = data.resolve("CHEAP-ANALYSIS/run1/f");
        assertEquals("observation 1", Files.readString(copy));
        // read through the area's own access point, which shows the class directories
        assertEquals("adler32=" + Digests.adler32(bytes), adler32("/data/CHEAP-ANALYSIS/run1/f"));
        assertTrue(sharing(), "a POSIX area shares by hard link");
        assertEquals(inode(data.resolve("fast/run1/f")), inode(copy), "the two names share the data");
        assertEquals("adler32=" + Digests.adler32(bytes), adler32("/cheap/run1/f"), "through the class view too");
        assertEquals(204, send("DELETE", url("/data/fast/run1/f")).statusCode());
        assertEquals("observation 1", Files.readString(copy), "deleting the source leaves the target");
    }

    @Test
    void aPushBetweenTwoClassesIsDoneInPlace() throws Exception {
        byte[] bytes = put("/data/fast/run2/f", "observation 2");
        String before = counter();
        // localhost resolves to loopback addresses only, where this gateway listens
        HttpResponse<String> r = send("COPY", url("/data/fast/run2/f"), "Destination", byName("/cheap/run2/f"));
        assertEquals("success: Created", lastLine(r.body()), r.body());
        assertEquals(before, counter());
        assertEquals("observation 2", Files.readString(data.resolve("CHEAP-ANALYSIS/run2/f")),
                "the parents are made as by a PUT");
        assertEquals("adler32=" + Digests.adler32(bytes), adler32("/data/CHEAP-ANALYSIS/run2/f"));
    }

    @Test
    void aPushToTheSameAuthorityIsAThirdPartyCopyWhenItSaysSo() throws Exception {
        put("/data/fast/run3/f", "observation 3");
        // what gfal2 sends on a push: Credential and X-Number-Of-Streams; it reads the answer as a marker stream
        HttpResponse<String> r = send("COPY", url("/data/fast/run3/f"), "Destination", url("/cheap/run3/f"),
                "Credential", "none", "X-Number-Of-Streams", "0");
        assertEquals(202, r.statusCode(), r.body());
        assertEquals("success: Created", lastLine(r.body()));
        assertEquals("observation 3", Files.readString(data.resolve("CHEAP-ANALYSIS/run3/f")));
        // without them, a COPY to this server is a WebDAV COPY (RFC 4918): 201
        assertEquals(201, send("COPY", url("/data/fast/run3/f"), "Destination", url("/cheap/run3/g")).statusCode());
    }

    @Test
    void theAreaItselfAndItsClassesAreOneStorage() throws Exception {
        put("/data/plain", "outside every class");
        String before = counter();
        HttpResponse<String> r = send("COPY", url("/data/fast/from-plain"), "Source", url("/data/plain"));
        assertEquals("success: Created", lastLine(r.body()), r.body());
        assertEquals(before, counter());
        assertEquals("outside every class", Files.readString(data.resolve("fast/from-plain")));
    }

    @Test
    void overwriteRules() throws Exception {
        put("/data/fast/ow/src", "new");
        put("/cheap/ow/dst", "old");
        // pull, Overwrite F: refused before the 202, as for any pull
        assertEquals(412, send("COPY", url("/cheap/ow/dst"), "Source", url("/data/fast/ow/src"), "Overwrite", "F")
                .statusCode());
        // push, Overwrite F: the destination says no after the 202, as a remote's HEAD would
        HttpResponse<String> r = send("COPY", url("/data/fast/ow/src"), "Destination", byName("/cheap/ow/dst"),
                "Overwrite", "F");
        assertEquals(202, r.statusCode());
        assertEquals("failure: the destination exists and Overwrite is F", lastLine(r.body()));
        assertEquals("old", Files.readString(data.resolve("CHEAP-ANALYSIS/ow/dst")));
        // Overwrite T (the default): replaced in one step
        r = send("COPY", url("/cheap/ow/dst"), "Source", url("/data/fast/ow/src"));
        assertEquals("success: Created", lastLine(r.body()), r.body());
        assertEquals("new", Files.readString(data.resolve("CHEAP-ANALYSIS/ow/dst")));
        put("/data/fast/ow/src2", "newer");
        r = send("COPY", url("/data/fast/ow/src2"), "Destination", byName("/cheap/ow/dst"), "Overwrite", "T");
        assertEquals("success: Created", lastLine(r.body()), r.body());
        assertEquals("newer", Files.readString(data.resolve("CHEAP-ANALYSIS/ow/dst")));
        assertNoTemporaries();
    }

    @Test
    void aMissingSourceFailsAsARemoteWould() throws Exception {
        put("/cheap/missing/keep", "");
        HttpResponse<String> r = send("COPY", url("/cheap/missing/f"), "Source", url("/data/fast/missing/nothing"));
        assertEquals(202, r.statusCode());
        assertTrue(lastLine(r.body()).startsWith("failure: Remote side failed with status code 404"), r.body());
        assertFalse(Files.exists(data.resolve("CHEAP-ANALYSIS/missing/f")));
    }

    @Test
    void aCollectionIsRefused() throws Exception {
        put("/data/fast/coll/member", "m");
        put("/cheap/coll/keep", "");
        HttpResponse<String> r = send("COPY", url("/cheap/coll/c"), "Source", url("/data/fast/coll"));
        assertTrue(lastLine(r.body()).startsWith("failure: Remote side failed with status code 409"), r.body());
        assertFalse(Files.exists(data.resolve("CHEAP-ANALYSIS/coll/c")));
        // push of a collection: refused before the 202, as any push
        assertEquals(409, send("COPY", url("/data/fast/coll"), "Destination", byName("/cheap/coll/c")).statusCode());
        // push onto a collection: the PUT a remote gets would be refused
        r = send("COPY", url("/data/fast/coll/member"), "Destination", byName("/cheap/coll"));
        assertTrue(lastLine(r.body()).startsWith("failure: Remote side failed with status code 405"), r.body());
    }

    @Test
    void aFileIsNotCopiedOntoItself() throws Exception {
        put("/data/fast/self", "only copy");
        HttpResponse<String> r = send("COPY", url("/data/fast/self"), "Source", url("/data/fast/self"));
        assertEquals("failure: the source and the destination are the same file", lastLine(r.body()), r.body());
        r = send("COPY", url("/data/fast/self"), "Destination", byName("/data/fast/self"));
        assertEquals("failure: the source and the destination are the same file", lastLine(r.body()), r.body());
        assertEquals("only copy", Files.readString(data.resolve("fast/self")));
    }

    @Test
    void pullWithTokensScopedToEachAccessPoint() throws Exception {
        putWithToken("/lake/hot/run/f", "lake bytes", token("storage.create:/run"));
        mkcol("/lake/cold/run", token("storage.create:/run"));
        String before = counter();
        HttpResponse<String> r = send("COPY", url("/lake/cold/run/f"), "Source", url("/lake/hot/run/f"),
                "Authorization", "Bearer " + token("storage.create:/run"),
                "TransferHeaderAuthorization", "Bearer " + token("storage.read:/run"), "Credential", "none");
        assertEquals(202, r.statusCode(), r.body());
        assertEquals("success: Created", lastLine(r.body()));
        assertEquals(before, counter());
        assertEquals("lake bytes", Files.readString(lake.resolve("cold/run/f")));
    }

    @Test
    void theSourceIsAuthorisedAsARemoteWouldAuthoriseIt() throws Exception {
        putWithToken("/lake/hot/auth/f", "secret", token("storage.create:/auth"));
        mkcol("/lake/cold/auth", token("storage.create:/auth"));
        String dst = url("/lake/cold/auth/f");
        String create = "Bearer " + token("storage.create:/auth");
        // no TransferHeaderAuthorization: the source sees an anonymous GET (the caller's own token is not forwarded)
        HttpResponse<String> r = send("COPY", dst, "Source", url("/lake/hot/auth/f"), "Authorization", create);
        assertTrue(lastLine(r.body()).startsWith("failure: Remote side failed with status code 401"), r.body());
        // a token for another path of the source's access point
        r = send("COPY", dst, "Source", url("/lake/hot/auth/f"), "Authorization", create,
                "TransferHeaderAuthorization", "Bearer " + token("storage.read:/elsewhere"));
        assertTrue(lastLine(r.body()).startsWith("failure: Remote side failed with status code 403"), r.body());
        // a bad token
        r = send("COPY", dst, "Source", url("/lake/hot/auth/f"), "Authorization", create,
                "TransferHeaderAuthorization", "Bearer not-a-token");
        assertTrue(lastLine(r.body()).startsWith("failure: Remote side failed with status code 401"), r.body());
        assertFalse(Files.exists(lake.resolve("cold/auth/f")));
        // the destination's own checks come first, as for any pull
        assertEquals(403, send("COPY", dst, "Source", url("/lake/hot/auth/f"),
                "Authorization", "Bearer " + token("storage.read:/auth")).statusCode());
    }

    @Test
    void pushWithTokensScopedToEachAccessPoint() throws Exception {
        putWithToken("/lake/hot/push/f", "pushed", token("storage.create:/push"));
        String src = url("/lake/hot/push/f");
        String read = "Bearer " + token("storage.read:/push");
        HttpResponse<String> r = send("COPY", src, "Destination", byName("/lake/cold/push/f"), "Authorization", read,
                "TransferHeaderAuthorization", "Bearer " + token("storage.read:/push"));
        assertTrue(lastLine(r.body()).startsWith("failure: Remote side failed with status code 403"), r.body());
        String before = counter();
        r = send("COPY", src, "Destination", byName("/lake/cold/push/f"), "Authorization", read,
                "TransferHeaderAuthorization", "Bearer " + token("storage.create:/push"));
        assertEquals("success: Created", lastLine(r.body()), r.body());
        assertEquals(before, counter());
        assertEquals("pushed", Files.readString(lake.resolve("cold/push/f")));
    }

    @Test
    void aCopyToAnotherStorageOfThisGatewayGoesOverTheNetwork() throws Exception {
        byte[] bytes = put("/data/net", "over the wire");
        long transfers = gw.tpcCounter().transfersStarted();
        long moved = gw.tpcCounter().bytesTransferred();
        HttpResponse<String> r = send("COPY", url("/other/f"), "Source", url("/data/net"));
        assertEquals("success: Created", lastLine(r.body()), r.body());
        assertEquals(transfers + 1, gw.tpcCounter().transfersStarted());
        assertEquals(moved + bytes.length, gw.tpcCounter().bytesTransferred());
        assertEquals("over the wire", Files.readString(other.resolve("f")));
    }

    static void assertNoTemporaries() throws Exception {
        for (Path p : files(data)) {
            assertFalse(p.getFileName().toString().startsWith("."), "left behind: " + p);
        }
    }
}
