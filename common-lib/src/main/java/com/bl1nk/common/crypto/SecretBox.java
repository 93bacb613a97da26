package com.bl1nk.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (provider keys, MCP credentials) with AES-256-GCM under a master key from the environment;
 * binding each ciphertext to associated data such as the tenant id means a ciphertext copied to another tenant does
 * not decrypt. Format: {@code v1:<keyId>:<base64(iv || ciphertext+tag)>}; old key ids keep decrypting after rotation.
 */
public class SecretBox {

    private static final String PREFIX = "v1";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern KEY_ID = Pattern.compile("^[A-Za-z0-9_-]{1,32}$");

    private final Map<String, SecretKeySpec> keys;
    private final String currentKeyId;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param currentKeyId id of the key used for new ciphertexts; must be in {@code keys}
     * @param keys 32-byte keys by id
     */
    public SecretBox(String currentKeyId, Map<String, byte[]> keys) {
        Map<String, SecretKeySpec> specs = new LinkedHashMap<>();
        keys.forEach((id, key) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("Key id must match " + KEY_ID.pattern() + ": " + id);
            }
            if (key == null || key.length != 32) {
                throw new IllegalArgumentException("Key " + id + " must be 32 bytes (AES-256)");
            }
            specs.put(id, new SecretKeySpec(key.clone(), "AES"));
        });
        if (!specs.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("No key with the current key id " + currentKeyId);
        }
        this.keys = Map.copyOf(specs);
        this.currentKeyId = currentKeyId;
    }

    /**
     * Builds a box from base64 keys as configured; fails with a message naming {@code BL1NK_MASTER_KEY} when the master
     * key is missing or not 32 bytes.
     */
    public static SecretBox fromBase64(String currentKeyId, String masterKeyBase64, Map<String, String> previous) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        previous.forEach((id, b64) -> keys.put(id, decodeKey(id, b64)));
        if (masterKeyBase64 == null || masterKeyBase64.isBlank()) {
            throw new IllegalArgumentException(
                    "bl1nk.crypto.master-key is not set: set BL1NK_MASTER_KEY to base64 of 32"
                            + " random bytes (e.g. `openssl rand -base64 32`)");
        }
        keys.put(currentKeyId, decodeKey(currentKeyId, masterKeyBase64));
        return new SecretBox(currentKeyId, keys);
    }

    private static byte[] decodeKey(String id, String b64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(b64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Key " + id + " (BL1NK_MASTER_KEY) is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("Key " + id + " (BL1NK_MASTER_KEY) must decode to 32 bytes, got "
                    + key.length + " (use `openssl rand -base64 32`)");
        }
        return key;
    }

    /** Encrypts {@code plaintext} bound to {@code associatedData} (e.g. the tenant id). */
    public String encrypt(String plaintext, String associatedData) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad(currentKeyId, associatedData));
            byte[] ct = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out =
                    ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array();
            return PREFIX + ":" + currentKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Encrypts bound to a tenant id. */
    public String encrypt(String plaintext, UUID tenantId) {
        return encrypt(plaintext, tenantId.toString());
    }

    /**
     * Decrypts a value produced by {@link #encrypt(String, String)} with the same associated data.
     *
     * @throws SecretBoxException for unknown formats or key ids, wrong associated data or tampering
     */
    public String decrypt(String ciphertext, String associatedData) {
        if (ciphertext == null) {
            throw new SecretBoxException("No ciphertext");
        }
        String[] parts = ciphertext.split(":", 3);
        if (parts.length != 3 || !PREFIX.equals(parts[0])) {
            throw new SecretBoxException("Unknown ciphertext format");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new SecretBoxException("Unknown key id " + parts[1] + " (add it to bl1nk.crypto.previous-keys)");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new SecretBoxException("Ciphertext is not valid base64");
        }
        if (raw.length < IV_BYTES + TAG_BITS / 8) {
            throw new SecretBoxException("Ciphertext too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, IV_BYTES));
            cipher.updateAAD(aad(parts[1], associatedData));
            byte[] pt = cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES);
            return new String(pt, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new SecretBoxException("Ciphertext does not decrypt (wrong key, associated data or tampered)", e);
        }
    }

    /** Decrypts a value bound to a tenant id. */
    public String decrypt(String ciphertext, UUID tenantId) {
        return decrypt(ciphertext, tenantId.toString());
    }

    /** Whether a ciphertext was made with an older key and should be re-encrypted. */
    public boolean needsRotation(String ciphertext) {
        String[] parts = ciphertext.split(":", 3);
        return parts.length == 3 && !currentKeyId.equals(parts[1]);
    }

    /** The id of the key used for new ciphertexts. */
    public String currentKeyId() {
        return currentKeyId;
    }

    private static byte[] aad(String keyId, String associatedData) {
        // The version and key id are authenticated too, so they cannot be swapped.
        String ad = PREFIX + ":" + keyId + ":" + (associatedData == null ? "" : associatedData);
        return ad.getBytes(StandardCharsets.UTF_8);
    }
}
