package org.tributary.gateway.tpc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tributary.gateway.tpc.TpcPeers.files;
import static org.tributary.gateway.tpc.TpcPeers.head;
import static org.tributary.gateway.tpc.TpcPeers.lastLine;
import static org.tributary.gateway.tpc.TpcPeers.send;

/**
 * A COPY whose Source, Destination, resolved host name or redirect hop is an IPv6 address carrying a refused IPv4
 * address (IPv4-mapped with extra zeros, -translated, -compatible, NAT64, 6to4, Teredo) is refused before any
 * connection, like the IPv4 address itself.
 */
class EmbeddedIpv4RemoteTest {

    @TempDir
    Path dir;

    /** Spellings of 127.0.0.1 in each form (Teredo: the client address inverted in the last 32 bits). */
    static final List<String> LOOPBACK_FORMS = List.of("0:0:0:0:0:ffff:7f00:1", "0000::ffff:127.0.0.1",
            "::ffff:0:127.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1", "0064:ff9b:0:0:0:0:127.0.0.1", "2002:7f00:1::",
            "2001:0:4136:e378:8000:63bf:80ff:fffe");

    /** The same forms of the cloud metadata address 169.254.169.254. */
    static final List<String> METADATA_FORMS = List.of("::ffff:0:a9fe:a9fe", "::169.254.169.254",
            "64:ff9b::169.254.169.254", "2002:a9fe:a9fe::", "2001::5601:5601");

    @Test
    void sourceAndDestinationInAnEmbeddingFormAreRefusedBeforeAnyConnection() throws Exception {
        // Bound beyond loopback, so the guard refuses loopback remotes; the listener on 127.0.0.1 is what each form
        // carries, and must see no connection at all.
        try (TpcPeers.Gw gw = new TpcPeers.Gw(dir, "", true);
             TpcPeers.RawSource listener = new TpcPeers.RawSource((line, h, out) -> head(out, "200 OK", "Content-Length", "0"))) {
            TpcPeers.put(gw.url("/data/local"), "local".getBytes());
            int port = listener.socket.getLocalPort();
            for (String form : LOOPBACK_FORMS) {
                String remote = "http://[" + form + "]:" + port + "/f";
                HttpResponse<String> pull = send("COPY", gw.url("/data/x"), "Source", remote);
                assertEquals(403, pull.statusCode(), remote + ": " + pull.body());
                assertTrue(pull.body().contains("127.0.0.1") && pull.body().contains("loopback"), pull.body());
                HttpResponse<String> push = send("COPY", gw.url("/data/local"), "Destination", remote);
                assertEquals(403, push.statusCode(), remote + ": " + push.body());
            }
            assertTrue(listener.open.isEmpty(), "the listener was connected to");
            assertEquals(List.of(gw.root.resolve("local")), files(gw.root));
        }
    }

    @Test
    void aHostNameResolvingToAnEmbeddingFormIsRefused() throws Exception {
        try (TpcPeers.Gw gw = new TpcPeers.Gw(dir, "")) {
            for (String name : TestHostNames.NAMES.keySet()) {
                if (name.contains("loopback")) continue; // this gateway listens on loopback only: loopback is allowed
                HttpResponse<String> r = send("COPY", gw.url("/data/x"), "Source", "http://" + name + "/f");
                assertEquals(403, r.statusCode(), name + ": " + r.body());
                assertTrue(r.body().contains(name) && r.body().contains("carrying"), r.body());
            }
        }
        try (TpcPeers.Gw gw = new TpcPeers.Gw(dir.resolve("net"), "", true)) {
            for (String name : List.of("teredo-loopback.embedded.test", "compat-loopback.embedded.test")) {
                HttpResponse<String> r = send("COPY", gw.url("/data/x"), "Source", "http://" + name + "/f");
                assertEquals(403, r.statusCode(), name + ": " + r.body());
            }
        }
    }

    @Test
    void aRedirectHopToAnEmbeddingFormIsRefused() throws Exception {
        try (TpcPeers.Gw gw = new TpcPeers.Gw(dir, "")) {
            List<String> hops = new java.util.ArrayList<>();
            for (String form : METADATA_FORMS) hops.add("http://[" + form + "]/latest/meta-data/");
            hops.add("http://nat64-metadata.embedded.test/latest/meta-data/");
            hops.add("http://sixtofour-private.embedded.test/f");
            for (String hop : hops) {
                try (TpcPeers.RawSource door = new TpcPeers.RawSource((line, h, out) ->
                        head(out, "302 Found", "Location", hop, "Content-Length", "0"))) {
                    HttpResponse<String> r = send("COPY", gw.url("/data/r"), "Source", door.url("/f"),
                            "RequireChecksumVerification", "false");
                    assertEquals(202, r.statusCode(), r.body());
                    String last = lastLine(r.body());
                    assertTrue(last.startsWith("failure: ") && last.contains("is not allowed")
                            && last.contains("carrying"), hop + ": " + last);
                    assertEquals(1, door.requests.size());
                }
            }
            assertEquals(List.of(), files(gw.root));
        }
    }
}
