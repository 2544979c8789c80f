package org.tributary.tpc;

import org.eclipse.jetty.client.InputStreamRequestContent;
import org.tributary.backend.AreaPath;
import org.tributary.backend.ReadHandle;
import org.tributary.backend.StorageBackend;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Push: read the local file and PUT it to the destination with {@code Expect: 100-continue}, so a redirect (dCache
 * door → pool) or a refusal arrives before the body is sent. With Overwrite: F the destination is HEADed first and an
 * existing file fails the transfer (StoRM's checkOverwrite). When verification is required and the destination
 * answers {@code Want-Digest: adler32} after the upload, the values are compared.
 */
public final class PushTransfer extends Transfer {

    private final Callable<Optional<String>> localAdler32;

    public PushTransfer(TpcClient client, TransferSpec spec, StorageBackend backend, AreaPath path,
                        Callable<Optional<String>> localAdler32) {
        super(client, spec, "destination", backend, path);
        this.localAdler32 = localAdler32;
    }

    @Override
    public void run() throws IOException, InterruptedException {
        if (!spec.overwrite()) {
            try (Opened head = open("HEAD", spec.remote(), spec.headers(), null)) {
                if (head.status() / 100 == 2) {
                    throw new TpcException("the destination exists and Overwrite is F");
                }
            }
        }
        try (ReadHandle rh = backend.openRead(path)) {
            long size = rh.info().size();
            expectSize(size);
            try (Opened o = open("PUT", spec.remote(), spec.headers(), () -> {
                try {
                    return new SizedContent(new Counting(rh.stream(0, size)), size);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            })) {
                int st = o.status();
                if (st != 200 && st != 201 && st != 204) throw remoteFailure(o);
            }
        }
        checkCancelled();
        if (spec.verifyChecksum()) verify();
    }

    private void verify() throws IOException, InterruptedException {
        Optional<String> local;
        try {
            local = localAdler32.call();
        } catch (IOException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new TpcException("cannot compute the local adler32", e);
        }
        if (local.isEmpty()) return;
        Map<String, String> h = new LinkedHashMap<>(spec.headers());
        h.put("Want-Digest", "adler32");
        try (Opened head = open("HEAD", spec.remote(), h, null)) {
            if (head.status() != 200) return; // nothing to compare with; gfal2 verifies after the copy anyway
            Optional<String> remote = adler32(head.response().getHeaders());
            if (remote.isPresent() && Long.parseLong(remote.get(), 16) != Long.parseLong(local.get(), 16)) {
                throw new TpcException("checksum verification failed: local adler32 " + local.get()
                        + ", destination has " + remote.get());
            }
            if (remote.isPresent()) checksumsMatched();
        } catch (NumberFormatException e) {
            throw new TpcException("the destination sent a malformed adler32 digest");
        }
    }

    /** A stream body with a known length, so the PUT carries Content-Length instead of chunked encoding. */
    private static final class SizedContent extends InputStreamRequestContent {
        private final long length;

        SizedContent(InputStream in, long length) {
            super("application/octet-stream", in, BUFFER);
            this.length = length;
        }

        @Override
        public long getLength() { return length; }
    }

    private final class Counting extends FilterInputStream {
        Counting(InputStream in) { super(in); }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) addBytes(0, 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) addBytes(0, n);
            return n;
        }
    }
}
