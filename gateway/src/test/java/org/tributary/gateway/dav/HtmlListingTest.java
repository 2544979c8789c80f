package org.tributary.gateway.dav;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tributary.gateway.DefaultGatewayTest;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET on a collection is a browsable HTML page listing the children, with names HTML-escaped. */
class HtmlListingTest extends DefaultGatewayTest {

    @BeforeAll
    static void seed() throws Exception {
        Path d = gw.root().resolve("web");
        Files.createDirectories(d.resolve("subdir"));
        Files.writeString(d.resolve("plain.txt"), "12345");
        Files.writeString(d.resolve("<img src=x onerror=alert(1)>.txt"), "img");
        Files.writeString(d.resolve("a&b \"q\" 'r'.txt"), "x");
        Files.writeString(d.resolve(".tributary-tmp-hidden"), "internal");
    }

    private static String page(String path) {
        HttpResponse<byte[]> r = gw.get(path);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                r.headers().firstValue("Content-Type").orElse("none"));
        return TestGateway.text(r);
    }

    @Test
    void listsChildNames() {
        String html = page("/data/web/");
        assertTrue(html.contains("plain.txt"), html);
        assertTrue(html.contains("subdir/"), html);
    }

    @Test
    void collectionWithoutTrailingSlashListsToo() {
        assertTrue(page("/data/web").contains("plain.txt"));
    }

    @Test
    void namesAreHtmlEscaped() {
        String html = page("/data/web/");
        assertFalse(html.contains("<img"), "a file name must never become markup");
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;.txt"), html);
        assertTrue(html.contains("a&amp;b"), html);
        assertFalse(html.contains("a&b "), html);
    }

    @Test
    void linksAreAbsoluteAndEncoded() {
        String html = page("/data/web/");
        assertTrue(html.contains("href=\"/data/web/plain.txt\""), html);
        assertTrue(html.contains("href=\"/data/web/subdir/\""), html);
        assertTrue(html.contains("href=\"/data/web/%3Cimg%20src=x%20onerror=alert(1)%3E.txt\""), "unsafe characters are percent-encoded in hrefs: " + html);
    }

    @Test
    void linksLeadToTheFiles() {
        assertEquals("12345", TestGateway.text(gw.get("/data/web/plain.txt")));
        assertEquals("img", TestGateway.text(gw.get("/data/web/%3Cimg%20src=x%20onerror=alert(1)%3E.txt")));
    }

    @Test
    void internalFilesAreNotListed() {
        assertFalse(page("/data/web/").contains(".tributary"));
    }

    @Test
    void showsSizes() {
        assertTrue(page("/data/web/").contains(">5<"), "the size of plain.txt");
    }

    @Test
    void areaRootListsToo() {
        String html = page("/data/");
        assertTrue(html.contains("web/"), html);
    }

    @Test
    void emptyCollection() throws Exception {
        Files.createDirectories(gw.root().resolve("nothing"));
        String html = page("/data/nothing/");
        assertTrue(html.contains("</html>"));
    }
}
