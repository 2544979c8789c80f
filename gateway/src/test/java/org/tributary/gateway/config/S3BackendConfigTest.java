package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.tributary.backend.s3.S3Options;

/** The keys of a {@code backend: {type: s3}} section: defaults, values, and one-line errors naming the key. */
class S3BackendConfigTest {

    static String area(String backend) {
        return """
                storage-areas:
                  - name: cloud
                    access-points: [/cloud]
                    backend: %s
                """.formatted(backend);
    }

    static S3Options options(String backend) throws ConfigException {
        return ConfigTestSupport.parse(area(backend)).areas().getFirst().backend().s3Options();
    }

    @Test
    void fullSection() throws ConfigException {
        S3Options o = options("""
                {type: s3, endpoint: "https://s3.example.org:9000", region: eu-west-1, bucket: rucio-data,
                 prefix: /rse/cta/, path-style: false, part-size: 64MiB, parts-in-flight: 4, max-attempts: 6,
                 credentials: {type: file, path: /etc/tributary/s3.credentials, profile: rse},
                 tls: {ca-file: /etc/pki/tls/certs/ca-bundle.crt}}""");
        assertEquals(URI.create("https://s3.example.org:9000"), o.endpoint());
        assertEquals("eu-west-1", o.region());
        assertEquals("rucio-data", o.bucket());
        assertEquals("rse/cta/", o.prefix());
        assertFalse(o.pathStyle());
        assertEquals(64L << 20, o.partSize());
        assertEquals(4, o.partsInFlight());
        assertEquals(6, o.maxAttempts());
        assertEquals("file", o.credentials().source());
        assertEquals(Path.of("/etc/tributary/s3.credentials"), o.credentials().file());
        assertEquals("rse", o.credentials().profile());
        assertEquals(Path.of("/etc/pki/tls/certs/ca-bundle.crt"), o.caFile());
    }

    @Test
    void defaults() throws ConfigException {
        S3Options o = options("{type: s3, endpoint: \"http://127.0.0.1:9000\", bucket: data}");
        assertEquals("us-east-1", o.region());
        assertEquals("", o.prefix());
        assertTrue(o.pathStyle(), "path-style by default with a custom endpoint");
        assertEquals("default", o.credentials().source());
        assertEquals(16L << 20, o.partSize());
        assertNull(o.caFile());
        assertFalse(options("{type: s3, bucket: data}").pathStyle(), "virtual-host style on AWS");
        assertEquals("env", options("{type: s3, bucket: data, credentials: {type: env, access-key-variable: K,"
                + " secret-key-variable: S}}").credentials().source());
    }

    @Test
    void errorsNameTheKey() {
        assertEquals("storage-areas[0].backend.bucket: is required for an s3 backend, e.g. bucket: rucio-data",
                ConfigTestSupport.errorOf(area("{type: s3}")));
        assertEquals("storage-areas[0].backend.buckt: unknown key; allowed keys here: type, endpoint, region, bucket,"
                        + " prefix, path-style, credentials, part-size, parts-in-flight, tls, max-attempts, storage-classes",
                ConfigTestSupport.errorOf(area("{type: s3, buckt: data}")));
        assertEquals("storage-areas[0].backend.endpoint: 'ftp://x' must be an http:// or https:// URL with a host,"
                + " e.g. endpoint: https://s3.example.org", ConfigTestSupport.errorOf(area("{type: s3, bucket: data, endpoint: 'ftp://x'}")));
        assertEquals("storage-areas[0].backend.part-size: must be between 5 MiB (the S3 minimum) and 1 GiB (parts are"
                + " buffered in memory)",
                ConfigTestSupport.errorOf(area("{type: s3, bucket: data, part-size: 1MiB}")));
        assertTrue(ConfigTestSupport.errorOf(area("{type: s3, bucket: data, part-size: lots}"))
                .startsWith("storage-areas[0].backend.part-size: 'lots' is not a size"));
        assertEquals("storage-areas[0].backend.credentials.type: 'inline' is not a credentials source; use one of:"
                + " default, env, file", ConfigTestSupport.errorOf(area("{type: s3, bucket: data, credentials: {type: inline}}")));
        assertEquals("storage-areas[0].backend.credentials.path: is required for type file (an AWS shared-credentials file)",
                ConfigTestSupport.errorOf(area("{type: s3, bucket: data, credentials: {type: file}}")));
        assertEquals("storage-areas[0].backend.root: is not used by an s3 backend; use bucket and prefix",
                ConfigTestSupport.errorOf(area("{type: s3, bucket: data, root: /srv}")));
        assertEquals("storage-areas[0].backend.bucket: 'Data_Bucket' is not a valid bucket name (3-63 lower-case"
                + " letters, digits, '.', '-')", ConfigTestSupport.errorOf(area("{type: s3, bucket: Data_Bucket}")));
        assertEquals("storage-areas[0].backend.prefix: 'a//b' has an empty or dot segment; use something like"
                + " prefix: rucio/area1/", ConfigTestSupport.errorOf(area("{type: s3, bucket: data, prefix: a//b}")));
    }

    @Test
    void secretsAreNeverAcceptedInTheFileSoNeverPrinted() throws ConfigException {
        String e = ConfigTestSupport.errorOf(area("{type: s3, bucket: data, secret-key: hunter2}"));
        assertTrue(e.startsWith("storage-areas[0].backend.secret-key: keys are not accepted in the configuration file"), e);
        assertFalse(e.contains("hunter2"));
        GatewayConfig c = ConfigTestSupport.parse(area("{type: s3, bucket: data, credentials: {type: file, path: /etc/s3.cred}}"));
        String yaml = c.toYaml();
        assertTrue(yaml.contains("bucket: data"), yaml);
        assertTrue(yaml.contains("/etc/s3.cred"), yaml);
        assertEquals("credentials file /etc/s3.cred (profile default)",
                c.areas().getFirst().backend().s3Options().credentials().toString());
    }
}
