package com.bl1nk.gateway.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The API key a client presents, {@code bl1nk_<prefix>_<secret><checksum>}: the prefix finds the stored row, the secret
 * proves possession, and the checksum (CRC32 of everything before it, 6 base62 characters) lets the gateway and secret
 * scanners tell a real key from random text without any lookup. Only {@link #secretHash()} is ever stored.
 *
 * <p>Keys issued before the checksum existed ({@code bl1nk_<prefix>_<secret>} with a secret of any other length than a
 * checksummed one) still parse, with {@link #checksummed()} false; a key of the checksummed shape whose checksum is
 * wrong is refused by {@link #parse} before it reaches the cache or the database.
 *
 * <p>Why plain SHA-256 and not a password hash or an HMAC: the secret is 256 random bits generated here, so neither
 * guessing nor a leaked hash table makes brute force feasible; a slow KDF would only add latency to every request,
 * and an HMAC pepper would add a second secret to rotate without adding strength at this entropy.
 *
 * @param prefix lowercase letters and digits, the public lookup handle
 * @param secret base62, the private part
 */
public record ApiKeyToken(String prefix, String secret, boolean checksummed) {

    /** Every bl1nk API key starts with this. */
    public static final String SCHEME = "bl1nk_";

    static final int PREFIX_LENGTH = 12;
    static final int SECRET_LENGTH = 43;
    static final int CHECKSUM_LENGTH = 6;

    /**
     * What secret scanners look for: every key issued since the checksum was introduced matches it (documented in
     * gateway-service/README.md, "API keys").
     */
    public static final String SCANNER_REGEX = "\\bbl1nk_[a-z0-9]{12}_[A-Za-z0-9]{49}\\b";

    private static final Pattern FORMAT = Pattern.compile("^bl1nk_([a-z0-9]{8,32})_([A-Za-z0-9]{20,128})$");
    private static final String PREFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key of the shape before checksums (kept for keys issued then). */
    public ApiKeyToken(String prefix, String secret) {
        this(prefix, secret, false);
    }

    /** What a presented value is: a key (either shape), not a key at all, or a checksummed key with a wrong checksum. */
    public enum Shape {
        /** Parses as a bl1nk key. */
        VALID,
        /** Not a bl1nk key. */
        MALFORMED,
        /** The checksummed shape, but its checksum does not match: a typo or made-up key, refused without a lookup. */
        BAD_CHECKSUM
    }

    /** Parses a presented key; empty when it does not have the bl1nk shape or its checksum is wrong. */
    public static Optional<ApiKeyToken> parse(String value) {
        if (shape(value) != Shape.VALID) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(value);
        m.matches();
        String prefix = m.group(1);
        String tail = m.group(2);
        if (isChecksummedShape(prefix, tail)) {
            return Optional.of(new ApiKeyToken(prefix, tail.substring(0, SECRET_LENGTH), true));
        }
        return Optional.of(new ApiKeyToken(prefix, tail, false));
    }

    /** Classifies a presented value without any lookup. */
    public static Shape shape(String value) {
        if (value == null) {
            return Shape.MALFORMED;
        }
        Matcher m = FORMAT.matcher(value);
        if (!m.matches()) {
            return Shape.MALFORMED;
        }
        String prefix = m.group(1);
        String tail = m.group(2);
        if (!isChecksummedShape(prefix, tail)) {
            return Shape.VALID;
        }
        String secret = tail.substring(0, SECRET_LENGTH);
        String claimed = tail.substring(SECRET_LENGTH);
        return MessageDigest.isEqual(
                        claimed.getBytes(StandardCharsets.US_ASCII),
                        checksum(prefix, secret).getBytes(StandardCharsets.US_ASCII))
                ? Shape.VALID
                : Shape.BAD_CHECKSUM;
    }

    private static boolean isChecksummedShape(String prefix, String tail) {
        return prefix.length() == PREFIX_LENGTH && tail.length() == SECRET_LENGTH + CHECKSUM_LENGTH;
    }

    /** A fresh key: 12-character prefix, 43-character base62 secret (about 256 bits), 6-character checksum. */
    public static ApiKeyToken generate() {
        return new ApiKeyToken(random(PREFIX_ALPHABET, PREFIX_LENGTH), random(SECRET_ALPHABET, SECRET_LENGTH), true);
    }

    /**
     * CRC32 of {@code bl1nk_<prefix>_<secret>} (ASCII) in base62 over the secret's alphabet ({@code A-Z a-z 0-9}, so
     * digit value 0 is {@code A}), most significant first, {@value #CHECKSUM_LENGTH} characters (left-padded with
     * {@code A}).
     */
    static String checksum(String prefix, String secret) {
        CRC32 crc = new CRC32();
        crc.update((SCHEME + prefix + "_" + secret).getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            out[i] = SECRET_ALPHABET.charAt((int) (value % SECRET_ALPHABET.length()));
            value /= SECRET_ALPHABET.length();
        }
        return new String(out);
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
        return SCHEME + prefix + "_" + secret + (checksummed ? checksum(prefix, secret) : "");
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
