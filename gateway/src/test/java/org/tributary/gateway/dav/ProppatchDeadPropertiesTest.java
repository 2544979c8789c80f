package org.tributary.gateway.dav;

import org.junit.jupiter.api.Test;
import org.tributary.gateway.Multistatus;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.TestGateway;
import org.w3c.dom.Element;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PROPPATCH (RFC 4918 §9.2) stores dead properties with the entry: set and remove round-trip through PROPFIND,
 * apply all-or-nothing, refuse live DAV: properties (403 + 424), travel with MOVE and are copied by COPY.
 */
class ProppatchDeadPropertiesTest extends DefaultGatewayTest {

    static final String NS = "urn:example:meta";

    static HttpResponse<byte[]> proppatch(String path, String inner) {
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\""
                + NS + "\">" + inner + "</D:propertyupdate>";
        return gw.send("PROPPATCH", path, body, "Content-Type", "application/xml; charset=utf-8");
    }

    static Multistatus proppatch207(String path, String inner) {
        HttpResponse<byte[]> r = proppatch(path, inner);
        assertEquals(207, r.statusCode(), TestGateway.text(r));
        return Multistatus.parse(r.body());
    }

    static String set(String name, String value) {
        return "<D:set><D:prop><Z:" + name + ">" + value + "</Z:" + name + "></D:prop></D:set>";
    }

    static String remove(String name) {
        return "<D:remove><D:prop><Z:" + name + "/></D:prop></D:remove>";
    }

    /** The property as PROPFIND reports it (named request), or empty when it answers 404 for it. */
    static Optional<Element> find(String path, String name) {
        String body = "<D:propfind xmlns:D=\"DAV:\"><D:prop><Z:" + name + " xmlns:Z=\"" + NS + "\"/></D:prop></D:propfind>";
        Multistatus.Resp r = gw.propfind207(path, "0", body).responses().getFirst();
        Multistatus.Propstat ps = r.propstatOf(NS, name).orElseThrow(() -> new AssertionError("property not mentioned"));
        if (ps.code() == 404) return Optional.empty();
        assertEquals(200, ps.code());
        return ps.property(NS, name);
    }

    @Test
    void setThenPropfindReturnsTheValue() {
        assertEquals(201, gw.put("/data/pp1", "x").statusCode());
        Multistatus ms = proppatch207("/data/pp1", set("author", "Alice"));
        Multistatus.Resp r = ms.responses().getFirst();
        assertEquals("/data/pp1", r.href());
        assertEquals(200, r.propstatOf(NS, "author").orElseThrow().code());
        assertEquals("Alice", find("/data/pp1", "author").orElseThrow().getTextContent());
    }

    @Test
    void removeMakesIt404Again() {
        assertEquals(201, gw.put("/data/pp2", "x").statusCode());
        proppatch207("/data/pp2", set("color", "blue"));
        assertTrue(find("/data/pp2", "color").isPresent());
        proppatch207("/data/pp2", remove("color"));
        assertTrue(find("/data/pp2", "color").isEmpty());
    }

    @Test
    void setOverwritesThePreviousValue() {
        assertEquals(201, gw.put("/data/pp3", "x").statusCode());
        proppatch207("/data/pp3", set("v", "1"));
        proppatch207("/data/pp3", set("v", "2"));
        assertEquals("2", find("/data/pp3", "v").orElseThrow().getTextContent());
    }

    @Test
    void setAndRemoveInOneRequestApplyInOrder() {
        assertEquals(201, gw.put("/data/pp4", "x").statusCode());
        proppatch207("/data/pp4", set("a", "1") + set("b", "2"));
        proppatch207("/data/pp4", remove("a") + set("c", "3") + set("b", "22"));
        assertTrue(find("/data/pp4", "a").isEmpty());
        assertEquals("22", find("/data/pp4", "b").orElseThrow().getTextContent());
        assertEquals("3", find("/data/pp4", "c").orElseThrow().getTextContent());
    }

    @Test
    void structuredAndEscapedValuesRoundTrip() {
        assertEquals(201, gw.put("/data/pp5", "x").statusCode());
        proppatch207("/data/pp5", set("note", "a &lt; b &amp; c \"q\""));
        assertEquals("a < b & c \"q\"", find("/data/pp5", "note").orElseThrow().getTextContent());
        proppatch207("/data/pp5", set("person", "<Z:name>Bob</Z:name><Z:mail>bob@example.org</Z:mail>"));
        Element person = find("/data/pp5", "person").orElseThrow();
        List<Element> kids = Multistatus.children(person);
        assertEquals(2, kids.size());
        assertEquals(NS, kids.get(0).getNamespaceURI());
        assertEquals("name", kids.get(0).getLocalName());
        assertEquals("Bob", kids.get(0).getTextContent());
        assertEquals("bob@example.org", kids.get(1).getTextContent());
    }

