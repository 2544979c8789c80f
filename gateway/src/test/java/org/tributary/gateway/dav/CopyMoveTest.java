package org.tributary.gateway.dav;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tributary.gateway.Digests;
import org.tributary.gateway.TestGateway;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * COPY and MOVE inside the server (RFC 4918 §9.8, §9.9): 201 new target, 204 replaced target, 412 with Overwrite: F,
 * 409 missing destination parent, 403 same source and destination, Depth 0 copies a collection without members.
 * Rucio's rename counts only 201 as success (SPECS §5.1).
 */
class CopyMoveTest {

    @TempDir
    static Path dir;
    static TestGateway gw;

    @BeforeAll
    static void start() throws Exception {
        gw = TestGateway.in(dir)
                .area("data")
                .area("other")
                .area("archive", "read-only: true", "anonymous: read")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gw.close();
    }

    static Path data(String rel) { return gw.root("data").resolve(rel); }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void copyToNewTargetIs201AndCopiesContent() throws Exception {
        byte[] content = random(70_000, 1);
        assertEquals(201, gw.put("/data/cp1", content).statusCode());
        HttpResponse<byte[]> r = gw.copyOrMove("COPY", "/data/cp1", "/data/cp1-copy");
        assertEquals(201, r.statusCode());
        assertArrayEquals(content, Files.readAllBytes(data("cp1-copy")));
        assertArrayEquals(content, Files.readAllBytes(data("cp1")), "the source stays");
    }

    @Test
    void copyHasTheRightChecksum() {
        byte[] content = random(123_457, 2);
        assertEquals(201, gw.put("/data/cp2", content).statusCode());
        assertEquals(201, gw.copyOrMove("COPY", "/data/cp2", "/data/cp2-copy").statusCode());
        assertEquals("adler32=" + Digests.adler32(content),
                gw.head("/data/cp2-copy", "Want-Digest", "adler32").headers().firstValue("Digest").orElse(null));
        assertEquals("md5=" + Digests.md5Base64(content),
                gw.head("/data/cp2-copy", "Want-Digest", "md5").headers().firstValue("Digest").orElse(null));
    }

    @Test
    void copyOntoExistingIs204AndReplaces() throws Exception {
        assertEquals(201, gw.put("/data/cp3", "new content").statusCode());
        assertEquals(201, gw.put("/data/cp3-target", "old content that is longer").statusCode());
        assertEquals(204, gw.copyOrMove("COPY", "/data/cp3", "/data/cp3-target").statusCode());
        assertEquals("new content", Files.readString(data("cp3-target")));
        assertEquals("adler32=" + Digests.adler32("new content".getBytes(StandardCharsets.UTF_8)),
                gw.head("/data/cp3-target", "Want-Digest", "adler32").headers().firstValue("Digest").orElse(null));
    }

    @Test
    void copyWithOverwriteFalseOntoExistingIs412() throws Exception {
        assertEquals(201, gw.put("/data/cp4", "src").statusCode());
        assertEquals(201, gw.put("/data/cp4-target", "keep").statusCode());
        assertEquals(412, gw.copyOrMove("COPY", "/data/cp4", "/data/cp4-target", "Overwrite", "F").statusCode());
        assertEquals("keep", Files.readString(data("cp4-target")));
    }

    @Test
    void copyWithOverwriteFalseOntoNewIs201() {
        assertEquals(201, gw.put("/data/cp4b", "src").statusCode());
        assertEquals(201, gw.copyOrMove("COPY", "/data/cp4b", "/data/cp4b-target", "Overwrite", "F").statusCode());
    }

    @Test
    void copyIntoMissingParentIs409() {
        assertEquals(201, gw.put("/data/cp5", "src").statusCode());
        assertEquals(409, gw.copyOrMove("COPY", "/data/cp5", "/data/no-parent/cp5").statusCode());
        assertFalse(Files.exists(data("no-parent")));
    }

