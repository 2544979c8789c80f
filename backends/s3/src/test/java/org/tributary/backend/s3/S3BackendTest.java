package org.tributary.backend.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Listing;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.Seen;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.checksum.ChecksumAlgorithm;
import org.tributary.backend.checksum.ChecksummingBackend;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;

/** The S3 backend against a real S3 server (s3proxy, in-process, SigV4). */
class S3BackendTest {

    static final long PART = S3Options.MIN_PART_SIZE;
    static S3Server server;

    @BeforeAll
    static void start() throws Exception { server = new S3Server(); }

    @AfterAll
    static void stop() throws Exception { server.close(); }

    static String freshPrefix() { return "t-" + UUID.randomUUID() + "/"; }

    static AreaPath p(String s) { return AreaPath.parse(s); }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static EntryInfo put(S3Backend b, String path, byte[] data, WriteOptions o, Map<String, String> attrs) throws IOException {
        try (PendingWrite w = b.beginWrite(p(path), o.withExpectedSize(data.length))) {
            // uneven chunks so part boundaries fall inside writes
            for (int off = 0; off < data.length; ) {
                int n = Math.min(data.length - off, 1_000_003);
                w.write(ByteBuffer.wrap(data, off, n));
                off += n;
            }
            return w.commit(attrs).entry();
        }
    }

    static EntryInfo put(S3Backend b, String path, byte[] data) throws IOException {
        return put(b, path, data, WriteOptions.defaults(), Map.of());
    }

    static byte[] read(S3Backend b, String path, long off, long len) throws IOException {
        try (ReadHandle h = b.openRead(p(path)); InputStream in = h.stream(off, len)) {
            return in.readAllBytes();
        }
    }

    static Set<String> names(S3Backend b, String dir) throws IOException {
        Set<String> out = new HashSet<>();
        try (Listing l = b.list(p(dir))) {
            for (EntryInfo e : l) out.add(e.path().name() + (e.isDirectory() ? "/" : ""));
        }
        return out;
    }

    static Kind kindOf(ThrowingRunnable r) {
        StorageException e = assertThrows(StorageException.class, r::run);
        return e.kind();
    }

    interface ThrowingRunnable { void run() throws Exception; }

    /**
     * The attribute side-car (java.util.Properties) carries any key and value unchanged: WebDAV dead property keys
     * "dav:{namespace}local" whose namespace holds '=', ':', '#', '!', braces, spaces, backslashes, line breaks or
     * non-ASCII (issue 15: a namespace must never break the stored format).
     */
    @Test
    void attributeKeysAndValuesOfAnyCharactersRoundTrip() throws Exception {
        String nasty = "=:#! {}\\\"'<>&\n\r\t\f\u0000é日😀";
        java.util.Random rnd = new java.util.Random(15);
        Map<String, String> attrs = new java.util.HashMap<>();
        for (int i = 0; i < 40; i++) {
            StringBuilder ns = new StringBuilder();
            StringBuilder value = new StringBuilder();
            int[] cps = nasty.codePoints().toArray();
            for (int k = rnd.nextInt(12); k > 0; k--) ns.appendCodePoint(cps[rnd.nextInt(cps.length)]);
            for (int k = rnd.nextInt(30); k > 0; k--) value.appendCodePoint(cps[rnd.nextInt(cps.length)]);
            attrs.put("dav:{" + ns + "}p" + i, value.toString());
        }
        attrs.put(" leading space", " and value ");
        attrs.put("", "empty key");
        try (S3Backend b = server.backend(freshPrefix())) {
            put(b, "/f", new byte[] {1});
            b.updateAttributes(p("/f"), attrs, Set.of());
            Map<String, String> back = new java.util.HashMap<>(b.attributes(p("/f")));
            back.keySet().retainAll(attrs.keySet()); // the checksums the backend keeps itself
            assertEquals(attrs, back);
        }
    }

    @Test
    void namespaceDirectoriesMarkersAndParents() throws Exception {
        try (S3Backend b = server.backend(freshPrefix())) {
            assertTrue(b.stat(AreaPath.ROOT).orElseThrow().isDirectory());
            assertEquals(Set.of(), names(b, "/"));
            b.createDirectory(p("/d"));
            assertTrue(b.stat(p("/d")).orElseThrow().isDirectory());
            assertEquals(Set.of("d/"), names(b, "/"));
            assertEquals(Set.of(), names(b, "/d"));
            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> b.createDirectory(p("/d"))));
            assertEquals(0, b.space().usedBytes());
            assertEquals(Kind.PARENT_MISSING, kindOf(() -> b.createDirectory(p("/x/y"))));