    @Test
    void deadPropertiesAppearInAllprop() {
        assertEquals(201, gw.put("/data/pp6", "x").statusCode());
        proppatch207("/data/pp6", set("tag", "gold"));
        Multistatus.Resp r = gw.propfind207("/data/pp6", "0", "").responses().getFirst();
        assertEquals("gold", r.prop200(NS, "tag").orElseThrow());
        assertEquals("1", r.dav("getcontentlength").orElseThrow());
    }

    @Test
    void collectionsHaveDeadPropertiesToo() {
        assertEquals(201, gw.mkcol("/data/ppcoll").statusCode());
        proppatch207("/data/ppcoll/", set("owner", "team-a"));
        assertEquals("team-a", find("/data/ppcoll/", "owner").orElseThrow().getTextContent());
    }

    @Test
    void protectedLivePropertyFailsTheWholeRequest() {
        assertEquals(201, gw.put("/data/pp7", "x").statusCode());
        Multistatus ms = proppatch207("/data/pp7",
                set("color", "red") + "<D:set><D:prop><D:getcontentlength>5</D:getcontentlength></D:prop></D:set>");
        Multistatus.Resp r = ms.responses().getFirst();
        assertEquals(403, r.propstatOf(Multistatus.DAV, "getcontentlength").orElseThrow().code());
        assertEquals(424, r.propstatOf(NS, "color").orElseThrow().code());
        assertTrue(find("/data/pp7", "color").isEmpty(), "nothing of a failed PROPPATCH is applied");
        assertEquals("1", gw.propfind207("/data/pp7", "0", "").responses().getFirst().dav("getcontentlength").orElseThrow());
    }

    @Test
    void proppatchOnMissingResourceIs404() {
        assertEquals(404, proppatch("/data/pp-missing", set("a", "1")).statusCode());
    }

    @Test
    void propertiesSurviveMove() {
        assertEquals(201, gw.put("/data/pp8", "content").statusCode());
        proppatch207("/data/pp8", set("origin", "here"));
        assertEquals(201, gw.copyOrMove("MOVE", "/data/pp8", "/data/pp8-moved").statusCode());
        assertEquals("here", find("/data/pp8-moved", "origin").orElseThrow().getTextContent());
    }

    @Test
    void propertiesSurviveMoveIntoAnotherDirectory() {
        assertEquals(201, gw.put("/data/ppa/f", "content").statusCode());
        assertEquals(201, gw.mkcol("/data/ppb").statusCode());
        proppatch207("/data/ppa/f", set("origin", "a"));
        assertEquals(201, gw.copyOrMove("MOVE", "/data/ppa/f", "/data/ppb/f").statusCode());
        assertEquals("a", find("/data/ppb/f", "origin").orElseThrow().getTextContent());
        // and a new file under the old name does not inherit them
        assertEquals(201, gw.put("/data/ppa/f", "new").statusCode());
        assertTrue(find("/data/ppa/f", "origin").isEmpty());
    }

    @Test
    void collectionPropertiesSurviveMove() {
        assertEquals(201, gw.mkcol("/data/ppdir").statusCode());
        assertEquals(201, gw.put("/data/ppdir/member", "m").statusCode());
        proppatch207("/data/ppdir", set("project", "p1"));
        proppatch207("/data/ppdir/member", set("kind", "raw"));
        assertEquals(201, gw.copyOrMove("MOVE", "/data/ppdir", "/data/ppdir-moved").statusCode());
        assertEquals("p1", find("/data/ppdir-moved/", "project").orElseThrow().getTextContent());
        assertEquals("raw", find("/data/ppdir-moved/member", "kind").orElseThrow().getTextContent());
    }

    @Test
    void propertiesAreCopiedByCopy() {
        assertEquals(201, gw.put("/data/pp9", "content").statusCode());
        proppatch207("/data/pp9", set("license", "cc-by"));
        assertEquals(201, gw.copyOrMove("COPY", "/data/pp9", "/data/pp9-copy").statusCode());
        assertEquals("cc-by", find("/data/pp9-copy", "license").orElseThrow().getTextContent());
        assertEquals("cc-by", find("/data/pp9", "license").orElseThrow().getTextContent(), "source keeps its own");
        // the copies are independent
        proppatch207("/data/pp9-copy", set("license", "changed"));
        assertEquals("cc-by", find("/data/pp9", "license").orElseThrow().getTextContent());
    }

    @Test
    void collectionTreePropertiesAreCopied() {
        assertEquals(201, gw.put("/data/pptree/leaf", "l").statusCode());
        proppatch207("/data/pptree", set("t", "tree"));
        proppatch207("/data/pptree/leaf", set("t", "leaf"));
        assertEquals(201, gw.copyOrMove("COPY", "/data/pptree", "/data/pptree2").statusCode());
        assertEquals("tree", find("/data/pptree2", "t").orElseThrow().getTextContent());
        assertEquals("leaf", find("/data/pptree2/leaf", "t").orElseThrow().getTextContent());
    }
}
