package com.bl1nk.gateway.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API key a client presents, {@code bl1nk_<prefix>_<secret>}: the prefix finds the stored row, the secret proves
 * possession. Only {@link #secretHash()} is ever stored.
 *
 * <p>Why plain SHA-256 and not a password hash or an HMAC: the secret is 256 random bits generated here, so neither
 * guessing nor a leaked hash table makes brute force feasible; a slow KDF would only add latency to every request,
 * and an HMAC pepper would add a second secret to rotate without adding strength at this entropy.
 *
 * @param prefix lowercase letters and digits, the public lookup handle
 * @param secret base62, the private part
 */
public record ApiKeyToken(String prefix, String secret) {

    /** Every bl1nk API key starts with this. */
    public static final String SCHEME = "bl1nk_";

    static final int PREFIX_LENGTH = 12;
    static final int SECRET_LENGTH = 43;

    private static final Pattern FORMAT = Pattern.compile("^bl1nk_([a-z0-9]{8,32})_([A-Za-z0-9]{20,128})$");
    private static final String PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Parses a presented key; empty when it does not have the bl1nk shape. */
    public static Optional<ApiKeyToken> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(value);
        return m.matches() ? Optional.of(new ApiKeyToken(m.group(1), m.group(2))) : Optional.empty();
    }

    /** A fresh key: 12-character prefix, 43-character base62 secret (about 256 bits). */
    public static ApiKeyToken generate() {
        return new ApiKeyToken(random(PREFIX_ALPHABET, PREFIX_LENGTH), random(SECRET_ALPHABET, SECRET_LENGTH));
    }

    /** Lowercase hex SHA-256 of the secret, as stored in {@code api_keys.secret_hash}. */
    public String secretHash() {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Compares the secret with a stored hash in constant time (no early exit on the first differing byte). */
    public boolean matches(String storedHashHex) {
        if (storedHashHex == null || storedHashHex.length() != 64) {
            return false;
        }
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedHashHex);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sha256(secret), stored);
    }

    /** The full key as shown to the user once. */
    public String value() {
        return SCHEME + prefix + "_" + secret;
    }

    /** Never prints the secret (logs, exceptions). */
    @Override
    public String toString() {
        return SCHEME + prefix + "_…";
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    private static String random(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
