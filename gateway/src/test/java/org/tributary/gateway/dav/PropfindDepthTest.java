package org.tributary.gateway.dav;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.Multistatus;
import org.tributary.gateway.TestGateway;
import org.w3c.dom.Element;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROPFIND Depth 0 and 1 (RFC 4918 §9.1) as Rucio and gfal2/davix read them (SPECS §4.2, §5.1, §5.3): an empty body is
 * allprop; the collection comes first; hrefs are absolute, unencoded for ordinary characters, collections end in
 * '/'; quota properties sit in the first propstat; Depth infinity (also the default) is 403.
 */
class PropfindDepthTest extends DefaultGatewayTest {

    @BeforeAll
    static void seed() throws Exception {
        assertEquals(201, gw.put("/data/dir/file-1.txt", "one").statusCode());
        assertEquals(201, gw.put("/data/dir/file-2.txt", "two!").statusCode());
        assertEquals(201, gw.put("/data/dir/sub/deep.txt", "deep").statusCode());
        assertEquals(201, gw.put("/data/dir/x_y~z+a=b,c;d@e:f.root", "plain chars").statusCode());
    }

    @Test
    void depth0EmptyBodyOnCollectionGivesItselfWithQuota() {
        Multistatus ms = gw.propfind207("/data/dir", "0", "");
        assertEquals(1, ms.responses().size());
        Multistatus.Resp self = ms.responses().getFirst();
        assertEquals("/data/dir/", self.href());
        assertTrue(self.isCollection());
        // Rucio reads response[0]/child[1]/child[0]: the first propstat's prop, right after the href
        List<Element> children = Multistatus.children(self.element());
        assertEquals("href", children.get(0).getLocalName());
        assertEquals("propstat", children.get(1).getLocalName());
        Multistatus.Propstat first = self.propstats().getFirst();
        assertEquals(200, first.code());
        assertEquals("prop", first.prop().getLocalName());
        String used = first.property(Multistatus.DAV, "quota-used-bytes").orElseThrow().getTextContent();
        String avail = first.property(Multistatus.DAV, "quota-available-bytes").orElseThrow().getTextContent();
        assertTrue(Long.parseLong(used) >= 0, used);
        assertTrue(Long.parseLong(avail) >= 0, avail);
    }

    @Test
    void depth0OnAreaRootWorksForSpaceUsage() {
        Multistatus ms = gw.propfind207("/data", "0", "");
        assertEquals("/data/", ms.responses().getFirst().href());
        assertTrue(ms.responses().getFirst().dav("quota-used-bytes").isPresent());
        assertEquals("/data/", gw.propfind207("/data/", "0", "").responses().getFirst().href());
    }

    @Test
    void depth0OnFileGivesStatProperties() {
        Multistatus ms = gw.propfind207("/data/dir/file-2.txt", "0", "");
        assertEquals(1, ms.responses().size());
        Multistatus.Resp r = ms.responses().getFirst();
        assertEquals("/data/dir/file-2.txt", r.href());
        assertEquals("4", r.dav("getcontentlength").orElseThrow());
        assertTrue(r.dav("getlastmodified").isPresent());
        assertTrue(r.propstatOf(Multistatus.DAV, "resourcetype").isPresent());
        assertFalse(r.isCollection());
    }

    @Test
    void depth1ListsTheCollectionFirstThenChildren() {
        Multistatus ms = gw.propfind207("/data/dir/", "1", "");
        List<String> hrefs = ms.hrefs();
        assertEquals("/data/dir/", hrefs.getFirst(), "davix drops the first response: it must be the collection");
        assertTrue(ms.responses().getFirst().isCollection());
        assertEquals(Set.of("/data/dir/file-1.txt", "/data/dir/file-2.txt", "/data/dir/sub/",
                "/data/dir/x_y~z+a=b,c;d@e:f.root"), new HashSet<>(hrefs.subList(1, hrefs.size())));
        assertEquals(5, hrefs.size(), "depth 1 does not descend: " + hrefs);
        assertTrue(ms.response("/data/dir/sub/").isCollection());
        assertEquals("3", ms.response("/data/dir/file-1.txt").dav("getcontentlength").orElseThrow());
    }

    @Test
    void depth1OnFileIsJustTheFile() {
        // Rucio's stat: PROPFIND Depth 1 on the file, finds the response whose href equals its own path
        Multistatus ms = gw.propfind207("/data/dir/file-1.txt", "1", "");
        assertEquals(List.of("/data/dir/file-1.txt"), ms.hrefs());
        assertEquals("3", ms.responses().getFirst().dav("getcontentlength").orElseThrow());
    }

    @Test
    void hrefsEncodeOnlyWhatMust() throws Exception {
        assertEquals(201, gw.put("/data/enc/a%20b%C3%A9.txt", "x").statusCode());
        Multistatus ms = gw.propfind207("/data/enc", "1", "");
        assertEquals(2, ms.responses().size());
        String href = ms.responses().get(1).href();
        assertTrue(href.startsWith("/data/enc/"), href);
        assertFalse(href.contains(" "), "a space cannot stand in a URI path: " + href);
        assertEquals("/data/enc/a b\u00e9.txt", URLDecoder.decode(href.replace("+", "%2B"), StandardCharsets.UTF_8));
        assertTrue(Files.exists(gw.root().resolve("enc/a b\u00e9.txt")));
    }

    @Test
    void depthInfinityIs403FiniteDepth() {
        HttpResponse<byte[]> r = gw.propfind("/data/dir", "infinity", "");
        assertEquals(403, r.statusCode());
        assertTrue(TestGateway.text(r).contains("propfind-finite-depth"), TestGateway.text(r));
    }

    @Test
    void missingDepthMeansInfinityAnd403() {
        assertEquals(403, gw.propfind("/data/dir", null, "").statusCode());
    }

    @Test
    void unknownDepthIs400() {
        assertEquals(400, gw.propfind("/data/dir", "2", "").statusCode());
    }

    @Test
    void missingResourceIs404() {
        assertEquals(404, gw.propfind("/data/nothing-here", "0", "").statusCode());
        assertEquals(404, gw.propfind("/data/nothing/here", "1", "").statusCode());
    }

    @Test
    void emptyCollectionHasOnlyItself() {
        assertEquals(201, gw.mkcol("/data/emptycoll").statusCode());
        assertEquals(List.of("/data/emptycoll/"), gw.propfind207("/data/emptycoll", "1", "").hrefs());
    }

    @Test
    void internalFilesNeverAppear() throws Exception {
        assertEquals(201, gw.mkcol("/data/hidden").statusCode());
        Files.writeString(gw.root().resolve("hidden/.tributary-tmp-leftover"), "tmp");
        Files.writeString(gw.root().resolve("hidden/visible"), "v");
        Multistatus ms = gw.propfind207("/data/hidden", "1", "");
        assertEquals(List.of("/data/hidden/", "/data/hidden/visible"), ms.hrefs());
    }

    @Test
    void responseIsXmlWith207() {
        HttpResponse<byte[]> r = gw.propfind("/data/dir", "1", "");
        assertEquals(207, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("xml"));
    }
}
