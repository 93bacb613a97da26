package com.bl1nk.common.identity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity token settings shared by the gateway (mints) and the services (verify); the secret comes only from the
 * environment ({@code BL1NK_IDENTITY_SECRET}).
 *
 * @param enabled whether services require the identity token (turn off only for tools like mock-llm)
 * @param secret HMAC secret, at least 32 bytes, from {@code BL1NK_IDENTITY_SECRET}
 * @param tokenTtl lifetime of minted tokens
 * @param openPaths Ant-style paths served without a token (health, metrics, API docs)
 */
@ConfigurationProperties("bl1nk.identity")
public record IdentityProperties(
        @DefaultValue("true") boolean enabled,
        String secret,
        @DefaultValue("5m") Duration tokenTtl,

        @DefaultValue({
            "/actuator/health",
            "/actuator/health/**",
            "/actuator/prometheus",
            "/actuator/info",
            "/v3/api-docs",
            "/v3/api-docs/**"
        })
        List<String> openPaths) {

    /** Minimum secret length for HS256. */
    public static final int MIN_SECRET_BYTES = 32;

    public IdentityProperties {
        if (enabled) {
            requireStrongSecret(secret);
        }
        if (tokenTtl == null || tokenTtl.isNegative() || tokenTtl.isZero()) {
            throw new IllegalArgumentException("bl1nk.identity.token-ttl must be positive");
        }
        openPaths = openPaths == null ? List.of() : List.copyOf(openPaths);
    }

    /** Fails fast with a message that names the environment variable to set. */
    static void requireStrongSecret(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException(
                    "bl1nk.identity.secret is not set: set the environment variable BL1NK_IDENTITY_SECRET to a random"
                            + " value of at least " + MIN_SECRET_BYTES + " bytes (e.g. `openssl rand -base64 48`)");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "bl1nk.identity.secret is too short: BL1NK_IDENTITY_SECRET must be at least " + MIN_SECRET_BYTES
                            + " bytes (e.g. `openssl rand -base64 48`)");
        }
    }
}
