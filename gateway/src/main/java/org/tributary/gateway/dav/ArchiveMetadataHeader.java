package org.tributary.gateway.dav;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.tributary.backend.staging.ArchiveMetadata;
import org.tributary.gateway.http.HttpError;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;

/**
 * The {@code ArchiveMetadata} header of a PUT or COPY (SPECS §1.1, §2.5a: base64 of a JSON object; FTS passes what Rucio
 * says about the file's archival, and dCache 12 hands it to its tape layer). Checked here, before any byte of the body
 * is read, and stored with the file as one attribute ({@link ArchiveMetadata#ATTRIBUTE}, the decoded JSON text), so a
 * tape backend can read it when it migrates the file. Its older name {@code TransferMetadata} is read too.
 */
public final class ArchiveMetadataHeader {

    /**
     * Far above what FTS sends (a few hundred bytes), and what an ext4 xattr holds beside the checksums (one 4 KiB
     * block for all of a file's attributes). A longer header rarely arrives anyway: Jetty refuses request heads over
     * 8 KiB with 431.
     */
    static final int MAX_DECODED_BYTES = 2 * 1024;

    private ArchiveMetadataHeader() { }

    /** The attributes to commit with the file: none without the header, else the decoded JSON. 400 when it is not. */
    public static Map<String, String> attributes(DavExchange ex) {
        String name = ArchiveMetadata.HEADER;
        String value = ex.header(name);
        if (value == null) {
            name = "TransferMetadata";
            value = ex.header(name);
        }
        if (value == null) return Map.of();
        return Map.of(ArchiveMetadata.ATTRIBUTE, decode(name, value.strip()));
    }

    static String decode(String name, String value) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            try {
                raw = Base64.getUrlDecoder().decode(value);
            } catch (IllegalArgumentException e2) {
                throw HttpError.badRequest(name + " must be base64 (RFC 4648) of a JSON object; it is not base64");
            }
        }
        if (raw.length > MAX_DECODED_BYTES) {
            throw HttpError.badRequest(name + " is " + raw.length + " bytes decoded; at most " + MAX_DECODED_BYTES + " are kept");
        }
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest(name + " must be base64 of a JSON object; the decoded bytes are not UTF-8");
        }
        try {
            JSONObjectUtils.parse(json);
        } catch (ParseException e) {
            throw HttpError.badRequest(name + " must be base64 of a JSON object; the decoded text is not one");
        }
        return json;
    }
}
