package org.tributary.backend;

/**
 * Where the bytes of a file are, in the vocabulary of the WLCG Tape REST API (archiveinfo). Disk and object stores
 * answer {@link #DISK}; the tape simulator answers the others, and a read of a file that is not on disk fails with
 * {@link StorageException.Kind#OFFLINE} until it is staged.
 */
public enum Locality {
    DISK, TAPE, DISK_AND_TAPE, LOST, NONE, UNAVAILABLE;

    public boolean online() { return this == DISK || this == DISK_AND_TAPE; }
}