            // parents created for an upload are markers too: they survive the file
            put(b, "/a/b/c/f.txt", "hello".getBytes());
            assertEquals(Set.of("a/", "d/"), names(b, "/"));
            assertEquals(Set.of("f.txt"), names(b, "/a/b/c"));
            b.delete(p("/a/b/c/f.txt"));
            assertTrue(b.stat(p("/a/b/c")).orElseThrow().isDirectory());

            WriteOptions noParents = new WriteOptions(-1, true, false, false, Map.of());
            assertEquals(Kind.PARENT_MISSING, kindOf(() -> b.beginWrite(p("/nope/f"), noParents)));
            assertEquals(Kind.CONFLICT, kindOf(() -> b.beginWrite(p("/d"), WriteOptions.defaults())));
            put(b, "/file", new byte[] {1});
            assertEquals(Kind.CONFLICT, kindOf(() -> b.list(p("/file"))));
            assertEquals(Kind.CONFLICT, kindOf(() -> b.openRead(p("/d"))));
            assertEquals(Kind.NOT_FOUND, kindOf(() -> b.list(p("/missing"))));
            assertEquals(Kind.NOT_FOUND, kindOf(() -> b.openRead(p("/missing"))));
            assertTrue(b.stat(p("/missing")).isEmpty());

            // delete: non-empty collection refused, empty one and files go, missing is NOT_FOUND
            assertEquals(Kind.CONFLICT, kindOf(() -> b.delete(p("/a"))));
            b.delete(p("/a/b/c"));
            b.delete(p("/a/b"));
            b.delete(p("/a"));
            b.delete(p("/file"));
            assertEquals(Kind.NOT_FOUND, kindOf(() -> b.delete(p("/file"))));
            assertEquals(Set.of("d/"), names(b, "/"));

