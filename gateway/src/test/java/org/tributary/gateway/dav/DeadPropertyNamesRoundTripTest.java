package org.tributary.gateway.dav;

import org.junit.jupiter.api.Test;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.Multistatus;
import org.tributary.gateway.TestGateway;
import org.w3c.dom.Element;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Dead properties round-trip for any namespace name, any XML local name and any value XML 1.0 can carry, and no
 * stored property or file name can make a PROPFIND or PROPPATCH answer malformed XML (a namespace with a '}' used to
 * break every listing of its collection). What XML 1.0 cannot carry is refused on PROPPATCH (400, nothing stored) and
 * replaced by U+FFFD in output that comes from elsewhere (a file name made behind the gateway's back).
 */
class DeadPropertyNamesRoundTripTest extends DefaultGatewayTest {

    /** Characters that broke or could break a key format or the XML output. */
    private static final String NASTY = "\"'{}:= <>&%#/;?[]\\é日本😀\u00a0|`$";
    private static final String NAME_START = "abcXYZ_éß日";
    private static final String NAME_REST = NAME_START + "-.0123456789·";

    record Prop(String ns, String local, String value) { }

    /** Escapes for a double-quoted attribute or element content, keeping whitespace exact (character references). */
    static String esc(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\n' -> b.append("&#10;");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append("&#9;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static HttpResponse<byte[]> proppatch(String path, List<Prop> props) {
        StringBuilder body = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                + "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop>");
        for (Prop p : props) {
            body.append('<').append(p.local).append(" xmlns=\"").append(esc(p.ns)).append("\">").append(esc(p.value))
                    .append("</").append(p.local).append('>');
        }
        body.append("</D:prop></D:set></D:propertyupdate>");
        return gw.send("PROPPATCH", path, body.toString(), "Content-Type", "application/xml; charset=utf-8");
    }

    private static String random(Random rnd, String alphabet, int min, int max) {
        int[] cps = alphabet.codePoints().toArray();
        StringBuilder b = new StringBuilder();
        int n = min + rnd.nextInt(max - min + 1);
        for (int i = 0; i < n; i++) b.appendCodePoint(cps[rnd.nextInt(cps.length)]);
        return b.toString();
    }

    private static Prop generated(Random rnd, int i) {
        String ns = switch (i % 5) {
            case 0 -> "";
            case 1 -> "urn:x}" + random(rnd, NASTY, 0, 6);
            default -> random(rnd, NASTY + "abc", 1, 24);
        };
        String local = random(rnd, NAME_START, 1, 1) + random(rnd, NAME_REST, 0, 12) + i;
        String value = random(rnd, NASTY + "ab\n\r\t ]", 0, 40);
        return new Prop(ns, local, value);
    }

    private static Element propertyOf(Multistatus.Resp r, Prop p) {
        for (Multistatus.Propstat ps : r.propstats()) {
            for (Element e : ps.properties()) {
                String ns = e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
                if (ns.equals(p.ns) && p.local.equals(e.getLocalName())) {
                    assertEquals(200, ps.code(), "status of " + p);
                    return e;
                }
            }
        }
        throw new AssertionError("property " + p + " missing for " + r.href());
    }

    @Test
    void generatedNamesAndValuesRoundTripThroughAListing() {
        Random rnd = new Random(7);
        assertEquals(201, gw.mkcol("/data/gen").statusCode());
        List<List<Prop>> perFile = new ArrayList<>();
        for (int f = 0; f < 12; f++) {
            List<Prop> props = new ArrayList<>();
            for (int k = 0; k < 5; k++) props.add(generated(rnd, f * 5 + k));
            String path = "/data/gen/f" + f;
            assertEquals(201, gw.put(path, "x").statusCode());
            HttpResponse<byte[]> r = proppatch(path, props);
            assertEquals(207, r.statusCode(), TestGateway.text(r));
            Multistatus.Resp pr = Multistatus.parse(r.body()).responses().getFirst(); // the answer is well-formed XML
            for (Prop p : props) propertyOf(pr, p);
            perFile.add(props);
        }
        Multistatus listing = gw.propfind207("/data/gen/", "1", ""); // allprop of the collection parses
        for (int f = 0; f < perFile.size(); f++) {
            String href = "/data/gen/f" + f;
            Multistatus.Resp r = listing.responses().stream().filter(x -> x.href().equals(href)).findFirst().orElseThrow();
            for (Prop p : perFile.get(f)) {
                assertEquals(p.value, propertyOf(r, p).getTextContent(), "value of " + p);
            }
        }
        // propname and a named request too
        Multistatus names = gw.propfind207("/data/gen/", "1",
                "<D:propfind xmlns:D=\"DAV:\"><D:propname/></D:propfind>");
        assertEquals(13, names.responses().size());
        Prop p = perFile.get(3).get(1);
        Multistatus named = gw.propfind207("/data/gen/f3", "0", "<D:propfind xmlns:D=\"DAV:\"><D:prop><" + p.local
                + " xmlns=\"" + esc(p.ns) + "\"/></D:prop></D:propfind>");
        assertEquals(p.value, propertyOf(named.responses().getFirst(), p).getTextContent());
    }

    @Test
    void aNamespaceWithABraceDoesNotBreakTheListing() {
        assertEquals(201, gw.put("/data/brace/a", "x").statusCode());
        assertEquals(201, gw.put("/data/brace/b", "x").statusCode());
        Prop p = new Prop("urn:a}b{c}", "p", "v");
        assertEquals(207, proppatch("/data/brace/a", List.of(p)).statusCode());
        Multistatus listing = gw.propfind207("/data/brace/", "1", "");
        assertEquals(3, listing.responses().size());
        Multistatus.Resp a = listing.responses().stream().filter(x -> x.href().equals("/data/brace/a")).findFirst().orElseThrow();
        assertEquals("v", propertyOf(a, p).getTextContent());
    }

    @Test
    void structuredValuesKeepTheirNamespacesAndAttributes() {
        assertEquals(201, gw.put("/data/structured", "x").statusCode());
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop>"
                + "<x:meta xmlns:x=\"urn:m}\" xmlns:y=\"urn:y&quot;\"><y:item y:k=\"a&quot;b&lt;\" plain=\"1\">t&amp;</y:item>"
                + "<none xmlns=\"\">n</none></x:meta></D:prop></D:set></D:propertyupdate>";
        assertEquals(207, gw.send("PROPPATCH", "/data/structured", body).statusCode());
        Element meta = propertyOf(gw.propfind207("/data/structured", "0", "").responses().getFirst(),
                new Prop("urn:m}", "meta", null));
        List<Element> kids = Multistatus.children(meta);
        assertEquals("urn:y\"", kids.get(0).getNamespaceURI());
        assertEquals("a\"b<", kids.get(0).getAttributeNS("urn:y\"", "k"));
        assertEquals("1", kids.get(0).getAttribute("plain"));
        assertEquals("t&", kids.get(0).getTextContent());
        assertEquals(null, kids.get(1).getNamespaceURI());
        assertEquals("n", kids.get(1).getTextContent());
    }

    @Test
    void charactersXml10CannotCarryAreRefusedOnProppatch() {
        assertEquals(201, gw.put("/data/ctl", "x").statusCode());
        // XML 1.1 allows these as character references; an XML 1.0 answer could not carry them
        for (String bad : List.of("<v xmlns=\"urn:c\">a&#x1;b</v>", "<v xmlns=\"urn:c&#x1B;\">ab</v>",
                "<v xmlns=\"urn:c\"><w a=\"&#x7;\"/></v>")) {
            String body = "<?xml version=\"1.1\" encoding=\"utf-8\"?><D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop>"
                    + bad + "</D:prop></D:set></D:propertyupdate>";
            HttpResponse<byte[]> r = gw.send("PROPPATCH", "/data/ctl", body);
            assertEquals(400, r.statusCode(), bad + " -> " + TestGateway.text(r));
            assertFalse(TestGateway.text(r).strip().contains("\n"), "one-line reason");
        }
        Multistatus.Resp r = gw.propfind207("/data/ctl", "0", "").responses().getFirst();
        assertTrue(r.propstats().stream().flatMap(ps -> ps.properties().stream())
                .noneMatch(e -> "v".equals(e.getLocalName())), "nothing stored");
    }

    @Test
    void namespacesWithLineBreaksAreRefusedNotChanged() {
        // attribute-value normalisation would turn them into spaces on the way back: not a URI anyway
        assertEquals(201, gw.put("/data/nsnl", "x").statusCode());
        HttpResponse<byte[]> r = proppatch("/data/nsnl", List.of(new Prop("urn:a\nb", "p", "v")));
        assertEquals(400, r.statusCode(), TestGateway.text(r));
    }

    @Test
    void fileNamesXml10CannotCarryKeepTheListingWellFormed() throws Exception {
        // made behind the gateway's back; control characters are never listed (AreaPath refuses them), but U+FFFE and
        // U+FFFF are valid in a Linux name and not in XML 1.0
        Path coll = gw.root().resolve("oddnames");
        Files.createDirectories(coll);
        String name = "a\uFFFEb\uFFFFc<&\"d";
        Files.writeString(coll.resolve(name), "x");
        Files.writeString(coll.resolve("ctl\u0001name"), "x");
        Multistatus listing = gw.propfind207("/data/oddnames/", "1", "");
        assertEquals(2, listing.responses().size(), "the collection and the one name a path can carry");
        Multistatus.Resp f = listing.responses().get(1);
        assertEquals("/data/oddnames/" + name, URLDecoder.decode(f.href().replace("+", "%2B"), StandardCharsets.UTF_8),
                "the href carries the exact name, percent-encoded");
        assertEquals("a\uFFFDb\uFFFDc<&\"d", f.dav("displayname").orElseThrow());
    }

    @Test
    void propertiesStoredByEarlierVersionsStillRead() throws Exception {
        // what PROPPATCH stored before this fix: key "dav:{" + namespace + "}" + local in a base64-named user xattr
        Path file = gw.root().resolve("legacy");
        Files.writeString(file, "x");
        UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        String key = "dav:{urn:old}way}note";
        String name = "tributary.b64." + Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
        try {
            view.write(name, StandardCharsets.UTF_8.encode("<q xmlns=\"urn:v\">1</q> and text"));
            view.write("tributary.b64." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("dav:{urn:plain}tag".getBytes(StandardCharsets.UTF_8)), ByteBuffer.wrap("gold".getBytes(StandardCharsets.UTF_8)));
        } catch (java.io.IOException | UnsupportedOperationException e) {
            assumeTrue(false, "no user xattrs on the test file system: " + e);
        }
        Multistatus.Resp r = gw.propfind207("/data/legacy", "0", "").responses().getFirst();
        Element note = propertyOf(r, new Prop("urn:old}way", "note", null));
        assertEquals("1 and text", note.getTextContent());
        assertEquals("urn:v", Multistatus.children(note).getFirst().getNamespaceURI());
        assertEquals("gold", propertyOf(r, new Prop("urn:plain", "tag", null)).getTextContent());
    }
}
