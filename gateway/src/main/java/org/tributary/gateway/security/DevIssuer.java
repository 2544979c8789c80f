package org.tributary.gateway.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;

/**
 * A local development issuer (config {@code dev: true}): an RSA and an EC key kept in {@code <jwks-file>.private}
 * (mode 600), their public halves in the issuer's {@code jwks-file}, which the gateway reads as a pinned key set.
 * {@code tributary dev-token} mints tokens with it. The configuration only allows it on a loopback-only server.
 */
public final class DevIssuer {

    private final JWKSet privateKeys;

    private DevIssuer(JWKSet privateKeys) {
        this.privateKeys = privateKeys;
    }

    /** Loads the keys next to {@code jwksFile}, creating both files on first use. */
    public static synchronized DevIssuer openOrCreate(Path jwksFile) throws IOException {
        Path priv = privateFile(jwksFile);
        try {
            if (Files.exists(priv)) {
                JWKSet set = JWKSet.parse(Files.readString(priv, StandardCharsets.UTF_8));
                if (!Files.exists(jwksFile)) write(jwksFile, set.toPublicJWKSet().toString(), false);
                return new DevIssuer(set);
            }
            String id = UUID.randomUUID().toString().substring(0, 8);
            JWKSet set = new JWKSet(List.of(
                    new RSAKeyGenerator(2048).keyID("dev-rsa-" + id).generate(),
                    new ECKeyGenerator(Curve.P_256).keyID("dev-ec-" + id).generate()));
            if (jwksFile.toAbsolutePath().getParent() != null) Files.createDirectories(jwksFile.toAbsolutePath().getParent());
            write(priv, set.toString(false), true);
            write(jwksFile, set.toPublicJWKSet().toString(), false);
            return new DevIssuer(set);
        } catch (ParseException e) {
            throw new IOException(priv + ": not a JWK set: " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new IOException("cannot generate dev issuer keys: " + e.getMessage(), e);
        }
    }

    public static Path privateFile(Path jwksFile) {
        return jwksFile.resolveSibling(jwksFile.getFileName() + ".private");
    }

    /** The RSA key (RS256) or the EC key (ES256). */
    public JWK key(boolean ec) {
        for (JWK k : privateKeys.getKeys()) if (ec == (k instanceof com.nimbusds.jose.jwk.ECKey)) return k;
        throw new IllegalStateException("dev issuer has no " + (ec ? "EC" : "RSA") + " key");
    }

    private static void write(Path file, String text, boolean secret) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        if (secret) {
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: nothing better to do
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
