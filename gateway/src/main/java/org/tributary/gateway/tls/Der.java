package org.tributary.gateway.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough DER (X.690) to rewrap OpenSSL's legacy key files into PKCS#8, which is all the JDK's KeyFactory
 * reads: TLV encoding of the few types involved, and a reader that splits a SEQUENCE into its elements. Anything
 * fancier (BER, indefinite lengths) is refused; key files are DER inside the base64.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** [0] constructed, as in SEC1's {@code parameters [0] ECParameters}. */
    static final int CONTEXT_0 = 0xa0;

    /** OBJECT IDENTIFIER 1.2.840.113549.1.1.1 (rsaEncryption), content octets. */
    static final byte[] OID_RSA = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    /** OBJECT IDENTIFIER 1.2.840.10045.2.1 (id-ecPublicKey), content octets. */
    static final byte[] OID_EC_PUBLIC_KEY = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Der() {}

    /** One decoded element: its tag, its content octets and the full encoding. */
    record Element(int tag, byte[] content, byte[] encoded) {}

    // ---- writing

    static byte[] tlv(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) content.writeBytes(p);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        writeLength(out, content.size());
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... elements) { return tlv(SEQUENCE, elements); }

    static byte[] smallInteger(int value) {
        if (value < 0 || value > 127) throw new IllegalArgumentException("only 0..127 needed here");
        return tlv(INTEGER, new byte[] {(byte) value});
    }

    static byte[] oid(byte[] contentOctets) { return tlv(OID, contentOctets); }

    static byte[] nullValue() { return tlv(NULL); }

    static byte[] octetString(byte[] content) { return tlv(OCTET_STRING, content); }

    // Short form below 128, else 0x80|n followed by n big-endian length bytes.
    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) out.write(length >>> (8 * i));
    }

    // ---- reading

    /** Splits the content of the SEQUENCE that makes up all of {@code der} into its elements. */
    static List<Element> sequenceElements(byte[] der) throws IOException {
        Element outer = read(der, 0);
        if (outer.tag() != SEQUENCE || outer.encoded().length != der.length) {
            throw new IOException("not a DER SEQUENCE");
        }
        List<Element> out = new ArrayList<>();
        byte[] c = outer.content();
        int pos = 0;
        while (pos < c.length) {
            Element e = read(c, pos);
            out.add(e);
            pos += e.encoded().length;
        }
        return out;
    }

    static Element read(byte[] buf, int pos) throws IOException {
        if (pos + 2 > buf.length) throw new IOException("truncated DER");
        int tag = buf[pos] & 0xff;
        if ((tag & 0x1f) == 0x1f) throw new IOException("multi-byte DER tags are not supported");
        int first = buf[pos + 1] & 0xff;
        int header = 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int n = first & 0x7f;
            if (n == 0 || n > 4) throw new IOException("unsupported DER length encoding");
            if (pos + 2 + n > buf.length) throw new IOException("truncated DER");
            length = 0;
            for (int i = 0; i < n; i++) length = (length << 8) | (buf[pos + 2 + i] & 0xff);
            header += n;
        }
        if (pos + header + length > buf.length) throw new IOException("truncated DER");
        int len = (int) length;
        byte[] content = new byte[len];
        System.arraycopy(buf, pos + header, content, 0, len);
        byte[] encoded = new byte[header + len];
        System.arraycopy(buf, pos, encoded, 0, header + len);
        return new Element(tag, content, encoded);
    }
}
