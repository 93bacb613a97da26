package com.bl1nk.common.crypto;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Master keys for secrets at rest; only from the environment.
 *
 * @param masterKey base64 of 32 random bytes, from {@code BL1NK_MASTER_KEY}; encrypts new secrets
 * @param keyId id written into new ciphertexts for the master key
 * @param previousKeys older keys by id (base64), still accepted for decryption after a rotation
 */
@ConfigurationProperties("bl1nk.crypto")
public record CryptoProperties(
        String masterKey, @DefaultValue("k1") String keyId, Map<String, String> previousKeys) {

    public CryptoProperties {
        previousKeys = previousKeys == null ? Map.of() : Map.copyOf(previousKeys);
    }
}
