package org.tributary.backend.checksum;

import java.nio.ByteBuffer;

/** A checksum fed while bytes stream past, never by re-reading. */
public interface StreamingDigest {

    /** Consumes the remaining bytes of {@code buffer} (its position moves to its limit). */
    void update(ByteBuffer buffer);

    /** The value in the algorithm's canonical wire form. */
    String finish();
}