            // internal keys (side-cars) never show up
            b.updateAttributes(p("/d"), Map.of("dav:x", "1"), Set.of());
            assertEquals(Set.of("d/"), names(b, "/"));
            try (S3Backend fresh = server.backend(b.prefix)) {
                put(fresh, "/d/sized", new byte[1234]);
                assertEquals(1234, fresh.space().usedBytes(), "data bytes only: markers and side-cars do not count");
                assertEquals(-1, fresh.space().availableBytes());
                // an expired value is served at once while the listing runs again in the background
                put(fresh, "/d/more", new byte[766]);
                fresh.usageAt -= S3Backend.USAGE_TTL_NANOS;
                assertEquals(1234, fresh.space().usedBytes());
                long used = 1234;
                for (int i = 0; i < 400 && used == 1234; i++) {  // bounded: at most 400 looks at 50 ms
                    Thread.sleep(50);
                    used = fresh.space().usedBytes();
                }
                assertEquals(2000, used);
            }
            assertEquals(Map.of("dav:x", "1"), b.attributes(p("/d")));
        }
    }

    @Test
    void deleteTreeRemovesEverythingBelowInBatches() throws Exception {
        try (S3Backend b = server.backend(freshPrefix())) {
            for (int i = 0; i < 5; i++) put(b, "/t/s" + (i % 2) + "/f" + i, new byte[] {(byte) i});
            b.updateAttributes(p("/t/s0/f0"), Map.of("k", "v"), Set.of());
            assertEquals(5, b.deleteTree(p("/t")), "files, as the SPI says: not the markers t/, t/s0/, t/s1/");
            assertTrue(b.stat(p("/t")).isEmpty());
            assertEquals(Set.of(), names(b, "/"));
            // nothing but the gateway's upload lease (OwnedUploads) is left under the prefix
            assertEquals(List.of(), b.s3.listObjectsV2(r -> r.bucket(b.bucket).prefix(b.prefix)).contents().stream()
                    .map(o -> o.key()).filter(k -> !k.startsWith(b.prefix + OwnedUploads.DIR)).toList());
        }
    }

    @Test
    void smallFileIsOnePutWithRangesOnRead() throws Exception {
        AtomicInteger multipart = new AtomicInteger();
        try (S3Backend b = server.backend(freshPrefix(), PART, List.of(counting(Map.of()), new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution c, ExecutionAttributes a) {
                if (a.getAttribute(SdkExecutionAttribute.OPERATION_NAME).equals("CreateMultipartUpload")) multipart.incrementAndGet();
            }
        }))) {
            byte[] data = random(100_000, 1);
            EntryInfo e = put(b, "/small", data);
            assertEquals(0, multipart.get());
            assertEquals(100_000, e.size());
            assertEquals(e.changeStamp(), b.stat(p("/small")).orElseThrow().changeStamp());
            assertArrayEquals(data, read(b, "/small", 0, data.length));
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 10, 20), read(b, "/small", 10, 10));
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 99_990, 100_000), read(b, "/small", 99_990, 10));
            assertEquals(0, read(b, "/small", 5, 0).length);
            // several ranges from one handle
            try (ReadHandle h = b.openRead(p("/small"))) {
                assertArrayEquals(java.util.Arrays.copyOfRange(data, 500, 600), h.stream(500, 100).readAllBytes());
                assertArrayEquals(java.util.Arrays.copyOfRange(data, 0, 1), h.stream(0, 1).readAllBytes());
            }
            put(b, "/empty", new byte[0]);
            assertEquals(0, b.stat(p("/empty")).orElseThrow().size());
            assertEquals(0, read(b, "/empty", 0, 0).length);
        }
    }

    @Test
    void multipartUploadWithPredictedEtagAndBoundedParts() throws Exception {
        ConcurrentMap<String, AtomicInteger> ops = new ConcurrentHashMap<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        ExecutionInterceptor parts = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution c, ExecutionAttributes a) {
                if (a.getAttribute(SdkExecutionAttribute.OPERATION_NAME).equals("UploadPart")) {
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                }
            }

            @Override
            public void afterExecution(Context.AfterExecution c, ExecutionAttributes a) {
                if (a.getAttribute(SdkExecutionAttribute.OPERATION_NAME).equals("UploadPart")) inFlight.decrementAndGet();
            }
        };
        try (S3Backend b = server.backend(freshPrefix(), PART, List.of(counting(ops), parts))) {
            // 7 parts with at most 2 in flight (S3Server's parts-in-flight), the writer blocking meanwhile
            byte[] seven = random((int) (6 * PART + 1), 12);
            put(b, "/seven", seven);
            assertEquals(7, ops.get("UploadPart").get());
            assertTrue(maxInFlight.get() <= 2, "parts in flight: " + maxInFlight.get());
            assertArrayEquals(seven, read(b, "/seven", 0, seven.length));
            ops.clear();
            byte[] data = random((int) (2 * PART + 123_457), 2);
            String stamp;
            EntryInfo e;
            try (PendingWrite w = b.beginWrite(p("/big"), WriteOptions.defaults())) { // size unknown (chunked)
                for (int off = 0; off < data.length; off += 65_536) w.write(ByteBuffer.wrap(data, off, Math.min(65_536, data.length - off)));
                stamp = w.contentStamp();
                e = w.commit(Map.of()).entry();
            }
            assertEquals(3, ops.get("UploadPart").get());
            assertTrue(stamp.endsWith("-3"), stamp);
            assertEquals(stamp, e.changeStamp());
            assertEquals(stamp, b.stat(p("/big")).orElseThrow().changeStamp(), "the predicted stamp is the ETag S3 gave");
            assertEquals(data.length, b.stat(p("/big")).orElseThrow().size());
            assertArrayEquals(data, read(b, "/big", 0, data.length));
            long off = PART - 10; // a range across a part boundary
            assertArrayEquals(java.util.Arrays.copyOfRange(data, (int) off, (int) off + 20), read(b, "/big", off, 20));
            assertEquals(List.of(), b.pendingUploads());
            // exactly a multiple of the part size: no empty trailing part
            byte[] two = random((int) (2 * PART), 3);
            put(b, "/two", two);
            assertTrue(b.stat(p("/two")).orElseThrow().changeStamp().endsWith("-2"));
            assertArrayEquals(two, read(b, "/two", 0, two.length));
        }
    }

    @Test
    void abortLeavesNoObjectAndNoPendingUpload() throws Exception {
        try (S3Backend b = server.backend(freshPrefix())) {
            byte[] data = random((int) (PART + PART / 2), 4);
            PendingWrite w = b.beginWrite(p("/dir/aborted"), WriteOptions.defaults());
            w.write(ByteBuffer.wrap(data));
            assertEquals(1, b.pendingUploads().size(), "a part is already uploaded");
            assertTrue(b.stat(p("/dir/aborted")).isEmpty(), "nothing visible before commit");
            w.abort();
            w.abort(); // idempotent
            assertTrue(b.stat(p("/dir/aborted")).isEmpty());
            assertEquals(List.of(), b.pendingUploads());

            // close without commit aborts too
            try (PendingWrite w2 = b.beginWrite(p("/dir/closed"), WriteOptions.defaults())) {
                w2.write(ByteBuffer.wrap(data));
            }
            assertTrue(b.stat(p("/dir/closed")).isEmpty());
            assertEquals(List.of(), b.pendingUploads());
            assertEquals(Set.of(), names(b, "/dir"));

            // a refused commit (exists, no overwrite) aborts and keeps the old file
            put(b, "/keep", new byte[] {1, 2, 3});
            WriteOptions noOverwrite = new WriteOptions(-1, false, true, false, Map.of());
            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> put(b, "/keep", data, noOverwrite, Map.of())));
            assertArrayEquals(new byte[] {1, 2, 3}, read(b, "/keep", 0, 3));
            assertEquals(List.of(), b.pendingUploads());
        }
    }

    @Test
    void listingOf2500KeysIsFetchedLazilyPageByPage() throws Exception {
        ConcurrentMap<String, AtomicInteger> ops = new ConcurrentHashMap<>();
        String prefix = freshPrefix();
        try (S3Backend b = server.backend(prefix, PART, List.of(counting(ops)));
             var pool = Executors.newFixedThreadPool(16)) {
            b.createDirectory(p("/many"));
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 2500; i++) {
                String key = prefix + "many/f" + i;
                fs.add(pool.submit(() -> b.s3.putObject(r -> r.bucket(b.bucket).key(key), RequestBody.fromBytes(new byte[] {1}))));
            }
            b.s3.putObject(r -> r.bucket(b.bucket).key(prefix + "many/sub/x"), RequestBody.empty());
            for (var f : fs) f.get();
            ops.clear();
            int n = 0;
            Set<String> seen = new HashSet<>();
            try (Listing l = b.list(p("/many"))) {
                Iterator<EntryInfo> it = l.iterator();
                assertTrue(it.hasNext());
                int listsAfterFirst = ops.getOrDefault("ListObjectsV2", new AtomicInteger()).get();
                // the stat checks of list() plus exactly one page so far
                assertTrue(listsAfterFirst <= 2, "pages fetched before use: " + listsAfterFirst);
                while (it.hasNext()) {
                    EntryInfo e = it.next();
                    seen.add(e.path().name());
                    n++;
                }
            }
            assertEquals(2501, n);
            assertEquals(2501, seen.size());
            assertTrue(seen.contains("sub"));
            assertTrue(ops.get("ListObjectsV2").get() >= 3, "2,500 keys take three pages of 1000");
        }
    }

    @Test
    void moveIsServerSideCopyThenDeleteWithAttributes() throws Exception {
        ConcurrentMap<String, AtomicInteger> ops = new ConcurrentHashMap<>();
        try (S3Backend b = server.backend(freshPrefix(), PART, List.of(counting(ops)))) {
            byte[] data = random(1000, 5);
            put(b, "/src/f", data, WriteOptions.defaults(), Map.of("dav:p", "v"));
            put(b, "/src/sub/g", data);
            b.createDirectory(p("/dst"));
            ops.clear();
            b.move(p("/src/f"), p("/dst/f"), false);
            assertEquals(0, ops.getOrDefault("GetObject", new AtomicInteger()).get() - 0, "no data through the gateway");
            assertTrue(b.stat(p("/src/f")).isEmpty());
            assertArrayEquals(data, read(b, "/dst/f", 0, 1000));
            assertEquals(Map.of("dav:p", "v"), b.attributes(p("/dst/f")));

            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> b.move(p("/src/sub/g"), p("/dst/f"), false)));
            b.move(p("/src"), p("/moved"), false);
            assertTrue(b.stat(p("/src")).isEmpty());
            assertEquals(Set.of("sub/"), names(b, "/moved"));
            assertArrayEquals(data, read(b, "/moved/sub/g", 0, 1000));
            assertEquals(Kind.CONFLICT, kindOf(() -> b.move(p("/moved"), p("/moved/in"), false)));

            // multipart copy for objects at or above the threshold (5 GiB in production; lowered here)
            byte[] big = random((int) (2 * PART + 7), 6);
            put(b, "/bigsrc", big);
            b.copyThreshold = 2 * PART;
            ops.clear();
            b.move(p("/bigsrc"), p("/dst/bigdst"), false);
            assertTrue(ops.get("UploadPartCopy").get() >= 2);
            assertArrayEquals(big, read(b, "/dst/bigdst", 0, big.length));
            assertTrue(b.stat(p("/bigsrc")).isEmpty());
        }
    }

    @Test
    void checksumsGoThroughChecksummingBackendAndStayBoundToTheEtag() throws Exception {
        ConcurrentMap<String, AtomicInteger> ops = new ConcurrentHashMap<>();
        String prefix = freshPrefix();
        try (S3Backend raw = server.backend(prefix, PART, List.of(counting(ops)))) {
            ChecksummingBackend b = new ChecksummingBackend(raw, List.of(ChecksumAlgorithm.ADLER32));
            for (int size : new int[] {10_000, (int) (PART * 2 + 5)}) {
                byte[] data = random(size, size);
                String path = "/ck/" + size;
                try (PendingWrite w = b.beginWrite(p(path), WriteOptions.defaults().withExpectedSize(size))) {
                    w.write(ByteBuffer.wrap(data));
                    w.commit(Map.of("dav:x", "y"));
                }
                Map<String, String> attrs = raw.attributes(p(path));
                assertEquals(raw.stat(p(path)).orElseThrow().changeStamp(), attrs.get(ChecksummingBackend.STAMP_KEY));
                assertEquals("y", attrs.get("dav:x"));
                String expected = adler32(data);
                ops.clear();
                assertEquals(expected, b.checksum(p(path), ChecksumAlgorithm.ADLER32).orElseThrow());
                assertEquals(0, ops.getOrDefault("GetObject", new AtomicInteger()).get() - 1,
                        "the stored value is used: only the side-car is read, not the data");
            }
            // written by another tool: computed on demand, then cached in the side-car
            byte[] foreign = random(5000, 9);
            raw.s3.putObject(r -> r.bucket(raw.bucket).key(prefix + "ck/foreign"), RequestBody.fromBytes(foreign));
            assertEquals(adler32(foreign), b.checksum(p("/ck/foreign"), ChecksumAlgorithm.ADLER32).orElseThrow());
            assertEquals(adler32(foreign), raw.attributes(p("/ck/foreign")).get(ChecksumAlgorithm.ADLER32.attributeKey()));
            // replaced behind our back: the old value is not served
            byte[] changed = random(5000, 10);
            raw.s3.putObject(r -> r.bucket(raw.bucket).key(prefix + "ck/foreign"), RequestBody.fromBytes(changed));
            assertEquals(adler32(changed), b.checksum(p("/ck/foreign"), ChecksumAlgorithm.ADLER32).orElseThrow());
            // a declared checksum that does not match: nothing visible, no upload left
            WriteOptions wrong = new WriteOptions(-1, true, true, false, Map.of("adler32", "00000001"));
            assertEquals(Kind.CHECKSUM_MISMATCH, kindOf(() -> {
                try (PendingWrite w = b.beginWrite(p("/ck/bad"), wrong)) {
                    w.write(ByteBuffer.wrap(random((int) PART + 1, 11)));
                    w.commit(Map.of());
                }
            }));
            assertTrue(raw.stat(p("/ck/bad")).isEmpty());
            assertEquals(List.of(), raw.pendingUploads());
        }
    }

    @Test
    void wrongCredentialsFailAtStartWithAReason() throws Exception {
        S3Options o = S3Options.of(server.endpoint, "us-east-1", S3Server.BUCKET, "",
                S3Options.Credentials.literal(S3Server.ACCESS, "not-the-secret"));
        StorageException e = assertThrows(StorageException.class, () -> S3Backend.open(o));
        assertEquals(Kind.FORBIDDEN, e.kind());
        assertTrue(e.getMessage().contains("access denied"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret"), "the secret is never printed");

        S3Options noBucket = server.options("").withMaxAttempts(1);
        S3Options missing = new S3Options(noBucket.endpoint(), noBucket.region(), "no-such-bucket", "", true,
                noBucket.credentials(), PART, 2, null, 1);
        StorageException m = assertThrows(StorageException.class, () -> S3Backend.open(missing));
        assertTrue(m.getMessage().contains("does not exist"), m.getMessage());

        S3Options down = S3Options.of(java.net.URI.create("http://127.0.0.1:1"), "us-east-1", S3Server.BUCKET, "",
                S3Options.Credentials.literal("a", "b")).withMaxAttempts(1);
        StorageException u = assertThrows(StorageException.class, () -> S3Backend.open(down));
        assertEquals(Kind.UNAVAILABLE, u.kind());
        assertTrue(u.getMessage().contains("unreachable"), u.getMessage());
    }

    static String adler32(byte[] data) {
        var d = ChecksumAlgorithm.ADLER32.newDigest();
        d.update(ByteBuffer.wrap(data));
        return d.finish();
    }

    /** Counts by operation, without the zeros. */
    static Map<String, Integer> counts(Map<String, AtomicInteger> ops) {
        Map<String, Integer> m = new java.util.TreeMap<>();
        ops.forEach((k, v) -> { if (v.get() > 0) m.put(k, v.get()); });
        return m;
    }

    /**
     * The S3 requests behind each SPI sequence the gateway's WebDAV methods make (the table in
     * docs/performance-s3.md). Nothing is remembered between calls: each asks S3 what it needs.
     */
    @Test
    void requestsPerOperationAsTheGatewayMakesThem() throws Exception {
        ConcurrentMap<String, AtomicInteger> ops = new ConcurrentHashMap<>();
        try (S3Backend b = server.backend(freshPrefix(), PART, List.of(counting(ops)))) {
            b.createDirectory(p("/d"));
            byte[] small = random(4096, 1);

            // PUT of a new file: the gateway stats the target (not the parents) and hands what it found to beginWrite,
            // which checks only the parent; commit asks again whether a file or a collection marker appeared meanwhile
            ops.clear();
            Optional<EntryInfo> seen = b.stat(p("/d/f"));
            assertTrue(seen.isEmpty());
            PendingWrite.CommitResult created = write(b, "/d/f", small, Seen.of(seen));
            assertFalse(created.replaced());
            // stat: HeadObject f, ListObjectsV2 f/ (one key: the marker sorts first); begin: HeadObject d/; commit:
            // HeadObject f, f/; object, side-car
            assertEquals(Map.of("HeadObject", 4, "ListObjectsV2", 1, "PutObject", 2), counts(ops));

            // PUT of a new file three levels below an existing collection: each missing level is looked at once
            ops.clear();
            seen = b.stat(p("/d/x/y/z/f"));
            assertTrue(seen.isEmpty());
            PendingWrite.Begun begun;
            try (PendingWrite w = b.beginWrite(p("/d/x/y/z/f"),
                    WriteOptions.defaults().withExpectedSize(small.length).withTarget(Seen.of(seen)))) {
                begun = w.begun();
                w.write(ByteBuffer.wrap(small));
                w.commit(Map.of("k", "v"));
            }
            assertEquals(new PendingWrite.Begun(false, List.of(p("/d/x"), p("/d/x/y"), p("/d/x/y/z"))), begun);
            // stat 1+1; begin: z y x: marker, list, object each (9), d/: marker; 3 markers; commit 2; 2 PUTs
            assertEquals(Map.of("HeadObject", 10, "ListObjectsV2", 4, "PutObject", 5), counts(ops));
            b.deleteTree(p("/d/x"));

            // PUT over an existing file
            ops.clear();
            seen = b.stat(p("/d/f"));
            assertTrue(seen.orElseThrow().isFile());
            assertTrue(write(b, "/d/f", small, Seen.of(seen)).replaced());
            // stat: HeadObject f; begin: HeadObject d/; commit: HeadObject f (replaced, so no marker look); 2 PUTs
            assertEquals(Map.of("HeadObject", 3, "PutObject", 2), counts(ops));

            // GET of a small file: one ranged GetObject brings metadata and content
            ops.clear();
            assertArrayEquals(small, read(b, "/d/f", 0, small.length));
            assertEquals(Map.of("GetObject", 1), counts(ops));

            // MKCOL (target stat, then createDirectory)
            ops.clear();
            assertTrue(b.stat(p("/d/sub")).isEmpty());
            b.createDirectory(p("/d/sub"), Seen.ABSENT);
            // stat: HeadObject sub, ListObjectsV2 sub/; createDirectory: HeadObject d/ (the parent); the marker
            assertEquals(Map.of("HeadObject", 2, "ListObjectsV2", 1, "PutObject", 1), counts(ops));

            // PROPFIND Depth 1 with dead properties: stat, list, then the side-car of each listed entry
            ops.clear();
            assertTrue(b.stat(p("/d")).orElseThrow().isDirectory());
            try (Listing l = b.list(p("/d"))) {
                for (EntryInfo e : l) b.attributes(e.path());
            }
            // stat: HeadObject d, ListObjectsV2 d/ (one key); list: ListObjectsV2 (its first page shows d is a
            // collection); side-cars of f and sub; sub has none, so it is looked at (HeadObject sub/, its marker):
            // listings do not say that no object has its name
            assertEquals(Map.of("HeadObject", 2, "ListObjectsV2", 2, "GetObject", 2), counts(ops));

            // DELETE of a file
            ops.clear();
            seen = b.stat(p("/d/f"));
            assertTrue(seen.isPresent());
            assertEquals(1, b.deleteTree(p("/d/f"), Seen.of(seen)));
            assertEquals(Map.of("HeadObject", 1, "DeleteObjects", 1), counts(ops), "stat; a file seen is not looked at again");
            assertTrue(b.stat(p("/d/f")).isEmpty());

            // DELETE of a collection: data keys, side-cars and the collection's side-car in one DeleteObjects, then
            // the markers one depth at a time (d/sub/, then d/)
            put(b, "/d/sub/g", small);
            ops.clear();
            seen = b.stat(p("/d"));
            assertTrue(seen.orElseThrow().isDirectory());
            assertEquals(1, b.deleteTree(p("/d"), Seen.of(seen)), "/d/sub/g; the markers of /d and /d/sub are no files");
            // stat: HeadObject d, ListObjectsV2 d/ (one key); deleteTree: ListObjectsV2 of the keys and of the
            // side-cars, one DeleteObjects for the keys and one per marker depth
            assertEquals(Map.of("HeadObject", 1, "ListObjectsV2", 3, "DeleteObjects", 3), counts(ops));
            assertTrue(b.stat(p("/d")).isEmpty());
        }
    }

    static PendingWrite.CommitResult write(S3Backend b, String path, byte[] data) throws IOException {
        return write(b, path, data, Seen.UNKNOWN);
    }

    /** A write as the gateway's PUT makes it, with what its stat of the target found. */
    static PendingWrite.CommitResult write(S3Backend b, String path, byte[] data, Seen target) throws IOException {
        try (PendingWrite w = b.beginWrite(p(path), WriteOptions.defaults().withExpectedSize(data.length).withTarget(target))) {
            w.write(ByteBuffer.wrap(data));
            return w.commit(Map.of("k", "v"));
        }
    }

    /**
     * What the caller saw (its stat) spares the begin's looks, never the commit's: a collection or a file that is
     * there despite an "absent" is still refused, before the object is written.
     */
    @Test
    void aTargetSeenByTheCallerIsCheckedAgainAtCommit() throws Exception {
        try (S3Backend b = server.backend(freshPrefix())) {
            b.createDirectory(p("/c"));
            put(b, "/f", new byte[] {1});
            // a collection where the caller saw nothing: begin takes the caller's word, commit refuses
            PendingWrite w = b.beginWrite(p("/c"), WriteOptions.defaults().withTarget(Seen.ABSENT));
            w.write(ByteBuffer.wrap(new byte[] {2}));
            assertEquals(Kind.CONFLICT, kindOf(() -> w.commit(Map.of())));
            assertTrue(b.stat(p("/c")).orElseThrow().isDirectory());
            // a file where the caller saw nothing, and no overwrite: refused at commit, the old content stays
            WriteOptions noOverwrite = new WriteOptions(1, false, true, true, Map.of(), Seen.ABSENT);
            PendingWrite v = b.beginWrite(p("/f"), noOverwrite);
            v.write(ByteBuffer.wrap(new byte[] {3}));
            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> v.commit(Map.of())));
            assertArrayEquals(new byte[] {1}, read(b, "/f", 0, 1));
            // what the caller saw refuses at once: a collection, a file without overwrite, anything for MKCOL
            assertEquals(Kind.CONFLICT, kindOf(() -> b.beginWrite(p("/c"), WriteOptions.defaults().withTarget(Seen.DIRECTORY))));
            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> b.beginWrite(p("/f"), noOverwrite.withTarget(Seen.FILE))));
            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> b.createDirectory(p("/f"), Seen.FILE)));
            // a parent in the way is checked whatever the caller saw at the target
            assertEquals(Kind.CONFLICT, kindOf(() -> b.beginWrite(p("/f/g"), WriteOptions.defaults().withTarget(Seen.ABSENT))));
            assertEquals(Kind.PARENT_MISSING, kindOf(() -> b.createDirectory(p("/none/g"), Seen.ABSENT)));
            assertEquals(Set.of("c/", "f"), names(b, "/"));
        }
    }

    /** A write by another request (thread) is seen by the next call of this one: nothing is remembered. */
    @Test
    void writesOfOtherRequestsAreSeenAtOnce() throws Exception {
        ConcurrentMap<String, AtomicInteger> ops = new ConcurrentHashMap<>();
        var other = Executors.newSingleThreadExecutor();
        try (S3Backend b = server.backend(freshPrefix(), PART, List.of(counting(ops)))) {
            // "absent" voided by a collection created elsewhere
            assertTrue(b.stat(p("/x")).isEmpty());
            other.submit(() -> { b.createDirectory(p("/x")); return null; }).get();
            assertEquals(Kind.ALREADY_EXISTS, kindOf(() -> b.createDirectory(p("/x"))));
            assertEquals(Kind.CONFLICT, kindOf(() -> b.beginWrite(p("/x"), WriteOptions.defaults())));

            // "absent" voided by a file written elsewhere: commit reports the replace
            assertTrue(b.stat(p("/x/f")).isEmpty());
            other.submit(() -> put(b, "/x/f", new byte[] {1})).get();
            assertTrue(write(b, "/x/f", new byte[] {2}).replaced());

            // a collection deleted elsewhere
            assertTrue(b.stat(p("/y/f")).isEmpty());
            put(b, "/y/f", new byte[] {4});
            assertTrue(b.stat(p("/y")).orElseThrow().isDirectory());
            other.submit(() -> { b.deleteTree(p("/y")); return null; }).get();
            assertEquals(Kind.NOT_FOUND, kindOf(() -> b.list(p("/y"))));

            // what stat and openRead return always comes from S3
            assertTrue(b.stat(p("/x/f")).isPresent());
            b.s3.deleteObject(r -> r.bucket(b.bucket).key(b.key(p("/x/f"))));
            assertTrue(b.stat(p("/x/f")).isEmpty());
            assertEquals(Kind.NOT_FOUND, kindOf(() -> b.openRead(p("/x/f"))));
        } finally {
            other.shutdown();
        }
    }

    /** openRead brings the first OPEN_WINDOW bytes; ranges inside, across and beyond them read the same bytes. */
    @Test
    void readsAcrossTheOpeningWindow() throws Exception {
        ConcurrentMap<String, AtomicInteger> ops = new ConcurrentHashMap<>();
        try (S3Backend b = server.backend(freshPrefix(), PART, List.of(counting(ops)))) {
            int w = S3Backend.OPEN_WINDOW;
            byte[] big = random(3 * w + 17, 5);
            put(b, "/big", big);
            ops.clear();
            try (ReadHandle h = b.openRead(p("/big"))) {
                assertEquals(big.length, h.info().size());
                assertArrayEquals(big, h.stream(0, big.length).readAllBytes());
                assertArrayEquals(java.util.Arrays.copyOfRange(big, 10, 20), h.stream(10, 10).readAllBytes());
                assertArrayEquals(java.util.Arrays.copyOfRange(big, w - 5, w + 5), h.stream(w - 5, 10).readAllBytes());
                assertArrayEquals(java.util.Arrays.copyOfRange(big, 2 * w, 2 * w + 9), h.stream(2 * w, 9).readAllBytes());
            }
            assertEquals(Map.of("GetObject", 4), counts(ops), "the open, then one per range that leaves the window");
            assertEquals(b.stat(p("/big")).orElseThrow().changeStamp(), b.openRead(p("/big")).info().changeStamp());

            for (int size : new int[] {0, 1, w - 1, w, w + 1}) {
                byte[] data = random(size, size);
                put(b, "/s" + size, data);
                try (ReadHandle h = b.openRead(p("/s" + size))) {
                    assertEquals(size, h.info().size());
                    assertArrayEquals(data, h.stream(0, size).readAllBytes(), "size " + size);
                }
            }
            // replaced after the open: a range outside the window is refused rather than mixed from two versions
            try (ReadHandle h = b.openRead(p("/big"))) {
                put(b, "/big", random(big.length, 6));
                assertEquals(Kind.UNAVAILABLE, kindOf(() -> h.stream(2 * w, 10).readAllBytes()));
            }
        }
    }

    /** Counts requests by S3 operation name (attempts, retries included). */
    static ExecutionInterceptor counting(Map<String, AtomicInteger> ops) {
        return new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
                if (ops instanceof ConcurrentMap<String, AtomicInteger> m) {
                    m.computeIfAbsent(a.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new AtomicInteger()).incrementAndGet();
                }
            }
        };
    }

    @SuppressWarnings("unused")
    private static List<Integer> range(int n) { return IntStream.range(0, n).boxed().toList(); }
}
