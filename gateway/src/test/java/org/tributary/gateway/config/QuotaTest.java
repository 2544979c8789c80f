package org.tributary.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quotas in plain bytes or with binary and decimal units. */
class QuotaTest {

    private static Long quotaOf(String value) throws ConfigException {
        return ConfigTestSupport.parse(ConfigTestSupport.AREA + "    quota: " + value + "\n").areas().getFirst()
                .quotaBytes();
    }

    @ParameterizedTest
    @CsvSource({
            "1099511627776, 1099511627776",
            "512B, 512",
            "10TiB, 10995116277760",
            "10 TiB, 10995116277760",
            "1.5KiB, 1536",
            "3GB, 3000000000",
            "2kb, 2000",
            "1PiB, 1125899906842624",
            "7PB, 7000000000000000"})
    void unitsAreUnderstood(String text, long bytes) throws Exception {
        assertEquals(bytes, quotaOf(text));
    }

    @Test
    void aBadUnitNamesTheUnitsThatExist() {
        assertEquals("storage-areas[0].quota: '10TB2' is not a size; use a whole number of bytes or a number with one"
                        + " of the units B, KiB, MiB, GiB, TiB, PiB, KB, MB, GB, TB, PB (e.g. 10TiB)",
                ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "    quota: 10TB2\n"));
        assertEquals("storage-areas[0].quota: '10 tebibytes' has an unknown unit 'tebibytes'; use a whole number of"
                        + " bytes or a number with one of the units B, KiB, MiB, GiB, TiB, PiB, KB, MB, GB, TB, PB"
                        + " (e.g. 10TiB)",
                ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "    quota: 10 tebibytes\n"));
    }

    @Test
    void bitsAreNotBytes() {
        assertEquals("storage-areas[0].quota: '100b' looks like bits; write B for bytes",
                ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "    quota: 100b\n"));
    }

    @Test
    void zeroNegativeAndHugeAreRefused() {
        assertEquals("storage-areas[0].quota: 0 is not allowed; use a size above zero, or omit quota",
                ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "    quota: 0\n"));
        assertEquals("storage-areas[0].quota: -5 is not allowed; use a size above zero, or omit quota",
                ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "    quota: -5\n"));
        assertEquals("storage-areas[0].quota: '100000PiB' is too large",
                ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "    quota: 100000PiB\n"));
    }

    @Test
    void formatPicksTheLargestExactBinaryUnit() {
        assertEquals("10TiB", ByteSize.format(10L << 40));
        assertEquals("1536", ByteSize.format(1536));
        assertEquals("3KiB", ByteSize.format(3072));
        assertEquals("1000", ByteSize.format(1000));
        assertEquals("0", ByteSize.format(0));
        for (long n : new long[] {1, 1023, 1024, 3_000_000_000L, 10L << 40, Long.MAX_VALUE}) {
            assertEquals(n, ByteSize.parse(ByteSize.format(n)));
        }
        assertThrows(IllegalArgumentException.class, () -> ByteSize.format(-1));
        assertEquals("1.5 TiB", ByteSize.describe(3L << 39));
    }

    @Test
    void quotaRescanIsADurationFromOneSecondToAWeekAndNeedsAQuota() throws Exception {
        String area = ConfigTestSupport.AREA + "    quota: 1TiB\n";
        assertEquals(java.time.Duration.ofMinutes(10), ConfigTestSupport.parse(area).areas().getFirst().quotaRescan());
        assertEquals(java.time.Duration.ofSeconds(30),
                ConfigTestSupport.parse(area + "    quota-rescan: 30s\n").areas().getFirst().quotaRescan());
        assertEquals("storage-areas[0].quota-rescan: 500ms is not allowed; use 1s..168h",
                ConfigTestSupport.errorOf(area + "    quota-rescan: 500ms\n"));
        assertEquals("storage-areas[0].quota-rescan: 200h is not allowed; use 1s..168h",
                ConfigTestSupport.errorOf(area + "    quota-rescan: 200h\n"));
        assertEquals("storage-areas[0].quota-rescan: has no effect without quota; set quota or remove quota-rescan",
                ConfigTestSupport.errorOf(ConfigTestSupport.AREA + "    quota-rescan: 5m\n"));
    }
}
