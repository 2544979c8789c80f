package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Bodies on which the JDK's StAX parser throws a runtime exception (MissingResourceException "InvalidCharInDTD" for a
 * NUL or other illegal character inside a DTD) instead of an XMLStreamException are a 400 like any other malformed
 * body, not a 500 with a stack trace in the log. Found by {@link XmlRequestBodyFuzzTest}; the characters are placed
 * in every kind of DTD declaration, for PROPFIND and PROPPATCH.
 */
class XmlParserRuntimeErrorTest {

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.startDefault(dir);
        assertEquals(201, gw.put("/data/x/file", "content").statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    /** '~' stands for the illegal character. */
    @ParameterizedTest
    @ValueSource(strings = {
            "<!DOCTYPE l [<!ENTIT~Y a \"a\">]>",
            "<!DOCTYPE l [<!ENTITY a~ \"a\">]>",
            "<!DOCTYPE l [<!ELEMENT ~x ANY>]>",
            "<!DOCTYPE l [<!ATTLIST x ~y CDATA #IMPLIED>]>",
            "<!DOCTYPE l [~]>",
            "<!DOCTYPE l~ []>",
            "<!DOCTYPE l [<!-- ~ -->]>",
            "<!DOCTYPE l [<!NOTATION n~ SYSTEM \"x\">]>",
    })
    void illegalCharactersInADtdAre400(String dtd) {
        for (String c : new String[] {"\u0000", "\u0001", "\u001f", "\uFFFE"}) {
            String prolog = dtd.replace("~", c);
            check(gw.propfind("/data/x/file", "0", prolog
                    + "<D:propfind xmlns:D=\"DAV:\"><D:allprop/></D:propfind>"), prolog);
            check(gw.send("PROPPATCH", "/data/x/file", (prolog + "<D:propertyupdate xmlns:D=\"DAV:\"><D:set><D:prop>"
                    + "<z:p xmlns:z=\"urn:z\">v</z:p></D:prop></D:set></D:propertyupdate>")
                    .getBytes(StandardCharsets.UTF_8), "Content-Type", "application/xml"), prolog);
        }
    }

    private static void check(HttpResponse<byte[]> r, String prolog) {
        String body = TestGateway.text(r);
        assertEquals(400, r.statusCode(), "for " + prolog.replace("\u0000", "\\0") + ": " + body);
        assertFalse(body.contains("internal error"), body);
    }
}
