package com.bl1nk.gateway.people;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret of a single-use link (invitation, first user, password reset): 256 random bits, URL-safe. Only its
 * SHA-256 is stored, so a database dump holds no working link; the entropy makes a fast hash enough.
 */
public final class LinkTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private LinkTokens() {}

    /** A new token. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of {@code token}: lowercase hex SHA-256. */
    public static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code token} can be a token at all (cheap check before any lookup). */
    public static boolean wellFormed(String token) {
        return token != null && token.length() >= 32 && token.length() <= 128 && token.matches("[A-Za-z0-9_-]+");
    }
}
