package org.tributary.gateway.dav;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.tributary.backend.staging.ArchiveMetadata;
import org.tributary.gateway.http.HttpError;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;

/**
 * The {@code ArchiveMetadata} request header of a PUT or a third-party pull (base64 of a JSON object; FTS and gfal2
 * send it to tape endpoints, dCache 12 hands it to its tape layer): checked before any byte of the body is read, and
 * stored with the file as the decoded JSON text under {@link ArchiveMetadata#ATTRIBUTE}, where a tape backend reads
 * its collocation hint (docs/tape.md). Disk backends simply keep it. A header that is not base64 JSON is a 400 with
 * the reason: silently dropping it would put the file on the wrong cartridges.
 */
public final class ArchiveMetadataHeader {

    private ArchiveMetadataHeader() { }

    /** The attributes to commit with the file: the decoded JSON, or none when the header is absent. */
    public static Map<String, String> attributes(String header) {
        if (header == null) return Map.of();
        String json;
        try {
            json = new String(Base64.getDecoder().decode(header.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(ArchiveMetadata.HEADER + " must be base64 of a JSON object: " + e.getMessage());
        }
        try {
            JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw HttpError.badRequest(ArchiveMetadata.HEADER + " must be base64 of a JSON object; the decoded text is"
                    + " not one (" + e.getMessage() + ")");
        }
        return Map.of(ArchiveMetadata.ATTRIBUTE, json);
    }
}
