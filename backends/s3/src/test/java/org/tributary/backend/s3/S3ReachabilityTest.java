package org.tributary.backend.s3;

import org.junit.jupiter.api.Test;
import org.tributary.backend.AreaPath;
import org.tributary.backend.Reachability;
import org.tributary.backend.StorageException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The readiness probe of an S3 area: the root is answered from memory (a stat of it says nothing about the endpoint),
 * so the backend offers {@link Reachability}, a HeadBucket; once s3proxy is stopped the probe fails with the reason.
 */
class S3ReachabilityTest {

    @Test
    void theProbeAsksTheBucketAndFailsOnceTheEndpointIsDown() throws Exception {
        S3Server server = new S3Server();
        try (S3Backend backend = server.backend("reach/")) {
            Reachability probe = backend.feature(Reachability.class).orElseThrow();
            probe.probe();
            server.close();
            assertTrue(backend.stat(AreaPath.ROOT).isPresent(), "the root alone does not reach the endpoint");
            StorageException e = assertThrows(StorageException.class, probe::probe);
            assertEquals(StorageException.Kind.UNAVAILABLE, e.kind());
            assertTrue(e.getMessage().startsWith("S3 bucket '" + S3Server.BUCKET + "' at " + server.endpoint), e.getMessage());
        } finally {
            server.close();
        }
    }
}
