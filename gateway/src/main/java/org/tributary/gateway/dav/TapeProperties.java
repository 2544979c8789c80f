package org.tributary.gateway.dav;

import org.tributary.backend.EntryInfo;
import org.tributary.backend.Locality;
import org.tributary.backend.staging.Staging;

import javax.xml.namespace.QName;
import java.util.List;

/**
 * Where a file's bytes are, in the form dCache's WebDAV door gives it and the clients written against dCache read
 * (docs/tape.md): PROPFIND properties in SRM's namespace, {@code FileLocality} (ONLINE, NEARLINE,
 * ONLINE_AND_NEARLINE, LOST, NONE, UNAVAILABLE), {@code AccessLatency} and {@code RetentionPolicy}, and the same
 * {@code FileLocality} value as a response header of HEAD and GET. Only areas with staging (tape) show them unasked;
 * a PROPFIND that names them gets them in any area (a disk file is ONLINE).
 */
final class TapeProperties {

    static final String SRM = "http://srm.lbl.gov/StorageResourceManager";
    static final QName FILE_LOCALITY = new QName(SRM, "FileLocality");
    static final QName ACCESS_LATENCY = new QName(SRM, "AccessLatency");
    static final QName RETENTION_POLICY = new QName(SRM, "RetentionPolicy");
    static final List<QName> ALL = List.of(FILE_LOCALITY, ACCESS_LATENCY, RETENTION_POLICY);

    /** The response header of HEAD and GET in a tape area: the FileLocality value. */
    static final String HEADER = "FileLocality";

    private TapeProperties() { }

    /** Whether the request's area keeps files on tape (its stack offers staging). */
    static boolean nearlineArea(DavExchange ex) {
        return ex.backend().feature(Staging.class).isPresent();
    }

    static boolean isOne(QName q) { return SRM.equals(q.getNamespaceURI()) && ALL.contains(q); }

    /** The property's value for a file; null for a collection (the properties are about files). */
    static String value(QName q, EntryInfo e, boolean nearlineArea) {
        if (!e.isFile()) return null;
        if (q.equals(FILE_LOCALITY)) return srmLocality(e.locality());
        if (q.equals(ACCESS_LATENCY)) return nearlineArea ? "NEARLINE" : "ONLINE";
        if (q.equals(RETENTION_POLICY)) return nearlineArea ? "CUSTODIAL" : "REPLICA";
        return null;
    }

    /** SRM's TFileLocality for a locality (the Tape REST API's names are archiveinfo's, not these). */
    static String srmLocality(Locality l) {
        return switch (l) {
            case DISK -> "ONLINE";
            case TAPE -> "NEARLINE";
            case DISK_AND_TAPE -> "ONLINE_AND_NEARLINE";
            case LOST -> "LOST";
            case NONE -> "NONE";
            case UNAVAILABLE -> "UNAVAILABLE";
        };
    }
}
