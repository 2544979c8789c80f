package org.tributary.backend.posix;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tributary.backend.StorageException;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.tributary.backend.posix.Area.p;

/** attributes(path, keys) answers what attributes(path) holds for those keys, wherever each key is kept. */
class SelectedAttributesReadTest {

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void oneKeyAgreesWithTheWholeMap(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            a.put("/f", "data".getBytes(), Area.opts(true, true), Map.of("tributary.checksum.adler32", "0408019b"));
            String big = "x".repeat(5000); // more than the single-read buffer: must come from the full read
            a.backend.updateAttributes(p("/f"), Map.of("dav:{urn:x}big", big, "dav:{urn:x}small", "v"), Set.of());
            assertEquals(Map.of("tributary.checksum.adler32", "0408019b"), a.backend.attributes(p("/f"), Set.of("tributary.checksum.adler32")));
            assertEquals(Map.of("dav:{urn:x}small", "v"), a.backend.attributes(p("/f"), Set.of("dav:{urn:x}small")));
            assertEquals(Map.of("dav:{urn:x}big", big), a.backend.attributes(p("/f"), Set.of("dav:{urn:x}big")));
            assertEquals(Map.of(), a.backend.attributes(p("/f"), Set.of("tributary.checksum.md5")));
            assertEquals(Map.of("tributary.checksum.adler32", "0408019b", "dav:{urn:x}big", big),
                    a.backend.attributes(p("/f"), Set.of("tributary.checksum.adler32", "dav:{urn:x}big", "absent")));
            a.backend.createDirectory(p("/d"));
            a.backend.updateAttributes(p("/d"), Map.of("dav:{urn:x}k", "dir"), Set.of());
            assertEquals(Map.of("dav:{urn:x}k", "dir"), a.backend.attributes(p("/d"), Set.of("dav:{urn:x}k")));
        }
    }

    @ParameterizedTest
    @MethodSource("org.tributary.backend.posix.Area#kinds")
    void missingEntryIsNotFound(Area.Kind kind) throws IOException {
        try (Area a = Area.open(kind)) {
            StorageException e = assertThrows(StorageException.class, () -> a.backend.attributes(p("/nope"), Set.of("k")));
            assertEquals(StorageException.Kind.NOT_FOUND, e.kind());
        }
    }
}
