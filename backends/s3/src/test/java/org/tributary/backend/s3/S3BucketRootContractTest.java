package org.tributary.backend.s3;

import java.util.UUID;

import org.tributary.backend.StorageBackend;

import software.amazon.awssdk.services.s3.S3Client;

/**
 * The StorageBackend contract on an area that is a whole bucket (no key prefix): the gateway's internal keys then sit
 * at the top of the bucket, beside the client's. A fresh bucket per test.
 */
class S3BucketRootContractTest extends S3ContractTest {

    @Override
    protected StorageBackend openEmptyArea() throws Exception {
        String bucket = "root-" + UUID.randomUUID();
        S3Options o = S3Options.of(server.endpoint, "us-east-1", bucket, "",
                S3Options.Credentials.literal(S3Server.ACCESS, S3Server.SECRET)).withPartSize(S3Options.MIN_PART_SIZE, 2);
        try (S3Client c = S3Backend.client(o)) {
            c.createBucket(r -> r.bucket(bucket));
        }
        return S3Backend.open(o, S3Backend.client(o));
    }
}
