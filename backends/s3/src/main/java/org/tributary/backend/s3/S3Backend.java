package org.tributary.backend.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.TrustManagerFactory;

import org.tributary.backend.AreaPath;
import org.tributary.backend.EntryInfo;
import org.tributary.backend.EntryType;
import org.tributary.backend.Reachability;
import org.tributary.backend.FetchingListing;
import org.tributary.backend.Listing;
import org.tributary.backend.Locality;
import org.tributary.backend.PendingWrite;
import org.tributary.backend.Seen;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.SpaceUsage;
import org.tributary.backend.StorageBackend;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;
import org.tributary.backend.WriteOptions;
import org.tributary.backend.placement.PlacementControl;
import org.tributary.backend.placement.SharedCopy;
import org.tributary.backend.staging.Staging;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A storage area in an S3 bucket, under a key prefix.
 *
 * <p>Namespace: the area path {@code /a/b} is the key {@code <prefix>a/b}. Directories are common prefixes, plus
 * zero-byte {@code a/} markers written by {@link #createDirectory} and when parents are created for an upload, so
 * an empty directory survives. Keys whose first segment below the prefix is reserved ({@code .tributary...}) belong
 * to the gateway and never appear in listings.
 *
 * <p>Attributes (checksums, dead properties) live in a small side-car object per entry,
 * {@code <prefix>.tributary/attrs/a/b}, written right after the data object is completed: see
 * docs/decisions/0005-s3-checksum-metadata.md for why not x-amz-meta headers. The change stamp of a file is its ETag.
 *
 * <p>Uploads: {@link S3PendingWrite}. Errors: {@link S3Errors}. There is no rename: {@link #move} is a server-side
 * copy (multipart copy above 5 GiB) and a delete.
 *
 * <p>Features (issue 13): {@link SharedCopy} by server-side copy ({@link ServerSideCopy}); {@link PlacementControl} by
 * the object's storage class ({@link StorageClassPlacement}, among those {@link S3Options#storageClasses()} declares);
 * {@link Staging} by RestoreObject ({@link RestoreStaging}) when an archive class is declared. An object of an archive
 * class is on tape ({@link Locality#TAPE}) until restored, and its read fails OFFLINE. A copy (move, share) keeps the
 * storage class of its source, and a new upload over a file keeps the class the file had.
 */
public final class S3Backend implements StorageBackend {

    static final String INTERNAL = AreaPath.RESERVED_PREFIX + "/";
    static final String ATTRS = INTERNAL + "attrs";
    /** Largest object CopyObject can copy in one request. */
    static final long COPY_LIMIT = 5L << 30;
    private static final int DELETE_BATCH = 1000;
    /** openRead fetches this much of an object with its metadata; smaller files are read in that one request. */
    static final int OPEN_WINDOW = 64 * 1024;

    final S3Client s3;
    final S3Options options;
    final String bucket;
    final String prefix;
    final ExecutorService uploads = Executors.newVirtualThreadPerTaskExecutor();
    /** Objects at least this large are copied with UploadPartCopy (tests lower it). */
    long copyThreshold = COPY_LIMIT;
    int listPageSize = 1000;
    static final long USAGE_TTL_NANOS = 60_000_000_000L;
    private SpaceUsage usage;
    long usageAt;
    private CompletableFuture<SpaceUsage> usageRefresh;
    /** A call has waited two seconds for the running listing: the others do not wait for it. */
    private boolean usageSlow;
    /** Who owns which multipart upload, so that abandoned ones are aborted soon (see {@link OwnedUploads}). */
    final OwnedUploads owned;

    private final ServerSideCopy sharedCopy = new ServerSideCopy(this);
    private final StorageClassPlacement placement;
    private final RestoreStaging staging;

    S3Backend(S3Client s3, S3Options options, OwnedUploads.Settings uploads) {
        this.s3 = s3;
        this.options = options;
        this.bucket = options.bucket();
        this.prefix = options.prefix();
        this.owned = new OwnedUploads(this, uploads);
        this.placement = new StorageClassPlacement(this);
        this.staging = placement.supported().contains(org.tributary.backend.placement.Placement.TAPE)
                ? new RestoreStaging(this) : null;
    }

    @Override
    public <T> Optional<T> feature(Class<T> type) {
        if (type == SharedCopy.class) return Optional.of(type.cast(sharedCopy));
        if (type == PlacementControl.class) return Optional.of(type.cast(placement));
        if (type == Staging.class) return Optional.ofNullable(staging).map(type::cast);
        if (type == Reachability.class) return Optional.of(type.cast((Reachability) this::headBucket));
        return StorageBackend.super.feature(type);
    }

    /** The readiness probe: the root is answered from memory, so ask the bucket itself (one HeadBucket). */
    private void headBucket() throws IOException {
        try {
            s3.headBucket(r -> r.bucket(options.bucket()));
        } catch (SdkException e) {
            throw startupError(options, e);
        }
    }

    /** Whether the area declares any class but the default: only then do copies ask for the source's class. */
    boolean offersStorageClasses() {
        return !options.storageClasses().equals(List.of(S3StorageClasses.DEFAULT));
    }

    /**
     * Connects to the bucket and checks that it is there and that the credentials are accepted (HeadBucket), so that
     * a wrong key or a typo in the bucket fails at start-up with a reason instead of at the first client request.
     */
    public static S3Backend open(S3Options options) throws IOException {
        return open(options, client(options));
    }

    static S3Backend open(S3Options options, S3Client client) throws IOException {
        return open(options, client, OwnedUploads.Settings.DEFAULT);
    }

    static S3Backend open(S3Options options, S3Client client, OwnedUploads.Settings uploads) throws IOException {
        try {
            client.headBucket(r -> r.bucket(options.bucket()));
        } catch (SdkException e) {
            client.close();
            throw startupError(options, e);
        }
        return new S3Backend(client, options, uploads);
    }

    private static IOException startupError(S3Options o, SdkException e) {
        String where = "S3 bucket '" + o.bucket() + "' at " + (o.endpoint() == null ? "AWS region " + o.region() : o.endpoint());
        if (e instanceof S3Exception s) {
            if (s.statusCode() == 403 || s.statusCode() == 400 && S3Errors.code(s).contains("Signature")) {
                return new StorageException(Kind.FORBIDDEN, where + ": access denied (HTTP " + s.statusCode()
                        + ") with the key from " + o.credentials().describe()
                        + "; check the access key id and secret key and the bucket policy", e);
            }
            if (s.statusCode() == 404) {
                return new StorageException(Kind.NOT_FOUND, where + ": the bucket does not exist (HTTP 404); create it"
                        + " or fix bucket/endpoint", e);
            }
            return new StorageException(Kind.UNAVAILABLE, where + ": HeadBucket failed with HTTP " + s.statusCode(), e);
        }
        IOException mapped = S3Errors.map(e, "HeadBucket", null);
        return new StorageException(Kind.UNAVAILABLE, where + ": " + mapped.getMessage(), e);
    }

    static S3Client client(S3Options o) throws IOException {
        return client(o, List.of());
    }

    /** Idle connections the JDK keeps per S3 endpoint (see {@link #keepConnections()}). */
    static final int KEEP_CONNECTIONS = 64;

    /**
     * The URLConnection transport pools connections in the JDK's keep-alive cache, which keeps only
     * {@code http.maxConnections} (default 5) idle connections per host and closes the others after their request:
     * with more concurrent S3 requests than that, almost every request opened a new connection (measured at 16
     * concurrent PUTs: about one TIME_WAIT socket per S3 request; a new TLS handshake each on a real endpoint).
     * Raised to {@link #KEEP_CONNECTIONS} unless set on the command line; the JDK reads it when the first connection
     * is returned to the cache, which for the gateway is this client's HeadBucket at start-up.
     */
    static void keepConnections() {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(KEEP_CONNECTIONS));
        }
    }

    /** The client, with extra interceptors (tests count requests with one). */
    static S3Client client(S3Options o, List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> extra)
            throws IOException {
        keepConnections();
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(120));
        if (o.caFile() != null) {
            TrustManagerFactory tmf = trust(o);
            http.tlsTrustManagersProvider(tmf::getTrustManagers);
        }
        var retry = AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(o.maxAttempts())
                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(10)))
                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(250), Duration.ofSeconds(20)))
                .build();
        var b = S3Client.builder()
                .httpClient(http.build())
                .region(Region.of(o.region()))
                .credentialsProvider(credentials(o.credentials()))
                .forcePathStyle(o.pathStyle())
                // We send Content-MD5 ourselves; the SDK's default CRC trailers (aws-chunked) are not understood by
                // every S3 implementation, so checksums are only added where an operation requires one.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder()
                        .chunkedEncodingEnabled(false)
                        .build())
                .overrideConfiguration(c -> c.retryStrategy(retry).executionInterceptors(extra));
        if (o.endpoint() != null) b.endpointOverride(o.endpoint());
        return b.build();
    }

    private static TrustManagerFactory trust(S3Options o) throws IOException {
        try (InputStream in = Files.newInputStream(o.caFile())) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) throw new IOException("tls.ca-file " + o.caFile() + ": no PEM certificate in it");
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf;
        } catch (GeneralSecurityException e) {
            throw new IOException("tls.ca-file " + o.caFile() + ": " + e.getMessage(), e);
        }
    }

    static AwsCredentialsProvider credentials(S3Options.Credentials c) throws IOException {
        switch (c.source()) {
            case "literal":
                return StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKey(), c.secretKey()));
            case "env": {
                String av = c.accessKeyVariable() == null ? "AWS_ACCESS_KEY_ID" : c.accessKeyVariable();
                String sv = c.secretKeyVariable() == null ? "AWS_SECRET_ACCESS_KEY" : c.secretKeyVariable();
                String a = System.getenv(av);
                String s = System.getenv(sv);
                if (a == null || a.isBlank() || s == null || s.isBlank()) {
                    throw new IOException("S3 credentials: environment variables " + av + " and " + sv + " must both be set");
                }
                return StaticCredentialsProvider.create(AwsBasicCredentials.create(a.trim(), s.trim()));
            }
            case "file": {
                if (!Files.isReadable(c.file())) {
                    throw new IOException("S3 credentials file " + c.file() + " is missing or not readable");
                }
                ProfileFile pf = ProfileFile.builder().content(c.file()).type(ProfileFile.Type.CREDENTIALS).build();
                String profile = c.profile() == null ? "default" : c.profile();
                if (pf.profile(profile).isEmpty()) {
                    throw new IOException("S3 credentials file " + c.file() + " has no profile [" + profile + "]");
                }
                return ProfileCredentialsProvider.builder().profileFile(pf).profileName(profile).build();
            }
            default:
                return DefaultCredentialsProvider.create();
        }
    }

    // ---- namespace mapping ----

    /** The object key of a file (never used for the root). */
    String key(AreaPath p) {
        return prefix + String.join("/", p.segments());
    }

    /** The key prefix of everything below a directory, which is also its marker key. */
    String dirPrefix(AreaPath p) {
        return p.isRoot() ? prefix : key(p) + "/";
    }

    String sidecarKey(AreaPath p) {
        return prefix + ATTRS + p;
    }

    String sidecarPrefix(AreaPath dir) {
        return dir.isRoot() ? prefix + ATTRS + "/" : sidecarKey(dir) + "/";
    }

    /** The area path of a key below the prefix, or null for internal and odd keys (empty segments, dot segments). */
    AreaPath pathOf(String key) {
        if (!key.startsWith(prefix)) return null;
        String rel = key.substring(prefix.length());
        if (rel.endsWith("/")) rel = rel.substring(0, rel.length() - 1);
        if (rel.isEmpty()) return null;
        List<String> segs = List.of(rel.split("/", -1));
        for (String s : segs) {
            if (AreaPath.segmentProblem(s) != null) return null;
        }
        return new AreaPath(segs);
    }

    /**
     * {@code attributes} with every value equal to {@code oldStamp} replaced by {@code newStamp}: the stored checksums
     * of content whose ETag changed while the bytes did not (a copy, a commit whose ETag S3 computed otherwise).
     */
    static Map<String, String> rebindStamp(Map<String, String> attributes, String oldStamp, String newStamp) {
        if (newStamp.isEmpty() || newStamp.equals(oldStamp) || !attributes.containsValue(oldStamp)) return attributes;
        Map<String, String> out = new HashMap<>(attributes);
        out.replaceAll((k, v) -> v.equals(oldStamp) ? newStamp : v);
        return out;
    }

    static String stamp(String etag) {
        if (etag == null) return "";
        String e = etag;
        if (e.startsWith("W/")) e = e.substring(2);
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) e = e.substring(1, e.length() - 1);
        return e;
    }

    EntryInfo fileInfo(AreaPath p, long size, Instant modified, String etag) {
        return fileInfo(p, size, modified, etag, Locality.DISK);
    }

    EntryInfo fileInfo(AreaPath p, long size, Instant modified, String etag, Locality locality) {
        return new EntryInfo(p, EntryType.FILE, size, modified == null ? Instant.EPOCH : modified, stamp(etag), locality);
    }

    EntryInfo fileInfo(AreaPath p, HeadObjectResponse h) {
        return fileInfo(p, h.contentLength(), h.lastModified(), h.eTag(),
                S3StorageClasses.locality(h.storageClassAsString(), h.restore()));
    }

    static EntryInfo dirInfo(AreaPath p, Instant modified) {
        Instant m = modified == null ? Instant.EPOCH : modified;
        return new EntryInfo(p, EntryType.DIRECTORY, 0, m, "d" + m.toEpochMilli(), Locality.DISK);
    }

    // ---- small S3 helpers, each mapping its errors once ----

    /** The object at {@code p} (HeadObject), or empty. */
    Optional<EntryInfo> fileStat(AreaPath p) throws IOException {
        return head(p).map(h -> fileInfo(p, h));
    }

    /** HeadObject of the file at {@code p}, or empty: size, ETag, storage class and restore state in one request. */
    Optional<HeadObjectResponse> head(AreaPath p) throws IOException {
        try {
            return Optional.of(s3.headObject(r -> r.bucket(bucket).key(key(p))));
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) return Optional.empty();
            throw S3Errors.map(e, "HEAD", p);
        }
    }

    /**
     * The collection at {@code p}, or empty: its marker (HeadObject of {@code a/}, which every collection made
     * through the gateway has), else any key below it (ListObjectsV2 of one key). A HeadObject is a single index lookup on every S3 implementation
     * and costs a twelfth of a LIST on AWS; a LIST with a prefix may have to visit much more (every index shard on
     * Ceph RGW; on s3proxy's filesystem store every entry of the directory: ~25 ms of its CPU at 800 entries).
     */
    Optional<EntryInfo> dirStat(AreaPath p) throws IOException {
        if (p.isRoot()) return Optional.of(dirInfo(p, null));
        Optional<HeadObjectResponse> marker = headMarker(p);
        if (marker.isPresent()) return Optional.of(dirInfo(p, marker.get().lastModified()));
        return listedDir(p);
    }

    /**
     * The collection at {@code p}, or empty, in one question: a one-key ListObjectsV2 of {@code p/}, whose first key is
     * the marker when there is one (it sorts first) and any key below otherwise. For a name that is expected to be
     * absent (the target of a PUT or MKCOL) this is one request where {@link #dirStat} takes two; for a collection it
     * is one either way, but a LIST where dirStat asks a HeadObject.
     */
    Optional<EntryInfo> listedDir(AreaPath p) throws IOException {
        if (p.isRoot()) return Optional.of(dirInfo(p, null));
        String dp = dirPrefix(p);
        List<S3Object> keys = firstKeys(dp, 1, p);
        if (keys.isEmpty()) return Optional.empty();
        S3Object first = keys.getFirst();
        return Optional.of(dirInfo(p, first.key().equals(dp) ? first.lastModified() : null));
    }

    /** The first {@code max} keys below {@code keyPrefix}, in one ListObjectsV2; a failure is reported for {@code p}. */
    private List<S3Object> firstKeys(String keyPrefix, int max, AreaPath p) throws IOException {
        try {
            return s3.listObjectsV2(b -> b.bucket(bucket).prefix(keyPrefix).maxKeys(max)).contents();
        } catch (SdkException e) {
            throw S3Errors.map(e, "LIST", p);
        }
    }

    /** Whether {@code p} has a collection marker: every collection made through a gateway has one. */
    boolean markerExists(AreaPath p) throws IOException {
        return p.isRoot() || headMarker(p).isPresent();
    }

    /**
     * The marker {@code a/}, which is empty. A store that keeps keys as files (s3proxy's filesystem store) answers a
     * HeadObject of {@code a/} with the file {@code a}: what has content is not a marker.
     */
    private Optional<HeadObjectResponse> headMarker(AreaPath p) throws IOException {
        try {
            HeadObjectResponse h = s3.headObject(r -> r.bucket(bucket).key(dirPrefix(p)));
            return h.contentLength() != null && h.contentLength() > 0 ? Optional.empty() : Optional.of(h);
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) return Optional.empty();
            throw S3Errors.map(e, "HEAD", p);
        }
    }

    void putEmpty(String key, AreaPath p) throws IOException {
        try {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/x-directory"), RequestBody.empty());
        } catch (SdkException e) {
            throw S3Errors.map(e, "PUT", p);
        }
    }

    void deleteKeys(List<String> keys, AreaPath p) throws IOException {
        if (keys.isEmpty()) return;
        List<ObjectIdentifier> ids = keys.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList();
        try {
            var resp = s3.deleteObjects(r -> r.bucket(bucket).delete(Delete.builder().objects(ids).quiet(true).build()));
            if (resp.hasErrors() && !resp.errors().isEmpty()) {
                var err = resp.errors().getFirst();
                if (!"NoSuchKey".equals(err.code())) {
                    throw new StorageException("AccessDenied".equals(err.code()) ? Kind.FORBIDDEN : Kind.UNAVAILABLE,
                            "S3 could not delete " + resp.errors().size() + " of " + keys.size() + " objects below " + p
                                    + " (" + err.code() + ")");
                }
            }
        } catch (SdkException e) {
            throw S3Errors.map(e, "DELETE", p);
        }
    }

    /**
     * Runs an upload request, retrying it when the connection is reset while the body is being sent. The SDK's retry
     * strategy covers every failure it sees (throttling, 5xx, I/O errors while reading the answer), but the
     * URLConnection transport reports a reset during the body upload as an UncheckedIOException that bypasses it;
     * the same attempts and backoff with full jitter apply here.
     */
    <T> T retryingResets(java.util.function.Supplier<T> request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (UncheckedIOException e) {
                if (attempt >= options.maxAttempts()) throw e;
                long cap = Math.min(10_000, 100L << Math.min(attempt, 10));
                try {
                    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(cap + 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    // ---- StorageBackend ----

    /**
     * HeadObject of the key, then, when there is no object, one ListObjectsV2 of one key below it ({@link #listedDir}):
     * two requests for a name that is not there, which is what a PUT or MKCOL looks at first (the marker-first order
     * of {@link #dirStat} would take three), and two for a collection as before.
     */
    @Override
    public Optional<EntryInfo> stat(AreaPath path) throws IOException {
        if (path.isRoot()) return Optional.of(dirInfo(path, null));
        Optional<EntryInfo> f = fileStat(path);
        return f.isPresent() ? f : listedDir(path);
    }

    @Override
    public ReadHandle openRead(AreaPath path) throws IOException {
        if (path.isRoot()) throw new StorageException(Kind.CONFLICT, "a collection cannot be read as a file: " + path);
        Optional<S3ReadHandle> h = openFirst(path);
        if (h.isPresent()) return h.get();
        if (dirStat(path).isPresent()) throw new StorageException(Kind.CONFLICT, "a collection cannot be read as a file: " + path);
        throw StorageException.notFound(path);
    }

    /**
     * Opens an object with one ranged GetObject of its first {@link #OPEN_WINDOW} bytes, which gives the size, ETag
     * and modification time a HeadObject would and, for a small file, the whole content: a GET of a small file is one
     * S3 request instead of HeadObject + GetObject. Empty when there is no such object.
     */
    private Optional<S3ReadHandle> openFirst(AreaPath path) throws IOException {
        String k = key(path);
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(bucket).key(k)
                .range("bytes=0-" + (OPEN_WINDOW - 1)))) {
            GetObjectResponse resp = in.response();
            long total = totalSize(resp.contentRange(), resp.contentLength());
            long len = resp.contentLength() == null ? -1 : resp.contentLength();
            if (total < 0 || len < 0 || len > OPEN_WINDOW || len > total || (len < total && len < OPEN_WINDOW)) {
                // not the ranged answer every S3 implementation gives (e.g. the whole of a large object): use HEAD
                in.abort();
                return headOpen(path);
            }
            Locality where = S3StorageClasses.locality(resp.storageClassAsString(), resp.restore());
            if (!where.online()) {
                // a service that serves archived objects anyway (s3proxy) would make the class a promise we do not keep
                in.abort();
                throw StorageException.offline(path, where);
            }
            byte[] first = in.readNBytes((int) len);
            if (first.length != len) throw new StorageException(Kind.UNAVAILABLE, "S3 GET " + path + ": body ended early");
            EntryInfo info = fileInfo(path, total, resp.lastModified(), resp.eTag(), where);
            return Optional.of(new S3ReadHandle(this, info, k, first));
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) return Optional.empty();
            // 416: a zero-byte object has no byte 0 (AWS answers InvalidRange)
            if (e instanceof S3Exception s && s.statusCode() == 416) return headOpen(path);
            throw S3Errors.map(e, "GET", path);
        }
    }

    private Optional<S3ReadHandle> headOpen(AreaPath path) throws IOException {
        Optional<EntryInfo> info = fileStat(path);
        if (info.isPresent() && !info.get().locality().online()) {
            throw StorageException.offline(path, info.get().locality());
        }
        return info.map(i -> new S3ReadHandle(this, i, key(path), new byte[0]));
    }

    /** The object size from "bytes 0-4095/4096", or the body length of a whole-object answer; -1 if unknown. */
    static long totalSize(String contentRange, Long contentLength) {
        if (contentRange == null) return contentLength == null ? -1 : contentLength;
        int slash = contentRange.lastIndexOf('/');
        try {
            return slash < 0 ? -1 : Long.parseLong(contentRange.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Checks the target (or takes what the caller's stat has just found there, {@link WriteOptions#target()}: the
     * gateway looks at a PUT's target to authorise it, and asking S3 the same again an instant later told nothing new;
     * the commit asks anew in any case), then the parents, creating missing ones when asked.
     */
    @Override
    public PendingWrite beginWrite(AreaPath path, WriteOptions opts) throws IOException {
        if (path.isRoot()) throw new StorageException(Kind.CONFLICT, "cannot write to the root collection");
        // A file that is there is replaced (stat shows the file even if keys below its name exist too); otherwise the
        // name must not be a collection.
        Seen target = opts.target();
        if (target == Seen.UNKNOWN) {
            target = fileStat(path).isPresent() ? Seen.FILE : listedDir(path).isPresent() ? Seen.DIRECTORY : Seen.ABSENT;
        }
        boolean file = target == Seen.FILE;
        if (file && !opts.overwrite()) throw new StorageException(Kind.ALREADY_EXISTS, "file exists: " + path);
        if (target == Seen.DIRECTORY) throw new StorageException(Kind.CONFLICT, "a collection exists at " + path);
        List<AreaPath> created = ensureParent(path, opts.createParents());
        return new S3PendingWrite(this, path, key(path), opts, new PendingWrite.Begun(file, created));
    }

    /**
     * Checks that the parent of {@code path} is a directory, creating missing ancestors (markers) if asked; returns
     * the ones it created, outermost first.
     */
    List<AreaPath> ensureParent(AreaPath path, boolean create) throws IOException {
        List<AreaPath> missing = new ArrayList<>();
        for (AreaPath p = path.parent(); !p.isRoot(); p = p.parent()) {
            if (dirStat(p).isPresent()) break;
            if (fileStat(p).isPresent()) {
                throw new StorageException(create ? Kind.CONFLICT : Kind.PARENT_MISSING, "not a collection: " + p);
            }
            if (!create) throw new StorageException(Kind.PARENT_MISSING, "parent collection does not exist: " + path.parent());
            missing.add(p);
        }
        for (AreaPath p : missing.reversed()) putEmpty(dirPrefix(p), p);
        return missing.reversed();
    }

    @Override
    public void createDirectory(AreaPath path) throws IOException {
        createDirectory(path, Seen.UNKNOWN);
    }

    /** Nothing seen at the path by the caller's stat (MKCOL's) is taken as is; the parent is checked in any case. */
    @Override
    public void createDirectory(AreaPath path, Seen target) throws IOException {
        if (path.isRoot() || target == Seen.FILE || target == Seen.DIRECTORY
                || target == Seen.UNKNOWN && (fileStat(path).isPresent() || listedDir(path).isPresent())) {
            throw new StorageException(Kind.ALREADY_EXISTS, "already exists: " + path);
        }
        ensureParent(path, false);
        putEmpty(dirPrefix(path), path);
    }

    @Override
    public void delete(AreaPath path) throws IOException {
        if (path.isRoot()) throw new StorageException(Kind.FORBIDDEN, "the root collection of an area cannot be deleted");
        if (fileStat(path).isPresent()) {
            deleteKeys(List.of(key(path), sidecarKey(path)), path);
            return;
        }
        String dp = dirPrefix(path);
        List<S3Object> keys = firstKeys(dp, 2, path);
        if (keys.isEmpty()) throw StorageException.notFound(path);
        for (S3Object o : keys) {
            if (!o.key().equals(dp)) throw new StorageException(Kind.CONFLICT, "collection not empty: " + path);
        }
        deleteKeys(List.of(dp, sidecarKey(path)), path);
    }

    /**
     * Deletes a file or a whole collection: every key below the prefix, in batches of up to 1000 per DeleteObjects,
     * fetched page by page (memory does not grow with the tree), then the side-cars. Returns how many data keys went.
     */
    @Override
    public long deleteTree(AreaPath path) throws IOException {
        return deleteTree(path, Seen.UNKNOWN);
    }

    /**
     * A file the caller has just seen is deleted without a look (one DeleteObjects of the object and its side-car); a
     * collection it has seen is listed at once, without a HeadObject of its name first.
     */
    @Override
    public long deleteTree(AreaPath path, Seen target) throws IOException {
        if (path.isRoot()) throw new StorageException(Kind.FORBIDDEN, "the root collection of an area cannot be deleted");
        if (target == Seen.FILE || target != Seen.DIRECTORY && fileStat(path).isPresent()) {
            deleteKeys(List.of(key(path), sidecarKey(path)), path);
            return 1;
        }
        // Data keys and side-cars first, in shared batches; then the directory markers, one request per depth,
        // deepest first. A store keeping keys as files and directories (s3proxy's filesystem store, MinIO) deletes
        // a marker's directory only when it is empty, and may work through the keys of one DeleteObjects in any
        // order: a marker sent with its directory's files, or with a deeper marker, left the directory behind
        // (listed as "t/" after the delete; seen under load, and in CI).
        DeleteBatch batch = new DeleteBatch(path);
        List<String> markers = new ArrayList<>();
        long n = deletePrefix(dirPrefix(path), path, batch, markers);
        if (n == 0 && markers.isEmpty()) throw StorageException.notFound(path);
        deletePrefix(sidecarPrefix(path), path, batch, markers);
        batch.add(sidecarKey(path));
        batch.flush();
        deleteMarkersDeepestFirst(markers, path);
        return n;
    }

    /**
     * Adds the keys below {@code keyPrefix} to {@code batch} and directory markers (keys ending in '/') to
     * {@code markers}, for the caller to delete last; returns how many other keys (files) it found.
     */
    private long deletePrefix(String keyPrefix, AreaPath p, DeleteBatch batch, List<String> markers) throws IOException {
        long[] n = {0};
        forEachObject(keyPrefix, p, o -> {
            if (o.key().endsWith("/")) {
                markers.add(o.key());
            } else {
                n[0]++;
                batch.add(o.key());
            }
        });
        return n[0];
    }

    /** What to do with each object of a listing; may send requests of its own. */
    @FunctionalInterface
    private interface ObjectVisitor {
        void visit(S3Object o) throws IOException;
    }

    /** Visits every key below {@code keyPrefix}, fetched page by page; a failed listing is reported for {@code p}. */
    private void forEachObject(String keyPrefix, AreaPath p, ObjectVisitor visitor) throws IOException {
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix).maxKeys(listPageSize))) {
                for (S3Object o : page.contents()) visitor.visit(o);
            }
        } catch (SdkException e) {
            throw S3Errors.map(e, "LIST", p);
        }
    }

    /**
     * Keys to delete, sent in DeleteObjects requests of up to {@value #DELETE_BATCH} (the most one request takes) as
     * they fill; {@link #flush()} sends the rest. Memory does not grow with the tree.
     */
    private final class DeleteBatch {
        private final List<String> keys = new ArrayList<>(DELETE_BATCH);
        private final AreaPath path;

        DeleteBatch(AreaPath path) {
            this.path = path;
        }

        void add(String key) throws IOException {
            keys.add(key);
            if (keys.size() == DELETE_BATCH) flush();
        }

        void flush() throws IOException {
            deleteKeys(keys, path);
            keys.clear();
        }
    }

    @Override
    public void move(AreaPath from, AreaPath to, boolean replace) throws IOException {
        moveEntry(from, to, replace);
    }

    /**
     * Server-side copy, then delete of the source: a copy that fails has deleted nothing. An existing target of the
     * same kind is replaced without being deleted first: a file by the copy itself (a PUT-copy replaces the object in
     * one step); a collection by copying the new tree in and only then deleting the old keys it did not overwrite, so
     * every crash point leaves, for each name, the old or the new object. A file replaced by a collection or the
     * reverse is the exception: stores that keep keys as files (MinIO, s3proxy) cannot hold both side by side and S3
     * has no rename, so the old target is deleted first there (docs/architecture.md, "MOVE onto an existing target").
     */
    private void moveEntry(AreaPath from, AreaPath to, boolean replace) throws IOException {
        if (from.isRoot() || to.isRoot()) throw new StorageException(Kind.FORBIDDEN, "the root collection cannot be moved");
        if (to.startsWith(from)) throw new StorageException(Kind.CONFLICT, "cannot move " + from + " into itself");
        if (from.startsWith(to)) throw new StorageException(Kind.CONFLICT, "cannot move " + from + " onto its ancestor");
        Optional<HeadObjectResponse> srcObject = head(from);
        EntryInfo src = srcObject.isPresent() ? fileInfo(from, srcObject.get())
                : listedDir(from).orElseThrow(() -> StorageException.notFound(from));
        Optional<EntryInfo> dst = stat(to);
        if (dst.isPresent() && !replace) throw new StorageException(Kind.ALREADY_EXISTS, "target exists: " + to);
        ensureParent(to, false);
        if (dst.isPresent() && dst.get().isDirectory() != src.isDirectory()) deleteTree(to);
        if (src.isFile()) {
            copyObject(key(from), key(to), src.size(), from, srcObject.get().storageClassAsString());
            copySidecar(sidecarKey(from), sidecarKey(to), from, dst.isPresent());
            deleteKeys(List.of(key(from), sidecarKey(from)), from);
            return;
        }
        Set<String> written = copyTreeKeys(from, to, dst.isPresent());
        if (dst.isPresent() && dst.get().isDirectory()) deleteAllBut(to, written);
        deleteTree(from);
    }

    /** Copies a collection's keys and side-cars below {@code to}; returns the keys written. */
    private Set<String> copyTreeKeys(AreaPath from, AreaPath to, boolean replacing) throws IOException {
        Set<String> written = new HashSet<>();
        String toPrefix = dirPrefix(to);
        copyKeys(dirPrefix(from), toPrefix, from, written);
        // The source's own marker, if it has one, was copied onto toPrefix; side-car keys never equal it.
        boolean marker = written.contains(toPrefix);
        copyKeys(sidecarPrefix(from), sidecarPrefix(to), from, written);
        if (!marker) putEmpty(toPrefix, to);
        written.add(toPrefix);
        copySidecar(sidecarKey(from), sidecarKey(to), from, replacing);
        return written;
    }

    /** Copies every key below {@code fromPrefix} to the same name below {@code toPrefix}; adds the new keys to {@code written}. */
    private void copyKeys(String fromPrefix, String toPrefix, AreaPath from, Set<String> written) throws IOException {
        forEachObject(fromPrefix, from, o -> {
            String k = toPrefix + o.key().substring(fromPrefix.length());
            copyObject(o.key(), k, o.size(), from, o.storageClassAsString());
            written.add(k);
        });
    }

    /** After a replacing move: deletes the keys below the old collection {@code dir} that the move did not write. */
    private void deleteAllBut(AreaPath dir, Set<String> keep) throws IOException {
        DeleteBatch batch = new DeleteBatch(dir);
        List<String> markers = new ArrayList<>();
        for (String keyPrefix : List.of(dirPrefix(dir), sidecarPrefix(dir))) {
            forEachObject(keyPrefix, dir, o -> {
                if (keep.contains(o.key())) return;
                if (o.key().endsWith("/")) markers.add(o.key()); // after the files, as in deleteTree
                else batch.add(o.key());
            });
        }
        batch.flush();
        deleteMarkersDeepestFirst(markers, dir);
    }

    /**
     * Deletes directory markers one depth at a time, deepest first, each depth in its own requests: by then every
     * key below a marker is gone, whatever order the store works through one request in.
     */
    private void deleteMarkersDeepestFirst(List<String> markers, AreaPath p) throws IOException {
        java.util.TreeMap<Long, List<String>> byDepth = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        for (String m : markers) byDepth.computeIfAbsent(m.chars().filter(c -> c == '/').count(), d -> new ArrayList<>()).add(m);
        for (List<String> level : byDepth.values()) {
            DeleteBatch batch = new DeleteBatch(p);
            for (String m : level) batch.add(m);
            batch.flush();
        }
    }

    private void copySidecar(String from, String to, AreaPath p, boolean clearTarget) throws IOException {
        try {
            s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
        } catch (SdkException e) {
            if (!S3Errors.isNotFound(e)) throw S3Errors.map(e, "COPY", p);
            if (clearTarget) deleteKeys(List.of(to), p);
        }
    }

    /**
     * Server-side copy; UploadPartCopy in parts when the object is at least {@link #copyThreshold} bytes. The copy gets
     * {@code storageClass} (S3 gives a copy the default class otherwise); none is sent for the default class, so an
     * area without storage classes sends what it always sent. Returns the ETag of the new object.
     */
    String copyObject(String from, String to, long size, AreaPath p, String storageClass) throws IOException {
        boolean inPlace = from.equals(to);
        // in place (a change of class), the class is always named: it is the change S3 requires of such a copy
        String sc = storageClass == null || !inPlace && S3StorageClasses.DEFAULT.equals(storageClass) ? null : storageClass;
        try {
            if (size < copyThreshold) {
                return s3.copyObject(r -> r.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket)
                        .destinationKey(to).storageClass(sc)
                        .metadataDirective(inPlace ? MetadataDirective.COPY : null)).copyObjectResult().eTag();
            }
            long part = Math.max(Math.max(S3Options.MIN_PART_SIZE, Math.min(options.partSize() * 32, 1L << 30)),
                    (size + 9_999) / 10_000);
            if (copyThreshold < COPY_LIMIT) part = Math.max(S3Options.MIN_PART_SIZE, copyThreshold / 2); // tests
            String uploadId = s3.createMultipartUpload(r -> r.bucket(bucket).key(to).storageClass(sc)).uploadId();
            owned.started(uploadId);
            try {
                List<CompletedPart> parts = new ArrayList<>();
                int n = 1;
                for (long off = 0; off < size; off += part, n++) {
                    long end = Math.min(size, off + part) - 1;
                    String range = "bytes=" + off + "-" + end;
                    int pn = n;
                    var resp = s3.uploadPartCopy(r -> r.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket)
                            .destinationKey(to).uploadId(uploadId).partNumber(pn).copySourceRange(range));
                    parts.add(CompletedPart.builder().partNumber(pn).eTag(resp.copyPartResult().eTag()).build());
                }
                String etag = s3.completeMultipartUpload(r -> r.bucket(bucket).key(to).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts))).eTag();
                owned.ended(uploadId);
                return etag;
            } catch (SdkException e) {
                try {
                    abortUpload(to, uploadId);
                    owned.ended(uploadId);
                } catch (SdkException ignored) {
                    owned.abandoned(uploadId); // aborted by the next sweep (OwnedUploads)
                }
                throw e;
            }
        } catch (SdkException e) {
            throw S3Errors.map(e, "COPY", p);
        }
    }

    @Override
    /**
     * The first page is fetched here: when it holds anything (a marker is a key of the prefix too), the collection
     * exists and no other question is asked; only an empty one is looked at further (a file: CONFLICT; nothing:
     * NOT_FOUND; the root: empty).
     */
    public Listing list(AreaPath directory) throws IOException {
        String dp = dirPrefix(directory);
        Iterator<ListObjectsV2Response> pages = s3.listObjectsV2Paginator(
                b -> b.bucket(bucket).prefix(dp).delimiter("/").maxKeys(listPageSize)).iterator();
        ListObjectsV2Response first;
        try {
            first = pages.next();
        } catch (SdkException e) {
            throw S3Errors.map(e, "LIST", directory);
        }
        if (!directory.isRoot() && first.contents().isEmpty() && first.commonPrefixes().isEmpty()) {
            if (fileStat(directory).isPresent()) throw new StorageException(Kind.CONFLICT, "not a collection: " + directory);
            throw StorageException.notFound(directory);
        }
        return new PagedListing(first, pages, dp);
    }

    /** Children from ListObjectsV2 pages, fetched when the previous page is used up. */
    private final class PagedListing extends FetchingListing {
        private final Iterator<ListObjectsV2Response> pages;
        private final String dirPrefix;
        private Iterator<CommonPrefix> prefixes;
        private Iterator<S3Object> objects;
        private boolean closed;

        PagedListing(ListObjectsV2Response first, Iterator<ListObjectsV2Response> pages, String dirPrefix) {
            this.prefixes = first.commonPrefixes().iterator();
            this.objects = first.contents().iterator();
            this.pages = pages;
            this.dirPrefix = dirPrefix;
        }

        @Override
        protected EntryInfo fetch() {
            while (!closed) {
                if (prefixes.hasNext()) {
                    AreaPath p = pathOf(prefixes.next().prefix());
                    if (p != null && p.depth() > 0 && !isInternal(p)) return dirInfo(p, null);
                } else if (objects.hasNext()) {
                    S3Object o = objects.next();
                    if (o.key().equals(dirPrefix) || o.key().endsWith("/")) continue;
                    AreaPath p = pathOf(o.key());
                    // a listing has no restore state: a restored archive object is listed as on tape (docs/s3.md)
                    if (p != null && !isInternal(p)) {
                        return fileInfo(p, o.size(), o.lastModified(), o.eTag(),
                                S3StorageClasses.locality(o.storageClassAsString(), null));
                    }
                } else {
                    ListObjectsV2Response page;
                    try {
                        if (!pages.hasNext()) return null;
                        page = pages.next();
                    } catch (SdkException e) {
                        throw new UncheckedIOException(S3Errors.map(e, "LIST", null));
                    }
                    prefixes = page.commonPrefixes().iterator();
                    objects = page.contents().iterator();
                }
            }
            return null;
        }

        @Override
        public void close() { closed = true; }
    }

    private boolean isInternal(AreaPath p) {
        return p.segments().stream().anyMatch(s -> s.startsWith(AreaPath.RESERVED_PREFIX));
    }

    // ---- attributes: one side-car object per entry (docs/decisions/0005) ----

    @Override
    public Map<String, String> attributes(AreaPath path) throws IOException {
        Optional<Map<String, String>> m = readSidecar(path);
        if (m.isPresent()) return m.get();
        if (!exists(path)) throw StorageException.notFound(path);
        return Map.of();
    }

    @Override
    public void updateAttributes(AreaPath path, Map<String, String> set, Set<String> remove) throws IOException {
        if (!exists(path)) throw StorageException.notFound(path);
        Map<String, String> m = new TreeMap<>(readSidecar(path).orElse(Map.of()));
        remove.forEach(m::remove);
        m.putAll(set);
        writeSidecar(path, m);
    }

    /** The marker first: an entry without a side-car is most often a collection (files get theirs at upload). */
    private boolean exists(AreaPath path) throws IOException {
        return markerExists(path) || fileStat(path).isPresent() || listedDir(path).isPresent();
    }

    Optional<Map<String, String>> readSidecar(AreaPath path) throws IOException {
        try (InputStream in = s3.getObject(r -> r.bucket(bucket).key(sidecarKey(path)))) {
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Map<String, String> m = new HashMap<>();
            p.forEach((k, v) -> m.put(k.toString(), v.toString()));
            return Optional.of(Map.copyOf(m));
        } catch (SdkException e) {
            if (S3Errors.isNotFound(e)) return Optional.empty();
            throw S3Errors.map(e, "GET attributes of", path);
        }
    }

    /** Writes the side-car, or deletes it when {@code attrs} is empty. */
    void writeSidecar(AreaPath path, Map<String, String> attrs) throws IOException {
        if (attrs.isEmpty()) {
            deleteKeys(List.of(sidecarKey(path)), path);
            return;
        }
        Properties p = new Properties();
        p.putAll(attrs);
        StringWriter w = new StringWriter();
        p.store(w, null);
        byte[] body = w.toString().getBytes(StandardCharsets.UTF_8);
        try {
            s3.putObject(r -> r.bucket(bucket).key(sidecarKey(path)).contentType("text/plain; charset=utf-8"),
                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(body), body.length, "text/plain"));
        } catch (SdkException e) {
            throw S3Errors.map(e, "PUT attributes of", path);
        }
    }

    /**
     * Bytes used by the area's objects (side-cars and markers not counted), from a full listing of the prefix, kept
     * for a minute. Buckets have no capacity to report, so available is unknown (-1). When the value is older, it is
     * still returned at once while a new listing runs in the background. Without any value yet, calls wait for the
     * listing at most two seconds (then UNKNOWN), and once one has waited that long the others do not wait: a PROPFIND
     * never waits long for quota-used-bytes. (Every call used to wait up to two seconds while a listing that took
     * longer was running: on an area of 25,000 objects in s3proxy, half the PROPFINDs of a minute took 2 s.)
     */
    @Override
    public SpaceUsage space() throws IOException {
        CompletableFuture<SpaceUsage> f;
        synchronized (this) {
            if (usage != null && System.nanoTime() - usageAt < USAGE_TTL_NANOS) return usage;
            if (usageRefresh == null) {
                CompletableFuture<SpaceUsage> refresh = new CompletableFuture<>();
                usageRefresh = refresh;
                uploads.execute(() -> {
                    try {
                        SpaceUsage u = computeUsage();
                        synchronized (this) {
                            usage = u;
                            usageAt = System.nanoTime();
                            usageRefresh = null;
                            usageSlow = false;
                        }
                        refresh.complete(u);
                    } catch (Throwable t) {
                        synchronized (this) {
                            usageRefresh = null;
                            usageSlow = false;
                        }
                        refresh.completeExceptionally(t);
                    }
                });
            }
            if (usage != null) return usage;
            if (usageSlow) return SpaceUsage.UNKNOWN;
            f = usageRefresh;
        }
        try {
            return f.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            synchronized (this) {
                if (usageRefresh == f) usageSlow = true;
            }
            return SpaceUsage.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SpaceUsage.UNKNOWN;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
            throw new IOException("S3 usage listing failed: " + e.getCause(), e.getCause());
        }
    }

    /** One flat listing below the directory (S3 has no links), side-cars and markers not counted; always fresh. */
    @Override
    public long measureUsage(AreaPath directory) throws IOException {
        String from = dirPrefix(directory);
        String internal = prefix + AreaPath.RESERVED_PREFIX;
        long used = 0;
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(from).maxKeys(1000))) {
                for (S3Object o : page.contents()) {
                    if (!o.key().startsWith(internal)) used += o.size();
                }
            }
        } catch (SdkException e) {
            throw S3Errors.map(e, "LIST", directory);
        }
        return used;
    }

    private SpaceUsage computeUsage() {
        try {
            return new SpaceUsage(measureUsage(AreaPath.ROOT), -1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Aborts the multipart uploads under the prefix that no running gateway owns any more: those of gateways that are
     * gone (crashed or killed), this gateway's own whose abort failed, and unrecorded ones older than a day. An upload
     * of another gateway that is still running is left alone. See {@link OwnedUploads}.
     */
    @Override
    public int cleanStaleTemporaries() throws IOException {
        return owned.sweep(true);
    }

    /** Keys of the multipart uploads in progress under the prefix (for tests and operators). */
    public List<String> pendingUploads() throws IOException {
        return multipartUploads().stream().map(MultipartUpload::key).toList();
    }

    /** The multipart uploads in progress under the prefix; none where S3 does not list them (HTTP 501). */
    List<MultipartUpload> multipartUploads() throws IOException {
        List<MultipartUpload> out = new ArrayList<>();
        try {
            for (var page : s3.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(prefix))) {
                out.addAll(page.uploads());
            }
        } catch (SdkException e) {
            if (e instanceof S3Exception s && s.statusCode() == 501) return List.of();
            throw S3Errors.map(e, "LIST uploads", null);
        }
        return out;
    }

    /** AbortMultipartUpload; an upload that is already gone (completed or aborted) is fine. */
    void abortUpload(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            if (!S3Errors.isNotFound(e)) throw e;
        }
    }

    @Override
    public void close() {
        owned.close();
        uploads.shutdown();
        s3.close();
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
