package com.bl1nk.task.github;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks {@code X-Hub-Signature-256} over the raw request bytes against every configured secret, so secrets can be
 * rotated without dropping deliveries; SHA-1 signatures are never accepted.
 */
final class WebhookSignatures {

    private static final String PREFIX = "sha256=";

    private WebhookSignatures() {}

    static boolean verify(byte[] body, String signatureHeader, List<String> secrets) {
        if (signatureHeader == null || !signatureHeader.startsWith(PREFIX) || secrets.isEmpty()) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of()
                    .parseHex(signatureHeader.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean matched = false;
        for (String secret : secrets) {
            // keep comparing after a match so timing does not reveal which secret matched
            matched |= MessageDigest.isEqual(sign(body, secret), presented);
        }
        return matched;
    }

    static String signatureHeader(byte[] body, String secret) {
        return PREFIX + HexFormat.of().formatHex(sign(body, secret));
    }

    private static byte[] sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
