package org.tributary.gateway.config;

import org.junit.jupiter.api.Test;
import org.tributary.backend.AreaPath;
import org.tributary.backend.placement.Placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code qos} key of an area: a label, or a section of QoS classes with access points and directories. */
class QosConfigTest {

    private static String area(String qos) {
        return ConfigTestSupport.AREA + "    qos:\n" + qos;
    }

    @Test
    void aLabelIsStillALabel() throws Exception {
        StorageAreaConfig a = ConfigTestSupport.parse(ConfigTestSupport.AREA + "    qos: tape\n").areas().getFirst();
        assertEquals("tape", a.qos());
        assertFalse(a.qosClasses().hasClasses());
    }

    @Test
    void classesGetDirectoriesFromNestedAccessPointsOrTheirNames() throws Exception {
        StorageAreaConfig a = ConfigTestSupport.parse(area("""
                      classes:
                        - {name: FAST, placement: disk, access-point: /data/fast}
                        - {name: SAFE, placement: disk+tape, access-point: /safe-data/}
                        - {name: CHEAP-ANALYSIS, placement: tape, access-point: /data/cheap, directory: /c}
                      default-class: SAFE
                """)).areas().getFirst();
        QosConfig q = a.qosClasses();
        assertEquals(3, q.classes().size());
        assertEquals(AreaPath.parse("/fast"), q.byName("FAST").orElseThrow().directory());
        assertEquals(AreaPath.parse("/SAFE"), q.byName("SAFE").orElseThrow().directory());
        assertEquals("/safe-data", q.byName("SAFE").orElseThrow().accessPoint());
        assertEquals(AreaPath.parse("/c"), q.byName("CHEAP-ANALYSIS").orElseThrow().directory());
        assertEquals(Placement.TAPE, q.byName("CHEAP-ANALYSIS").orElseThrow().placement());
        assertEquals("SAFE", q.defaultClass());
        assertEquals("SAFE", a.qos(), "the area's label is its default class");
        assertEquals("data.cheap-analysis", a.className(q.byName("CHEAP-ANALYSIS").orElseThrow()));
    }

    @Test
    void theFirstClassIsTheDefault() throws Exception {
        StorageAreaConfig a = ConfigTestSupport.parse(area("""
                      classes: [{name: HOT, placement: disk, access-point: /data/hot}]
                """)).areas().getFirst();
        assertEquals("HOT", a.qosClasses().defaultClass());
        assertTrue(a.qosClasses().hasClasses());
    }

    @Test
    void mistakesAreNamedWithTheirKeys() {
        assertEquals("storage-areas[0].qos.classes[0].placement: 'ssd' is not allowed; use disk, disk+tape or tape",
                ConfigTestSupport.errorOf(area("      classes: [{name: A, placement: ssd, access-point: /a}]\n")));
        assertEquals("storage-areas[0].qos.classes[0].access-point: is required: the URL prefix Rucio registers as"
                        + " this class's RSE, e.g. access-point: /a",
                ConfigTestSupport.errorOf(area("      classes: [{name: A, placement: disk}]\n")));
        assertEquals("storage-areas[0].qos.classes[1].access-point: '/a/b' overlaps the access point '/a' of class A;"
                        + " use prefixes where neither contains the other",
                ConfigTestSupport.errorOf(area("      classes: [{name: A, placement: disk, access-point: /a},"
                        + " {name: B, placement: disk, access-point: /a/b}]\n")));
        assertEquals("storage-areas[0].qos.classes[1].name: 'fast' is already the name of classes[0]; class names"
                        + " must differ (ignoring case)",
                ConfigTestSupport.errorOf(area("      classes: [{name: FAST, placement: disk, access-point: /a},"
                        + " {name: fast, placement: disk, access-point: /b}]\n")));
        assertEquals("storage-areas[0].qos.default-class: 'COLD' is not one of the classes (A)",
                ConfigTestSupport.errorOf(area("      classes: [{name: A, placement: disk, access-point: /a}]\n"
                        + "      default-class: COLD\n")));
        assertEquals("storage-areas[0].qos.classes[1].directory: '/x/y' overlaps the directory '/x' of class A; each"
                        + " class keeps its files apart",
                ConfigTestSupport.errorOf(area("      classes: [{name: A, placement: disk, access-point: /a,"
                        + " directory: /x}, {name: B, placement: disk, access-point: /b, directory: /x/y}]\n")));
        assertEquals("storage-areas[0].qos.classes[0].access-point: '/data' is already the area's own access point;"
                        + " give the class a prefix of its own, e.g. /data/a",
                ConfigTestSupport.errorOf(area("      classes: [{name: A, placement: disk, access-point: /data}]\n")));
        assertEquals("storage-areas[0].qos.classes: at least one class is required, e.g. classes: [{name: FAST,"
                        + " placement: disk, access-point: /data/fast}] (or write qos: <label> for an area without"
                        + " classes)",
                ConfigTestSupport.errorOf(area("      classes: []\n")));
    }

    @Test
    void aClassMayNotTakeAnotherAreasPrefix() {
        String yaml = area("      classes: [{name: A, placement: disk, access-point: /other/a}]\n") + """
                  - name: other
                    access-points: [/other]
                    backend: {type: posix, root: /srv/other}
                """;
        assertEquals("storage-areas[0].qos.classes[0].access-point: '/other/a' overlaps access point '/other' of area"
                + " 'other' (storage-areas[1]); each URL prefix can serve one area", ConfigTestSupport.errorOf(yaml));
    }
}
