package com.bl1nk.common.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One ES256 (P-256) key of a workload, read from PEM: the signing half (PKCS#8 {@code PRIVATE KEY} block followed by
 * its {@code PUBLIC KEY} block, as {@code openssl genpkey} plus {@code openssl pkey -pubout} write them) or a trusted
 * public half. Its key id is {@code <owner>.<thumbprint>}: the owner is the workload (gateway, task, rag, mcp, billing)
 * the key speaks for, the thumbprint (RFC 7638) ties the id to the key material, so a key can only ever sign as its
 * owner.
 */
public final class WorkloadKey {

    private static final Pattern PEM_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");
    private static final Pattern OWNER = Pattern.compile("[a-z][a-z0-9-]{0,30}");

    private final String owner;
    private final ECKey jwk;

    private WorkloadKey(String owner, ECKey jwk) {
        this.owner = owner;
        this.jwk = jwk;
    }

    /** The workload this key speaks for. */
    public String owner() {
        return owner;
    }

    /** {@code <owner>.<RFC 7638 thumbprint>}. */
    public String keyId() {
        return jwk.getKeyID();
    }

    /** The key as a JWK: with the private part only for a signing key. */
    public ECKey jwk() {
        return jwk;
    }

    public boolean canSign() {
        return jwk.isPrivate();
    }

    /** The public half only, e.g. to publish it. */
    public WorkloadKey publicHalf() {
        return new WorkloadKey(owner, jwk.toPublicJWK());
    }

    /** Whether {@code owner} is a usable workload name (lower case, digits and dashes). */
    public static boolean isOwnerName(String owner) {
        return owner != null && OWNER.matcher(owner).matches();
    }

    /** A fresh P-256 key pair for {@code owner} (tests and the key tool). */
    public static WorkloadKey generate(String owner) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return of(owner, (ECPublicKey) pair.getPublic(), (ECPrivateKey) pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK cannot generate P-256 keys", e);
        }
    }

    /**
     * Reads a PEM file: with a {@code PRIVATE KEY} block it is a signing key (its {@code PUBLIC KEY} block must follow),
     * without one a trusted public key.
     */
    public static WorkloadKey read(String owner, Path file) {
        try {
            return parse(owner, Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses PEM text; see {@link #read(String, Path)}. */
    public static WorkloadKey parse(String owner, String pem) {
        if (!isOwnerName(owner)) {
            throw new IllegalArgumentException(
                    "'" + owner + "' is not a workload name (lower case letters, digits, -)");
        }
        byte[] privateDer = null;
        byte[] publicDer = null;
        Matcher blocks = PEM_BLOCK.matcher(pem);
        while (blocks.find()) {
            byte[] der = Base64.getMimeDecoder().decode(blocks.group(2));
            switch (blocks.group(1)) {
                case "PRIVATE KEY" -> privateDer = der;
                case "PUBLIC KEY" -> publicDer = der;
                default ->
                    throw new IllegalArgumentException("unsupported PEM block '" + blocks.group(1)
                            + "': expected PKCS#8 PRIVATE KEY and PUBLIC KEY (openssl genpkey -algorithm EC"
                            + " -pkeyopt ec_paramgen_curve:P-256)");
            }
        }
        if (publicDer == null) {
            throw new IllegalArgumentException("no PUBLIC KEY block (append one with `openssl pkey -pubout`)");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            ECPublicKey publicKey = (ECPublicKey) factory.generatePublic(new X509EncodedKeySpec(publicDer));
            ECPrivateKey privateKey = privateDer == null
                    ? null
                    : (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer));
            WorkloadKey key = of(owner, publicKey, privateKey);
            if (privateKey != null) {
                key.requireMatchingHalves();
            }
            return key;
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not an EC P-256 key: " + e.getMessage(), e);
        }
    }

    /** The key as PEM: the private block (when there is one) followed by the public block. */
    public String toPem() {
        StringBuilder pem = new StringBuilder();
        try {
            if (jwk.isPrivate()) {
                block(pem, "PRIVATE KEY", jwk.toECPrivateKey().getEncoded());
            }
            block(pem, "PUBLIC KEY", jwk.toECPublicKey().getEncoded());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return pem.toString();
    }

    private static void block(StringBuilder pem, String type, byte[] der) {
        pem.append("-----BEGIN ").append(type).append("-----\n");
        pem.append(Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der));
        pem.append("\n-----END ").append(type).append("-----\n");
    }

    private static WorkloadKey of(String owner, ECPublicKey publicKey, ECPrivateKey privateKey) {
        if (!isOwnerName(owner)) {
            throw new IllegalArgumentException(
                    "'" + owner + "' is not a workload name (lower case letters, digits, -)");
        }
        if (!Curve.P_256.equals(Curve.forECParameterSpec(publicKey.getParams()))) {
            throw new IllegalArgumentException("the key is not on curve P-256 (ES256)");
        }
        try {
            ECKey.Builder builder = new ECKey.Builder(Curve.P_256, publicKey);
            if (privateKey != null) {
                builder.privateKey(privateKey);
            }
            ECKey unnamed = builder.build();
            String thumbprint = unnamed.computeThumbprint().toString();
            ECKey named = new ECKey.Builder(unnamed)
                    .keyID(owner + "." + thumbprint.substring(0, 16).toLowerCase(Locale.ROOT))
                    .build();
            return new WorkloadKey(owner, named);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot compute the key thumbprint: " + e.getMessage(), e);
        }
    }

    private void requireMatchingHalves() {
        try {
            ECDSASigner signer = new ECDSASigner(jwk);
            ECDSAVerifier verifier = new ECDSAVerifier(jwk);
            JWSHeader header = new JWSHeader(JWSAlgorithm.ES256);
            byte[] probe = "bl1nk key pair check".getBytes(StandardCharsets.US_ASCII);
            Base64URL signature = signer.sign(header, probe);
            if (!verifier.verify(header, probe, signature)) {
                throw new IllegalArgumentException("the PRIVATE KEY and PUBLIC KEY blocks are not one key pair");
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable key pair: " + e.getMessage(), e);
        }
    }

    /** Owner of a trusted key file: the file name up to its first dot ({@code task.pem}, {@code task.2026-12.pem}). */
    static String ownerOfFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
