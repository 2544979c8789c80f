package org.tributary.gateway.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tributary describe} (issue 13 item 7) for a two-class site: checked line by line (docs/qos.md and the README
 * show this output).
 */
class DescribeCommandTest {

    @TempDir
    Path dir;

    Path twoClassSite() throws Exception {
        Files.writeString(dir.resolve("host.pem"), "");
        Files.writeString(dir.resolve("key.pem"), "");
        Path c = dir.resolve("site.yaml");
        Files.writeString(c, """
                site: {name: EXAMPLE-SITE}
                server:
                  http: {port: 8080}
                  https: {port: 8443, certificate: "%s", key: "%s"}
                storage-areas:
                  - name: km3net
                    access-points: [/km3net]
                    backend: {type: posix, root: /srv/km3net}
                    anonymous: none
                    quota: 10TiB
                    qos:
                      classes:
                        - {name: FAST, placement: disk, access-point: /km3net/fast}
                        - {name: SAFE, placement: disk+tape, access-point: /km3net/safe}
                      default-class: FAST
                """.formatted(dir.resolve("host.pem"), dir.resolve("key.pem")));
        return c;
    }

    static final String DOMAINS_1 = "'{\"lan\":{\"read\":1,\"write\":1,\"delete\":1},\"wan\":{\"read\":1,\"write\":1,"
            + "\"delete\":1,\"third_party_copy_read\":1,\"third_party_copy_write\":1}}'";
    static final String DOMAINS_2 = DOMAINS_1.replace('1', '2');

    @Test
    void theRucioCommandsAndTheCricJsonOfATwoClassSite() throws Exception {
        TokenCommandsTest.Run r = TokenCommandsTest.run("describe", "--config", twoClassSite().toString(),
                "--host", "se.example.org");
        assertEquals(0, r.status(), r.err());
        List<String> expected = List.of(
                "# Tributary site EXAMPLE-SITE on se.example.org: 2 RSEs. Run as a Rucio admin.",
                "",
                "# storage area km3net, QoS class FAST (disk)",
                "rucio-admin rse add EXAMPLE-SITE_KM3NET_FAST",
                "rucio-admin rse add-protocol --hostname se.example.org --scheme davs --prefix /km3net/fast --port 8443"
                        + " --impl rucio.rse.protocols.gfal.Default --domain-json " + DOMAINS_1
                        + " EXAMPLE-SITE_KM3NET_FAST",
                "rucio-admin rse add-protocol --hostname se.example.org --scheme http --prefix /km3net/fast --port 8080"
                        + " --impl rucio.rse.protocols.gfal.Default --domain-json " + DOMAINS_2
                        + " EXAMPLE-SITE_KM3NET_FAST",
                "rucio-admin rse set-attribute --rse EXAMPLE-SITE_KM3NET_FAST --key QOS --value FAST",
                "rucio-admin rse set-attribute --rse EXAMPLE-SITE_KM3NET_FAST --key oidc_support --value True",
                "rucio-admin rse set-attribute --rse EXAMPLE-SITE_KM3NET_FAST --key oidc_base_path --value /km3net/fast",
                "rucio-admin rse set-limit EXAMPLE-SITE_KM3NET_FAST MinFreeSpace 1099511627776",
                "",
                "# storage area km3net, QoS class SAFE (disk+tape)",
                "rucio-admin rse add EXAMPLE-SITE_KM3NET_SAFE",
                "rucio-admin rse add-protocol --hostname se.example.org --scheme davs --prefix /km3net/safe --port 8443"
                        + " --impl rucio.rse.protocols.gfal.Default --domain-json " + DOMAINS_1
                        + " EXAMPLE-SITE_KM3NET_SAFE",
                "rucio-admin rse add-protocol --hostname se.example.org --scheme http --prefix /km3net/safe --port 8080"
                        + " --impl rucio.rse.protocols.gfal.Default --domain-json " + DOMAINS_2
                        + " EXAMPLE-SITE_KM3NET_SAFE",
                "rucio-admin rse set-attribute --rse EXAMPLE-SITE_KM3NET_SAFE --key QOS --value SAFE",
                "rucio-admin rse set-attribute --rse EXAMPLE-SITE_KM3NET_SAFE --key oidc_support --value True",
                "rucio-admin rse set-attribute --rse EXAMPLE-SITE_KM3NET_SAFE --key oidc_base_path --value /km3net/safe",
                "rucio-admin rse set-limit EXAMPLE-SITE_KM3NET_SAFE MinFreeSpace 1099511627776",
                "",
                "# CRIC-style description of the endpoint",
                "cat > example-site-cric.json <<'JSON'",
                "{",
                "  \"name\": \"EXAMPLE-SITE\",",
                "  \"id\": \"example-site-se\",",
                "  \"implementation\": \"tributary\",",
                "  \"srr_url\": \"https://se.example.org:8443/api/v1/srr\",",
                "  \"protocols\": [",
                "    {\"flavour\":\"WebDAV\",\"scheme\":\"davs\",\"endpoint\":\"davs://se.example.org:8443\",\"port\":8443},",
                "    {\"flavour\":\"WebDAV\",\"scheme\":\"http\",\"endpoint\":\"http://se.example.org:8080\",\"port\":8080}",
                "  ],",
                "  \"rses\": [",
                "    {\"rse\":\"EXAMPLE-SITE_KM3NET_FAST\",\"area\":\"km3net\",\"qos\":\"FAST\",\"placement\":\"disk\","
                        + "\"prefix\":\"/km3net/fast\"},",
                "    {\"rse\":\"EXAMPLE-SITE_KM3NET_SAFE\",\"area\":\"km3net\",\"qos\":\"SAFE\",\"placement\":\"disk+tape\","
                        + "\"prefix\":\"/km3net/safe\"}",
                "  ]",
                "}",
                "JSON");
        List<String> lines = r.out().lines().toList();
        for (int i = 0; i < Math.min(expected.size(), lines.size()); i++) {
            assertEquals(expected.get(i), lines.get(i), "line " + (i + 1));
        }
        assertEquals(expected.size(), lines.size(), r.out());
    }

    @Test
    void anAreaWithoutClassesIsOneRseNamedAfterTheSiteAndTheArea() {
        TokenCommandsTest.Run r = TokenCommandsTest.run("describe", "--host", "localhost");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("\nrucio-admin rse add TRIBUTARY_DATA\n"), r.out());
        assertTrue(r.out().contains("--key oidc_base_path --value /data\n"), r.out());
        assertTrue(!r.out().contains("--key QOS"), "no class, no QOS attribute");
        assertTrue(!r.out().contains("set-limit"), "no quota, no MinFreeSpace");
    }

    @Test
    void rseNamesKeepOnlyWhatRucioAllows() {
        assertEquals("EXAMPLE_RUN_2_CHEAP-ANALYSIS",
                SiteDescription.rseName("example", "run.2", "CHEAP-ANALYSIS"));
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        TokenCommandsTest.Run r = TokenCommandsTest.run("describe", "--hots", "x");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("hots"), r.err());
    }
}
