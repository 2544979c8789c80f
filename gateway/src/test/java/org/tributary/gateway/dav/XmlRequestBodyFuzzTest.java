package org.tributary.gateway.dav;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.tributary.gateway.FuzzInput;
import org.tributary.gateway.http.HttpError;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzes the XML request parsers: PROPFIND bodies ({@link PropfindRequest#parse}) and PROPPATCH bodies
 * (ProppatchMethod's parser). Every body is either refused with a 400 and a one-line reason or parsed; no external
 * entity is ever resolved: the text of a canary file never appears in what was parsed, and a canary http server on
 * loopback is never connected to; every property name has a local name; every PROPPATCH value (stored as a dead
 * property and later written into PROPFIND answers) is itself well-formed XML.
 * Input: "propfind" or "proppatch" on the first line (anything else: both), the body after it; the placeholders
 * {@code @CANARY_FILE@} and {@code @CANARY_URL@} in the body become the canary's file: and http: URLs.
 */
class XmlRequestBodyFuzzTest {

    private static final String SECRET = "CANARY-" + Long.toHexString(System.nanoTime()) + "-never-parsed";
    private static final Path CANARY_FILE;
    private static final ServerSocket CANARY_SERVER;
    private static final AtomicInteger CANARY_CONNECTIONS = new AtomicInteger();
    private static final Method PROPPATCH_PARSE;

    static {
        try {
            CANARY_FILE = Files.createTempFile("xml-fuzz-canary", ".txt");
            CANARY_FILE.toFile().deleteOnExit();
            Files.writeString(CANARY_FILE, SECRET);
            CANARY_SERVER = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(XmlRequestBodyFuzzTest::countConnections, "xml-fuzz-canary");
            t.setDaemon(true);
            t.start();
            // the parser is private to ProppatchMethod; reached by reflection so main code needs no test seam
            PROPPATCH_PARSE = ProppatchMethod.class.getDeclaredMethod("parse", byte[].class);
            PROPPATCH_PARSE.setAccessible(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("ProppatchMethod.parse(byte[]) moved: point this fuzz target at it", e);
        }
    }

    private static void countConnections() {
        while (true) {
            try (Socket s = CANARY_SERVER.accept()) {
                CANARY_CONNECTIONS.incrementAndGet();
                s.getOutputStream().write(("HTTP/1.0 200 OK\r\n\r\n" + SECRET).getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                return;
            }
        }
    }

    @FuzzTest(maxDuration = "5s")
    void bodiesAreParsedWithoutResolvingEntitiesIntoWellFormedProperties(byte[] data) throws Exception {
        String[] f = FuzzInput.fields(data, 2);
        byte[] body = f[1].replace("@CANARY_FILE@", CANARY_FILE.toUri().toString())
                .replace("@CANARY_URL@", "http://127.0.0.1:" + CANARY_SERVER.getLocalPort() + "/dtd")
                .getBytes(StandardCharsets.UTF_8);
        String mode = f[0].trim();
        // Jazzer learns the strings a target compares with, so it can write the secret into the body itself: only a
        // secret that is in the parsed result but not in the input came from the canary file or URL.
        boolean echoed = f[1].contains(SECRET);
        if (!mode.equals("proppatch")) propfind(body, echoed);
        if (!mode.equals("propfind")) proppatch(body, echoed);
        assertEquals(0, CANARY_CONNECTIONS.get(), "the parser fetched an external entity or DTD over http");
    }

    private static void propfind(byte[] body, boolean echoed) {
        PropfindRequest req;
        try {
            req = PropfindRequest.parse(body);
        } catch (HttpError e) {
            FuzzInput.assertCleanRefusal(e);
            return;
        }
        assertNotNull(req.kind());
        for (QName n : req.names()) checkName(n, echoed);
    }

    private static void proppatch(byte[] body, boolean echoed) throws Exception {
        List<?> updates;
        try {
            updates = (List<?>) PROPPATCH_PARSE.invoke(null, (Object) body);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof HttpError h) {
                FuzzInput.assertCleanRefusal(h);
                return;
            }
            throw e.getCause() instanceof Exception x ? x : e;
        }
        for (Object u : updates) {
            List<Object> parts = new ArrayList<>();
            for (RecordComponent c : u.getClass().getRecordComponents()) parts.add(c.getAccessor().invoke(u));
            checkName((QName) parts.get(0), echoed);
            String fragment = (String) parts.get(1);
            if (fragment != null) checkWellFormed(fragment, echoed);
        }
    }

    private static void checkName(QName n, boolean echoed) {
        assertFalse(n.getLocalPart().isEmpty(), "property without a local name");
        assertFalse(!echoed && n.toString().contains(SECRET), "canary file content in a property name");
    }

    /** A stored value is embedded between a property's tags later: it must parse as element content. */
    private static void checkWellFormed(String fragment, boolean echoed) {
        assertFalse(!echoed && fragment.contains(SECRET), "canary file content in a property value: " + fragment);
        byte[] doc = ("<v xmlns=\"urn:x\">" + fragment + "</v>").getBytes(StandardCharsets.UTF_8);
        try {
            XMLStreamReader r = Xml.reader(doc);
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.DTD) fail("a DTD inside a stored value: " + fragment);
            }
        } catch (XMLStreamException | HttpError e) {
            fail("stored value is not well-formed XML (" + e.getMessage() + "): " + fragment);
        }
    }
}
