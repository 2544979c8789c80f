package org.tributary.gateway.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code -----BEGIN X-----} ... {@code -----END X-----} block of a PEM file (RFC 7468), with the RFC 1421
 * headers OpenSSL still writes for legacy encrypted keys ("Proc-Type: 4,ENCRYPTED"). Text outside blocks is
 * ignored: grid certificate files often start with the human-readable dump of {@code openssl x509 -text}.
 */
record PemBlock(String label, Map<String, String> headers, byte[] der) {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    PemBlock {
        headers = Map.copyOf(headers);
    }

    /** Every block of a file, in order. */
    static List<PemBlock> read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.ISO_8859_1), file.toString());
    }

    static List<PemBlock> parse(String text, String source) throws IOException {
        List<PemBlock> blocks = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith(BEGIN) || !line.endsWith(DASHES)) continue;
            String label = line.substring(BEGIN.length(), line.length() - DASHES.length());
            Map<String, String> headers = new LinkedHashMap<>();
            StringBuilder base64 = new StringBuilder();
            int begin = i;
            boolean ended = false;
            for (i++; i < lines.length; i++) {
                String l = lines[i].strip();
                if (l.equals(END + label + DASHES)) {
                    ended = true;
                    break;
                }
                int colon = l.indexOf(':');
                if (colon > 0 && base64.isEmpty()) {
                    headers.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
                } else {
                    base64.append(l);
                }
            }
            if (!ended) {
                throw new IOException(source + ": '" + line + "' at line " + (begin + 1) + " has no matching END line");
            }
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(base64.toString());
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": the " + label + " block at line " + (begin + 1)
                        + " is not valid base64", e);
            }
            blocks.add(new PemBlock(label, headers, der));
        }
        return blocks;
    }

    boolean isEncryptedLegacy() {
        String procType = headers.get("Proc-Type");
        return procType != null && procType.toUpperCase(java.util.Locale.ROOT).contains("ENCRYPTED");
    }
}
