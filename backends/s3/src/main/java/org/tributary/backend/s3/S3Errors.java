package org.tributary.backend.s3;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.tributary.backend.AreaPath;
import org.tributary.backend.StorageException;
import org.tributary.backend.StorageException.Kind;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The one place where S3 and SDK errors become {@link StorageException}s. Retries happen before this, inside the
 * SDK (standard retry strategy: throttling such as 503 SlowDown and 5xx with exponential backoff and full jitter), so
 * what arrives here has already exhausted its attempts. Reasons are one line and never carry a stack trace.
 */
final class S3Errors {

    private S3Errors() { }

    /** The S3 error code of a failure, or "" (e.g. "NoSuchKey", "AccessDenied", "SlowDown"). */
    static String code(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? "" : e.awsErrorDetails().errorCode();
    }

    static boolean isNotFound(SdkException e) {
        return e instanceof S3Exception s && (s.statusCode() == 404 || code(s).equals("NoSuchKey") || code(s).equals("NoSuchUpload"));
    }

    /** Maps a failure of {@code operation} on {@code path} (may be null for bucket-wide operations). */
    static IOException map(SdkException e, String operation, AreaPath path) {
        String where = path == null ? "" : " " + path;
        if (e instanceof S3Exception s) {
            String code = code(s);
            int status = s.statusCode();
            if (status == 404 || code.equals("NoSuchKey")) {
                if (code.equals("NoSuchBucket")) {
                    return new StorageException(Kind.UNAVAILABLE, "S3 bucket of this area does not exist (NoSuchBucket)", e);
                }
                return new StorageException(Kind.NOT_FOUND, "no such file or collection:" + where, e);
            }
            if (code.equals("InvalidObjectState")) {
                // AWS: a GET or a copy of an object in an archive class that is not restored (403 InvalidObjectState)
                return new StorageException(Kind.OFFLINE, (path == null ? "the object" : path.toString())
                        + " is in an archive storage class: stage it first (RestoreObject), then read it", e);
            }
            if (status == 403 || code.equals("AccessDenied") || code.equals("InvalidAccessKeyId")
                    || code.equals("SignatureDoesNotMatch")) {
                return new StorageException(Kind.FORBIDDEN, "S3 refused " + operation + where + " (" + orStatus(code, status) + ")", e);
            }
            if (code.equals("EntityTooLarge") || code.equals("QuotaExceeded")) {
                return new StorageException(Kind.INSUFFICIENT_STORAGE, "S3 refused " + operation + where + " (" + code + ")", e);
            }
            if (status == 503 || status >= 500 || code.equals("SlowDown")) {
                return new StorageException(Kind.UNAVAILABLE, "S3 is unavailable or throttling (" + orStatus(code, status)
                        + ") after retries; try again later", e);
            }
            return new IOException("S3 " + operation + where + " failed: " + orStatus(code, status), e);
        }
        if (e instanceof SdkClientException) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            String reason = root.getMessage() == null ? root.getClass().getSimpleName()
                    : root.getClass().getSimpleName() + ": " + root.getMessage();
            return new StorageException(Kind.UNAVAILABLE, "S3 endpoint unreachable during " + operation + " ("
                    + reason.lines().findFirst().orElse("") + ")", e);
        }
        return new IOException("S3 " + operation + where + " failed: " + e.getMessage(), e);
    }

    private static String orStatus(String code, int status) {
        return code.isEmpty() ? "HTTP " + status : code + ", HTTP " + status;
    }

    /**
     * A connection failure that reached us outside an SdkException (the URLConnection transport lets an
     * UncheckedIOException out when the connection is reset while the body is sent): the endpoint went away.
     */
    static IOException transport(Throwable t, String operation) {
        if (t instanceof StorageException s) return s;
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        return new StorageException(Kind.UNAVAILABLE, "S3 endpoint unreachable during " + operation + " ("
                + root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()) + ")", t);
    }

    /** Unwraps an exception thrown from a lazily fetched page (iterators cannot throw checked exceptions). */
    static RuntimeException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
