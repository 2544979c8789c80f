package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.Multistatus;
import org.tributary.gateway.TestGateway;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which properties PROPFIND reports (RFC 4918 §9.1, §15; RFC 4331): allprop, named properties with a 404 propstat
 * for the unknown ones, propname, and the request bodies davix sends (SPECS §5.3).
 */
class PropfindPropertiesTest {

    static final String D = Multistatus.DAV;

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.startDefault(dir);
        assertEquals(201, gw.put("/data/p/file.txt", "0123456789").statusCode());
        assertEquals(201, gw.mkcol("/data/p/coll").statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    @Test
    void allpropOnFile() {
        Multistatus.Resp r = gw.propfind207("/data/p/file.txt", "0", "").responses().getFirst();
        assertEquals("10", r.dav("getcontentlength").orElseThrow());
        String lm = r.dav("getlastmodified").orElseThrow();
        ZonedDateTime.parse(lm, DateTimeFormatter.RFC_1123_DATE_TIME);
        String etag = gw.head("/data/p/file.txt").headers().firstValue("ETag").orElseThrow();
        assertEquals(etag, r.dav("getetag").orElseThrow(), "getetag equals the ETag header");
        assertEquals("file.txt", r.dav("displayname").orElseThrow());
        assertFalse(r.isCollection());
    }

    /**
     * dCache's SRM properties (docs/tape.md): a disk area answers them when asked (a disk file is ONLINE, the area
     * ONLINE/REPLICA) and does not add them to allprop; a collection has none (404 propstat).
     */
    @Test
    void srmLocalityPropertiesOfADiskFileWhenAsked() {
        String srm = "http://srm.lbl.gov/StorageResourceManager";
        String body = "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\" xmlns:S=\"" + srm + "\"><D:prop>"
                + "<S:FileLocality/><S:AccessLatency/><S:RetentionPolicy/></D:prop></D:propfind>";
        Multistatus.Resp r = gw.propfind207("/data/p/file.txt", "0", body).responses().getFirst();
        assertEquals("ONLINE", r.prop200(srm, "FileLocality").orElseThrow());
        assertEquals("ONLINE", r.prop200(srm, "AccessLatency").orElseThrow());
        assertEquals("REPLICA", r.prop200(srm, "RetentionPolicy").orElseThrow());
        Multistatus.Resp c = gw.propfind207("/data/p/coll", "0", body).responses().getFirst();
        assertEquals(404, c.propstatOf(srm, "FileLocality").orElseThrow().code());
        Multistatus.Resp all = gw.propfind207("/data/p/file.txt", "0", "").responses().getFirst();
        assertTrue(all.prop200(srm, "FileLocality").isEmpty(), "allprop of a disk area is as before");
        assertTrue(gw.head("/data/p/file.txt").headers().firstValue("FileLocality").isEmpty());
    }

    @Test
    void explicitAllpropBodyIsTheSameAsEmpty() {
        String body = "<?xml version=\"1.0\"?><D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>";
        Multistatus.Resp r = gw.propfind207("/data/p/file.txt", "0", body).responses().getFirst();
        assertEquals("10", r.dav("getcontentlength").orElseThrow());
    }

    @Test
    void allpropOnCollectionHasResourcetypeCollectionAndQuota() {
        Multistatus.Resp r = gw.propfind207("/data/p/coll", "0", "").responses().getFirst();
        assertTrue(r.isCollection());
        assertTrue(r.dav("quota-used-bytes").isPresent());
        assertTrue(r.dav("quota-available-bytes").isPresent());
        assertTrue(r.dav("getcontentlength").isEmpty(), "a collection has no content length");
    }

    @Test
    void namedPropertiesGive200AndA404PropstatForUnknownOnes() {
        String body = """
                <?xml version="1.0" encoding="utf-8"?>
                <D:propfind xmlns:D="DAV:" xmlns:X="urn:example:unknown">
                  <D:prop><D:getcontentlength/><X:nonexistent/><D:getlastmodified/></D:prop>
                </D:propfind>""";
        Multistatus.Resp r = gw.propfind207("/data/p/file.txt", "0", body).responses().getFirst();
        assertEquals(2, r.propstats().size());
        Multistatus.Propstat ok = r.propstatOf(D, "getcontentlength").orElseThrow();
        assertEquals(200, ok.code());
        assertEquals("10", ok.property(D, "getcontentlength").orElseThrow().getTextContent());
        assertTrue(ok.property(D, "getlastmodified").isPresent());
        assertEquals(2, ok.properties().size(), "only what was asked");
        Multistatus.Propstat missing = r.propstatOf("urn:example:unknown", "nonexistent").orElseThrow();
        assertEquals(404, missing.code());
    }

    @Test
    void askingOnlyUnknownPropertiesGivesOnly404() {
        String body = "<D:propfind xmlns:D=\"DAV:\"><D:prop><Q:x xmlns:Q=\"urn:q\"/></D:prop></D:propfind>";
        Multistatus.Resp r = gw.propfind207("/data/p/file.txt", "0", body).responses().getFirst();
        assertEquals(1, r.propstats().size());
        assertEquals(404, r.propstats().getFirst().code());
    }

    @Test
    void contentLengthOfACollectionIs404() {
        String body = "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:getcontentlength/><D:resourcetype/></D:prop></D:propfind>";
        Multistatus.Resp r = gw.propfind207("/data/p/coll", "0", body).responses().getFirst();
        assertEquals(404, r.propstatOf(D, "getcontentlength").orElseThrow().code());
        assertTrue(r.isCollection());
    }

    @Test
    void davixQuotaQuery() {
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\" ?><D:propfind xmlns:D=\"DAV:\"><D:prop>"
                + "<D:quota-used-bytes/><D:quota-available-bytes/></D:prop></D:propfind>";
        Multistatus.Resp r = gw.propfind207("/data/", "0", body).responses().getFirst();
        assertTrue(Long.parseLong(r.dav("quota-used-bytes").orElseThrow()) >= 0);
        assertTrue(Long.parseLong(r.dav("quota-available-bytes").orElseThrow()) >= 0);
    }

    @Test
    void davixListingQuery() {
        String body = """
                <?xml version="1.0" encoding="utf-8" ?>
                <D:propfind xmlns:D="DAV:" xmlns:L="LCGDM:"><D:prop>
                <D:displayname/><D:getlastmodified/><D:creationdate/><D:getcontentlength/><D:quota-used-bytes/>
                <D:resourcetype/><L:mode/><D:owner/><D:group/>
                </D:prop></D:propfind>""";
        Multistatus ms = gw.propfind207("/data/p", "1", body);
        assertEquals("/data/p/", ms.hrefs().getFirst());
        assertTrue(ms.responses().getFirst().isCollection());
        Multistatus.Resp file = ms.response("/data/p/file.txt");
        assertEquals("10", file.dav("getcontentlength").orElseThrow());
        assertEquals("file.txt", file.dav("displayname").orElseThrow());
        assertEquals(404, file.propstatOf("LCGDM:", "mode").orElseThrow().code());
        assertTrue(ms.response("/data/p/coll/").isCollection());
    }

    @Test
    void propnameListsNamesWithoutValues() {
        String body = "<D:propfind xmlns:D=\"DAV:\"><D:propname/></D:propfind>";
        Multistatus.Resp r = gw.propfind207("/data/p/file.txt", "0", body).responses().getFirst();
        Multistatus.Propstat ps = r.propstats().getFirst();
        assertEquals(200, ps.code());
        assertTrue(ps.property(D, "getcontentlength").isPresent());
        assertEquals("", ps.property(D, "getcontentlength").get().getTextContent(), "names only");
        assertTrue(ps.property(D, "getetag").isPresent());
    }

    @Test
    void internalAttributesAreNotProperties() {
        // checksums are stored as attributes; they must not show up as WebDAV properties
        assertEquals(200, gw.head("/data/p/file.txt", "Want-Digest", "adler32").statusCode());
        String body = "<D:propfind xmlns:D=\"DAV:\"><D:propname/></D:propfind>";
        Multistatus.Resp r = gw.propfind207("/data/p/file.txt", "0", body).responses().getFirst();
        for (var p : r.propstats().getFirst().properties()) {
            assertFalse(p.getLocalName().contains("checksum") || p.getLocalName().contains("tributary"),
                    "internal attribute leaked as property: " + p.getNamespaceURI() + p.getLocalName());
        }
    }
}
