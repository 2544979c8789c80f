package org.tributary.backend.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.tributary.backend.s3.S3BackendTest.kindOf;
import static org.tributary.backend.s3.S3BackendTest.p;
import static org.tributary.backend.s3.S3BackendTest.put;
import static org.tributary.backend.s3.S3BackendTest.random;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.Listing;
import org.tributary.backend.Locality;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.placement.Placement;
import org.tributary.backend.placement.PlacementControl;
import org.tributary.backend.placement.PlacementTarget;
import org.tributary.backend.placement.SharedCopy;
import org.tributary.backend.staging.StageProgress;
import org.tributary.backend.staging.Staging;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.RestoreObjectRequest;

/**
 * S3 storage classes as QoS placements (issue 13 item 5), against the real s3proxy the other tests use. What s3proxy
 * 4.1 does, measured here (docs/decisions/0030): it keeps the class a PutObject names and reports it in HeadObject,
 * GetObject and listings; it gives every CopyObject and multipart upload STANDARD whatever the request names; it
 * refuses CopyObject onto the object itself (400); it does not implement RestoreObject (501) nor send x-amz-restore;
 * it serves archived objects. So the requests the backend sends are checked here on every service, and what the
 * service keeps of them only where the service keeps it (a test that needs that says why it is skipped).
 */
class S3StorageClassTest {

    static S3Server server;
    /** Whether the service gives a CopyObject the class it names (AWS, Ceph RGW, MinIO do; s3proxy does not). */
    static boolean keepsClassOnCopy;

