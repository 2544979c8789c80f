package org.tributary.backend.staging;

/**
 * The {@code ArchiveMetadata} header of a PUT or COPY (base64 JSON, formerly {@code TransferMetadata}; dCache 12 hands it
 * to its tape layer) travels with the file as one attribute: the gateway checks that it is JSON and stores the decoded
 * text under {@link #ATTRIBUTE} at commit, and a tape backend reads it when it migrates the file (a collocation hint in it
 * keeps files together on the same cartridges). Disk backends simply keep it.
 */
public final class ArchiveMetadata {

    /** The attribute key; outside the {@code dav:} space of dead properties, so PROPPATCH can neither see nor set it. */
    public static final String ATTRIBUTE = "tributary.archive-metadata";

    /** The request header. */
    public static final String HEADER = "ArchiveMetadata";

    private ArchiveMetadata() { }
}