    @Test
    void copyOntoItselfIs403() throws Exception {
        assertEquals(201, gw.put("/data/cp6", "src").statusCode());
        assertEquals(403, gw.copyOrMove("COPY", "/data/cp6", "/data/cp6").statusCode());
        assertEquals(403, gw.copyOrMove("MOVE", "/data/cp6", "/data/cp6").statusCode());
        assertEquals("src", Files.readString(data("cp6")));
    }

    @Test
    void copyOfMissingSourceIs404() {
        assertEquals(404, gw.copyOrMove("COPY", "/data/cp-missing", "/data/cp-missing2").statusCode());
        assertEquals(404, gw.copyOrMove("MOVE", "/data/cp-missing", "/data/cp-missing2").statusCode());
    }

    @Test
    void copyWithoutDestinationIs400() {
        assertEquals(201, gw.put("/data/cp7", "src").statusCode());
        assertEquals(400, gw.send("COPY", "/data/cp7", (byte[]) null).statusCode());
        assertEquals(400, gw.send("MOVE", "/data/cp7", (byte[]) null).statusCode());
    }

    @Test
    void invalidOverwriteHeaderIs400() {
        assertEquals(201, gw.put("/data/cp8", "src").statusCode());
        assertEquals(400, gw.copyOrMove("COPY", "/data/cp8", "/data/cp8-x", "Overwrite", "maybe").statusCode());
        assertFalse(Files.exists(data("cp8-x")));
    }

    @Test
    void copyOfCollectionIsRecursive() throws Exception {
        assertEquals(201, gw.put("/data/tree/a.txt", "A").statusCode());
        assertEquals(201, gw.put("/data/tree/sub/b.txt", "B").statusCode());
        assertEquals(201, gw.mkcol("/data/tree/emptysub").statusCode());
        assertEquals(201, gw.copyOrMove("COPY", "/data/tree", "/data/tree-copy").statusCode());
        assertEquals("A", Files.readString(data("tree-copy/a.txt")));
        assertEquals("B", Files.readString(data("tree-copy/sub/b.txt")));
        assertTrue(Files.isDirectory(data("tree-copy/emptysub")));
        assertTrue(Files.exists(data("tree/sub/b.txt")), "source stays");
    }

    @Test
    void depth0CopyOfCollectionCopiesNoMembers() {
        assertEquals(201, gw.put("/data/d0/member.txt", "M").statusCode());
        assertEquals(201, gw.copyOrMove("COPY", "/data/d0", "/data/d0-copy", "Depth", "0").statusCode());
        assertTrue(Files.isDirectory(data("d0-copy")));
        assertEquals(List.of(), TestGateway.visibleNames(data("d0-copy")));
        assertEquals(List.of("/data/d0-copy/"), gw.propfind207("/data/d0-copy", "1", "").hrefs());
    }

    @Test
    void copyOfCollectionOverExistingCollectionReplacesIt() throws Exception {
        assertEquals(201, gw.put("/data/rc-src/new.txt", "new").statusCode());
        assertEquals(201, gw.put("/data/rc-dst/old.txt", "old").statusCode());
        assertEquals(204, gw.copyOrMove("COPY", "/data/rc-src", "/data/rc-dst").statusCode());
        // RFC 4918 §9.8.4: the destination is deleted before the copy, so old members do not linger
        assertEquals(List.of("new.txt"), TestGateway.visibleNames(data("rc-dst")));
    }

    @Test
    void copyOfCollectionIntoItselfIsRefused() {
        assertEquals(201, gw.put("/data/self/f", "x").statusCode());
        int status = gw.copyOrMove("COPY", "/data/self", "/data/self/inner").statusCode();
        assertTrue(status == 403 || status == 409, "refused, got " + status);
        assertFalse(Files.exists(data("self/inner")));
    }

    @Test
    void moveToNewTargetIs201AndRemovesSource() throws Exception {
        assertEquals(201, gw.put("/data/mv1", "moving").statusCode());
        HttpResponse<byte[]> r = gw.copyOrMove("MOVE", "/data/mv1", "/data/mv1-new");
        assertEquals(201, r.statusCode(), "Rucio's rename accepts only 201");
        assertFalse(Files.exists(data("mv1")));
        assertEquals("moving", Files.readString(data("mv1-new")));
        assertEquals(404, gw.head("/data/mv1").statusCode());
    }