    @BeforeAll
    static void start() throws Exception {
        server = new S3Server();
        try (S3Client c = S3Backend.client(server.options(""))) {
            String b = S3Server.BUCKET;
            c.putObject(r -> r.bucket(b).key("probe"), RequestBody.fromString("probe"));
            c.copyObject(r -> r.sourceBucket(b).sourceKey("probe").destinationBucket(b).destinationKey("probe-copy")
                    .storageClass("STANDARD_IA"));
            keepsClassOnCopy = "STANDARD_IA".equals(c.headObject(r -> r.bucket(b).key("probe-copy")).storageClassAsString());
        }
        if (!keepsClassOnCopy) {
            System.out.println("S3StorageClassTest: this S3 service gives a CopyObject STANDARD whatever class it names"
                    + " (s3proxy 4.1): changes of class are checked to be refused, not done");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** The requests the backend sent, by operation name. */
    final Map<String, List<SdkRequest>> sent = new ConcurrentHashMap<>();

    ExecutionInterceptor recorder() {
        return new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution c, ExecutionAttributes a) {
                sent.computeIfAbsent(a.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(c.request());
            }
        };
    }

    S3Backend area(String... classes) throws Exception {
        S3Options o = server.options(S3BackendTest.freshPrefix()).withPartSize(S3BackendTest.PART, 2);
        if (classes.length > 0) o = o.withStorageClasses(List.of(classes));
        return S3Backend.open(o, S3Backend.client(o, List.of(recorder())));
    }

    /** Another S3 client stores {@code path} with {@code storageClass} (a lifecycle rule or an upload elsewhere). */
    static void putWithClass(S3Backend b, String path, String content, String storageClass) {
        b.s3.putObject(r -> r.bucket(b.bucket).key(b.key(p(path))).storageClass(storageClass),
                RequestBody.fromString(content));
    }

    static String storedClass(S3Backend b, String path) {
        return S3StorageClasses.of(b.s3.headObject(r -> r.bucket(b.bucket).key(b.key(p(path)))).storageClassAsString());
    }

    <T extends SdkRequest> List<T> sent(String operation, Class<T> type) {
        return sent.getOrDefault(operation, List.of()).stream().map(type::cast).toList();
    }

    static PlacementControl placement(S3Backend b) {
        return b.feature(PlacementControl.class).orElseThrow();
    }

    @Test
    void anAreaOffersThePlacementsOfTheClassesItDeclares() throws Exception {
        try (S3Backend plain = area(); S3Backend tiers = area("STANDARD", "STANDARD_IA", "GLACIER")) {
            assertEquals(Set.of(Placement.DISK), placement(plain).supported());
            assertEquals(Set.of("STANDARD"), placement(plain).storageClasses(Placement.DISK));
            assertTrue(plain.feature(Staging.class).isEmpty(), "no archive class, nothing to stage");
            assertEquals(Set.of(Placement.DISK, Placement.TAPE), placement(tiers).supported());
            assertEquals(List.of("STANDARD", "STANDARD_IA"), List.copyOf(placement(tiers).storageClasses(Placement.DISK)));
            assertEquals(Set.of("GLACIER"), placement(tiers).storageClasses(Placement.TAPE));
            assertTrue(tiers.feature(Staging.class).isPresent());
            assertTrue(tiers.feature(SharedCopy.class).isPresent());
        }
    }

    @Test
    void theConfigurationNamesStorageClassesOnly() {
        S3Options o = S3Options.parse(Map.of("bucket", "data", "storage-classes", List.of("standard", "GLACIER")),
                Long::parseLong);
        assertEquals(List.of("STANDARD", "GLACIER"), o.storageClasses());
        assertEquals(List.of("STANDARD"), S3Options.parse(Map.of("bucket", "data"), Long::parseLong).storageClasses());
        S3Options ceph = S3Options.parse(Map.of("bucket", "data", "storage-classes", List.of("STANDARD", "CHEAPNDEEP")),
                Long::parseLong);
        assertEquals(Set.of("STANDARD", "CHEAPNDEEP"), Set.copyOf(S3StorageClasses.keeping(ceph.storageClasses(),
                Placement.DISK)), "a class a Ceph RGW administrator made is an online one");
        S3Options.Invalid e = assertThrows(S3Options.Invalid.class, () -> S3Options.parse(
                Map.of("bucket", "data", "storage-classes", List.of("STANDARD", "fast tier")), Long::parseLong));
        assertTrue(e.getMessage().contains("storage-classes") && e.getMessage().contains("'FAST TIER'")
                && e.getMessage().contains("STANDARD_IA"), e.getMessage());
        assertThrows(S3Options.Invalid.class, () -> S3Options.parse(
                Map.of("bucket", "data", "storage-classes", List.of("GLACIER", "glacier")), Long::parseLong));
        assertThrows(S3Options.Invalid.class, () -> S3Options.parse(
                Map.of("bucket", "data", "storage-classes", List.of()), Long::parseLong));
    }

    @Test
    void theTargetOfAFileIsItsObjectsStorageClass() throws Exception {
        try (S3Backend b = area("STANDARD", "STANDARD_IA", "GLACIER")) {
            put(b, "/new", "x".getBytes(StandardCharsets.UTF_8));
            putWithClass(b, "/ia", "y", "STANDARD_IA");
            putWithClass(b, "/cold", "z", "GLACIER");
            b.createDirectory(p("/d"));
            assertEquals(new PlacementTarget(Placement.DISK, Optional.of("STANDARD")), placement(b).target(p("/new")));
            assertEquals(new PlacementTarget(Placement.DISK, Optional.of("STANDARD_IA")), placement(b).target(p("/ia")));
            assertEquals(new PlacementTarget(Placement.TAPE, Optional.of("GLACIER")), placement(b).target(p("/cold")));
            assertEquals(Kind.CONFLICT, kindOf(() -> placement(b).target(p("/d"))));
            assertEquals(Kind.NOT_FOUND, kindOf(() -> placement(b).target(p("/none"))));
        }
    }

    @Test
    void anArchivedObjectIsOnTapeAndItsReadFailsOffline() throws Exception {
        try (S3Backend b = area("STANDARD", "GLACIER")) {
            put(b, "/d/f", "on tape".getBytes(StandardCharsets.UTF_8), WriteOptions.defaults(), Map.of("a", "1"));
            putWithClass(b, "/d/f", "on tape", "GLACIER");
            EntryInfo e = b.stat(p("/d/f")).orElseThrow();
            assertEquals(Locality.TAPE, e.locality());
            assertEquals(7, e.size());
            try (Listing l = b.list(p("/d"))) {
                assertEquals(Locality.TAPE, l.iterator().next().locality());
            }
            assertEquals(Kind.OFFLINE, kindOf(() -> b.openRead(p("/d/f"))), "even where the service would serve it");
            assertEquals(Map.of("a", "1"), b.attributes(p("/d/f")));
            assertEquals(Kind.OFFLINE, kindOf(() -> b.feature(SharedCopy.class).orElseThrow()
                    .share(p("/d/f"), p("/g"), WriteOptions.defaults())));
            assertEquals(Kind.OFFLINE, kindOf(() -> placement(b).place(p("/d/f"), PlacementTarget.of(Placement.DISK))));
            assertFalse(b.stat(p("/g")).isPresent());
        }
    }

    @Test
    void aNewVersionOfAFileKeepsItsClass() throws Exception {
        try (S3Backend b = area("STANDARD", "STANDARD_IA")) {
            putWithClass(b, "/small", "old", "STANDARD_IA");
            put(b, "/small", "new".getBytes(StandardCharsets.UTF_8));
            assertEquals("STANDARD_IA", storedClass(b, "/small"), "the PutObject named the class (s3proxy keeps it)");
            assertEquals("STANDARD_IA", sent("PutObject", PutObjectRequest.class).getLast().storageClassAsString());
            put(b, "/fresh", "x".getBytes(StandardCharsets.UTF_8));
            assertEquals(null, sent("PutObject", PutObjectRequest.class).getLast().storageClassAsString(),
                    "a new file gets the bucket's default: no class is sent");

            putWithClass(b, "/large", "old", "STANDARD_IA");
            put(b, "/large", random((int) (S3BackendTest.PART + 1000), 3));
            assertEquals(List.of("STANDARD_IA"), sent("CreateMultipartUpload", CreateMultipartUploadRequest.class)
                    .stream().map(CreateMultipartUploadRequest::storageClassAsString).toList());
        }
    }

    @Test
    void aCopyNamesTheClassOfItsSource() throws Exception {
        try (S3Backend b = area("STANDARD", "STANDARD_IA")) {
            putWithClass(b, "/a", "content", "STANDARD_IA");
            b.feature(SharedCopy.class).orElseThrow().share(p("/a"), p("/shared"), WriteOptions.defaults());
            b.move(p("/a"), p("/moved"), false);
            put(b, "/plain", "x".getBytes(StandardCharsets.UTF_8));
            b.move(p("/plain"), p("/plain-moved"), false);
            List<String> classes = new ArrayList<>();
            for (CopyObjectRequest r : sent("CopyObject", CopyObjectRequest.class)) {
                if (!r.destinationKey().contains(".tributary")) classes.add(r.storageClassAsString());
            }
            assertEquals(java.util.Arrays.asList("STANDARD_IA", "STANDARD_IA", null), classes,
                    "share and move of the IA file name its class; a STANDARD file's copy names none");
            assertArrayEquals("content".getBytes(StandardCharsets.UTF_8), S3BackendTest.read(b, "/moved", 0, 7));
        }
    }

    @Test
    void aCopyKeepsTheClassOfItsSourceWhereTheServiceDoes() throws Exception {
        assumeTrue(keepsClassOnCopy, "s3proxy 4.1 gives every CopyObject STANDARD, whatever x-amz-storage-class says");
        try (S3Backend b = area("STANDARD", "STANDARD_IA")) {
            putWithClass(b, "/a", "content", "STANDARD_IA");
            b.feature(SharedCopy.class).orElseThrow().share(p("/a"), p("/b"), WriteOptions.defaults());
            assertEquals("STANDARD_IA", storedClass(b, "/b"));
            b.move(p("/b"), p("/c"), false);
            assertEquals("STANDARD_IA", storedClass(b, "/c"));
        }
    }

    @Test
    void aChangeOfClassIsDoneOrRefusedNeverReportedFalsely() throws Exception {
        try (S3Backend b = area("STANDARD", "STANDARD_IA")) {
            put(b, "/f", "data".getBytes(StandardCharsets.UTF_8), WriteOptions.defaults(), Map.of("k", "v"));
            PlacementTarget ia = new PlacementTarget(Placement.DISK, Optional.of("STANDARD_IA"));
            if (keepsClassOnCopy) {
                placement(b).place(p("/f"), ia);
                assertEquals(ia, placement(b).target(p("/f")));
            } else {
                assertEquals(Kind.UNSUPPORTED, kindOf(() -> placement(b).place(p("/f"), ia)));
                assertEquals(PlacementTarget.of(Placement.DISK).placement(), placement(b).target(p("/f")).placement());
                assertEquals(Optional.of("STANDARD"), placement(b).target(p("/f")).storageClass());
            }
            CopyObjectRequest self = sent("CopyObject", CopyObjectRequest.class).getLast();
            assertEquals(b.key(p("/f")), self.destinationKey(), "a CopyObject of the object onto itself");
            assertTrue(String.valueOf(self.sourceKey()).equals(b.key(p("/f")))
                    || String.valueOf(self.copySource()).endsWith(b.key(p("/f"))), self.toString());
            assertEquals("STANDARD_IA", self.storageClassAsString());
            assertEquals("COPY", self.metadataDirectiveAsString());
            assertArrayEquals("data".getBytes(StandardCharsets.UTF_8), S3BackendTest.read(b, "/f", 0, 4));
            assertEquals(Map.of("k", "v"), b.attributes(p("/f")));
        }
    }

    @Test
    void aTargetTheAreaDoesNotOfferIsRefusedAndTheSameOneCostsNothing() throws Exception {
        try (S3Backend b = area("STANDARD", "STANDARD_IA")) {
            put(b, "/f", "x".getBytes(StandardCharsets.UTF_8));
            b.createDirectory(p("/d"));
            PlacementControl pc = placement(b);
            assertEquals(Kind.UNSUPPORTED, kindOf(() -> pc.place(p("/f"),
                    new PlacementTarget(Placement.DISK, Optional.of("ONEZONE_IA")))));
            assertEquals(Kind.UNSUPPORTED, kindOf(() -> pc.place(p("/f"), PlacementTarget.of(Placement.TAPE))));
            assertEquals(Kind.UNSUPPORTED, kindOf(() -> pc.place(p("/f"), PlacementTarget.of(Placement.DISK_AND_TAPE))));
            assertEquals(Kind.CONFLICT, kindOf(() -> pc.place(p("/d"), PlacementTarget.of(Placement.DISK))));
            assertEquals(Kind.NOT_FOUND, kindOf(() -> pc.place(p("/none"), PlacementTarget.of(Placement.DISK))));
            pc.place(p("/f"), PlacementTarget.of(Placement.DISK));
            pc.place(p("/f"), new PlacementTarget(Placement.DISK, Optional.of("STANDARD")));
            assertEquals(List.of(), sent("CopyObject", CopyObjectRequest.class), "the class it has: nothing to copy");
        }
    }

    @Test
    void stagingAsksForARestoreOfTheDaysOfThePin() throws Exception {
        try (S3Backend b = area("STANDARD", "GLACIER")) {
            Staging staging = b.feature(Staging.class).orElseThrow();
            put(b, "/disk", "x".getBytes(StandardCharsets.UTF_8));
            putWithClass(b, "/cold", "z", "GLACIER");
            staging.stage("req-1", List.of(p("/disk"), p("/cold"), p("/none")), Instant.now().plus(Duration.ofHours(36)));
            assertEquals(List.of(2), sent("RestoreObject", RestoreObjectRequest.class).stream()
                    .map(r -> r.restoreRequest().days()).toList(), "36 hours are two days; only the archived file");
            assertEquals(StageProgress.State.ON_DISK, staging.progress("req-1", p("/disk")).state());
            assertEquals(StageProgress.State.FAILED, staging.progress("req-1", p("/none")).state());
            StageProgress cold = staging.progress("req-1", p("/cold"));
            if (cold.state() == StageProgress.State.FAILED) {
                System.out.println("S3StorageClassTest: " + cold.error().orElseThrow());
                assertTrue(cold.error().orElseThrow().contains("RestoreObject"), cold.toString());
            } else {
                assertEquals(StageProgress.State.RECALLING, cold.state());
            }
            staging.release("req-1", List.of(p("/cold")));
            staging.cancel("req-1", List.of(p("/cold")));
        }
    }

    @Test
    void theRestoreHeaderSaysWhetherAnArchivedObjectIsOnDisk() {
        assertEquals(Locality.DISK, S3StorageClasses.locality(null, null));
        assertEquals(Locality.DISK, S3StorageClasses.locality("GLACIER_IR", null));
        assertEquals(Locality.TAPE, S3StorageClasses.locality("GLACIER", null));
        assertEquals(Locality.TAPE, S3StorageClasses.locality("DEEP_ARCHIVE", "ongoing-request=\"true\""));
        assertEquals(Locality.DISK_AND_TAPE, S3StorageClasses.locality("GLACIER",
                "ongoing-request=\"false\", expiry-date=\"Fri, 21 Dec 2012 00:00:00 GMT\""));
    }
}
