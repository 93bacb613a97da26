package com.bl1nk.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecretBoxTests {

    private static final UUID TENANT_A = UUID.fromString("aaaaaaaa-0000-0000-0000-000000000001");
    private static final UUID TENANT_B = UUID.fromString("bbbbbbbb-0000-0000-0000-000000000002");

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private final String k1 = randomKey();
    private final SecretBox box = SecretBox.fromBase64("k1", k1, Map.of());

    @Test
    void roundTripsAndUsesTheDocumentedFormat() {
        String ct = box.encrypt("sk-live-123", TENANT_A);
        assertThat(ct).startsWith("v1:k1:").doesNotContain("sk-live-123");
        assertThat(box.decrypt(ct, TENANT_A)).isEqualTo("sk-live-123");
    }

    @Test
    void encryptsTheSameSecretDifferentlyEachTime() {
        assertThat(box.encrypt("x", TENANT_A)).isNotEqualTo(box.encrypt("x", TENANT_A));
    }

    @Test
    void ciphertextMovedToAnotherTenantDoesNotDecrypt() {
        String ct = box.encrypt("sk-live-123", TENANT_A);
        assertThatThrownBy(() -> box.decrypt(ct, TENANT_B)).isInstanceOf(SecretBoxException.class);
    }

    @Test
    void tamperingIsDetected() {
        String ct = box.encrypt("sk-live-123", TENANT_A);
        byte[] raw = Base64.getDecoder().decode(ct.substring("v1:k1:".length()));
        raw[raw.length - 1] ^= 1;
        String tampered = "v1:k1:" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> box.decrypt(tampered, TENANT_A)).isInstanceOf(SecretBoxException.class);
        assertThatThrownBy(() -> box.decrypt("v2:k1:abc", TENANT_A)).isInstanceOf(SecretBoxException.class);
        assertThatThrownBy(() -> box.decrypt("v1:k1:***", TENANT_A)).isInstanceOf(SecretBoxException.class);
    }

    @Test
    void rotationKeepsOldCiphertextsReadable() {
        String old = box.encrypt("old-secret", TENANT_A);
        SecretBox rotated = SecretBox.fromBase64("k2", randomKey(), Map.of("k1", k1));
        assertThat(rotated.decrypt(old, TENANT_A)).isEqualTo("old-secret");
        assertThat(rotated.needsRotation(old)).isTrue();
        String fresh = rotated.encrypt("new-secret", TENANT_A);
        assertThat(fresh).startsWith("v1:k2:");
        assertThat(rotated.needsRotation(fresh)).isFalse();
        assertThatThrownBy(() -> box.decrypt(fresh, TENANT_A))
                .isInstanceOf(SecretBoxException.class)
                .hasMessageContaining("k2");
    }

    @Test
    void swappingTheKeyIdDoesNotWork() {
        SecretBox both = SecretBox.fromBase64("k2", k1, Map.of("k1", k1));
        String ct = both.encrypt("x", TENANT_A);
        String relabelled = ct.replace("v1:k2:", "v1:k1:");
        assertThatThrownBy(() -> both.decrypt(relabelled, TENANT_A)).isInstanceOf(SecretBoxException.class);
    }

    @Test
    void refusesMissingOrShortMasterKeysNamingTheEnvironmentVariable() {
        assertThatThrownBy(() -> SecretBox.fromBase64("k1", null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BL1NK_MASTER_KEY");
        assertThatThrownBy(() -> SecretBox.fromBase64("k1", Base64.getEncoder().encodeToString(new byte[16]), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }
}