    @Test
    void moveOntoExistingIs204() throws Exception {
        assertEquals(201, gw.put("/data/mv2", "winner").statusCode());
        assertEquals(201, gw.put("/data/mv2-target", "loser").statusCode());
        assertEquals(204, gw.copyOrMove("MOVE", "/data/mv2", "/data/mv2-target").statusCode());
        assertEquals("winner", Files.readString(data("mv2-target")));
        assertFalse(Files.exists(data("mv2")));
    }

    @Test
    void moveWithOverwriteFalseOntoExistingIs412AndChangesNothing() throws Exception {
        assertEquals(201, gw.put("/data/mv3", "src").statusCode());
        assertEquals(201, gw.put("/data/mv3-target", "dst").statusCode());
        assertEquals(412, gw.copyOrMove("MOVE", "/data/mv3", "/data/mv3-target", "Overwrite", "F").statusCode());
        assertEquals("src", Files.readString(data("mv3")));
        assertEquals("dst", Files.readString(data("mv3-target")));
    }

    @Test
    void moveIntoMissingParentIs409() throws Exception {
        assertEquals(201, gw.put("/data/mv4", "src").statusCode());
        assertEquals(409, gw.copyOrMove("MOVE", "/data/mv4", "/data/mv-none/mv4").statusCode());
        assertEquals("src", Files.readString(data("mv4")));
    }

    @Test
    void moveOfCollection() throws Exception {
        assertEquals(201, gw.put("/data/mvdir/x/y.txt", "Y").statusCode());
        assertEquals(201, gw.copyOrMove("MOVE", "/data/mvdir", "/data/mvdir-new").statusCode());
        assertEquals("Y", Files.readString(data("mvdir-new/x/y.txt")));
        assertFalse(Files.exists(data("mvdir")));
    }

    @Test
    void movedFileKeepsAValidChecksum() {
        byte[] content = random(40_000, 3);
        assertEquals(201, gw.put("/data/mv5", content).statusCode());
        assertEquals(201, gw.copyOrMove("MOVE", "/data/mv5", "/data/mv5-new").statusCode());
        assertEquals("adler32=" + Digests.adler32(content),
                gw.head("/data/mv5-new", "Want-Digest", "adler32").headers().firstValue("Digest").orElse(null));
    }

    @Test
    void destinationIsPercentDecodedOnce() throws Exception {
        assertEquals(201, gw.put("/data/cp9", "enc").statusCode());
        assertEquals(201, gw.copyOrMove("COPY", "/data/cp9", "/data/cp9%20copy%C3%A9").statusCode());
        assertEquals("enc", Files.readString(data("cp9 copy\u00e9")));
    }

    @Test
    void copyAcrossAreas() throws Exception {
        byte[] content = random(99_999, 4);
        assertEquals(201, gw.put("/data/xa1", content).statusCode());
        assertEquals(201, gw.copyOrMove("COPY", "/data/xa1", "/other/xa1").statusCode());
        assertArrayEquals(content, Files.readAllBytes(gw.root("other").resolve("xa1")));
        assertEquals("adler32=" + Digests.adler32(content),
                gw.head("/other/xa1", "Want-Digest", "adler32").headers().firstValue("Digest").orElse(null));
    }

    @Test
    void moveAcrossAreas() throws Exception {
        assertEquals(201, gw.put("/data/xa2/f", "cross").statusCode());
        assertEquals(201, gw.copyOrMove("MOVE", "/data/xa2", "/other/xa2").statusCode());
        assertEquals("cross", Files.readString(gw.root("other").resolve("xa2/f")));
        assertFalse(Files.exists(data("xa2")));
        assertEquals(List.of(), TestGateway.temporaries(gw.root("other")));
    }

    @Test
    void copyIntoReadOnlyAreaIs403AndWritesNothing() {
        assertEquals(201, gw.put("/data/xa3", "nope").statusCode());
        assertEquals(403, gw.copyOrMove("COPY", "/data/xa3", "/archive/xa3").statusCode());
        assertFalse(Files.exists(gw.root("archive").resolve("xa3")));
    }

    @Test
    void moveIntoReadOnlyAreaIs403AndKeepsTheSource() {
        assertEquals(201, gw.put("/data/xa4", "stay").statusCode());
        assertEquals(403, gw.copyOrMove("MOVE", "/data/xa4", "/archive/xa4").statusCode());
        assertTrue(Files.exists(data("xa4")));
        assertFalse(Files.exists(gw.root("archive").resolve("xa4")));
    }

    @Test
    void moveOutOfReadOnlyAreaIs403AndKeepsTheSource() throws Exception {
        Files.writeString(gw.root("archive").resolve("ro-file"), "archived");
        assertEquals(403, gw.copyOrMove("MOVE", "/archive/ro-file", "/data/ro-file").statusCode());
        assertTrue(Files.exists(gw.root("archive").resolve("ro-file")));
        assertFalse(Files.exists(data("ro-file")));
    }

    @Test
    void copyOutOfReadOnlyAreaIsAllowed() throws Exception {
        Files.writeString(gw.root("archive").resolve("ro-copy"), "archived");
        assertEquals(201, gw.copyOrMove("COPY", "/archive/ro-copy", "/data/ro-copy").statusCode());
        assertEquals("archived", Files.readString(data("ro-copy")));
    }

    @Test
    void destinationAsAbsolutePathWorks() throws Exception {
        assertEquals(201, gw.put("/data/cp10", "abs").statusCode());
        assertEquals(201, gw.send("COPY", "/data/cp10", (byte[]) null, "Destination", "/data/cp10-copy").statusCode());
        assertEquals("abs", Files.readString(data("cp10-copy")));
    }

    @Test
    void moveOfAFileOntoItsOwnParentDestroysNothing() throws Exception {
        assertEquals(201, gw.put("/data/anc/f", "precious").statusCode());
        assertEquals(201, gw.put("/data/anc/sibling", "also precious").statusCode());
        int status = gw.copyOrMove("MOVE", "/data/anc/f", "/data/anc").statusCode();
        assertTrue(status == 403 || status == 409, "a destination that contains the source is refused, got " + status);
        assertEquals("precious", Files.readString(data("anc/f")));
        assertEquals("also precious", Files.readString(data("anc/sibling")));
    }

    @Test
    void copyOfAFileOntoItsOwnParentDestroysNothing() throws Exception {
        assertEquals(201, gw.put("/data/anc2/f", "precious").statusCode());
        int status = gw.copyOrMove("COPY", "/data/anc2/f", "/data/anc2").statusCode();
        assertTrue(status == 403 || status == 409, "a destination that contains the source is refused, got " + status);
        assertEquals("precious", Files.readString(data("anc2/f")));
    }

    @Test
    void moveOfACollectionOntoItsOwnParentIsRefused() throws Exception {
        assertEquals(201, gw.put("/data/anc3/sub/f", "precious").statusCode());
        int status = gw.copyOrMove("MOVE", "/data/anc3/sub", "/data/anc3").statusCode();
        assertTrue(status == 403 || status == 409, "got " + status);
        assertEquals("precious", Files.readString(data("anc3/sub/f")));
    }

    @Test
    void sameResourceSpelledDifferentlyIsStillTheSame() throws Exception {
        assertEquals(201, gw.put("/data/cp11", "same").statusCode());
        assertEquals(403, gw.copyOrMove("MOVE", "/data/cp11", "/data//cp11/").statusCode());
        assertEquals("same", Files.readString(data("cp11")));
    }

    @Test
    void copyOfAreaRootIsRefused() {
        int status = gw.copyOrMove("COPY", "/data/", "/other/rootcopy").statusCode();
        assertEquals(403, status);
        assertFalse(Files.exists(gw.root("other").resolve("rootcopy")));
    }
}
