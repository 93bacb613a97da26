package com.bl1nk.common.identity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Workload identity settings: who this service is, the private key it signs with, the public keys it trusts, and
 * which other workloads may call which of its operations. {@code ./bl1nk up} generates the keys under
 * {@code .bl1nk/keys}; in a deployment each service gets only its own private key.
 *
 * @param enabled whether services require an identity token (turn off only for tools like mock-llm)
 * @param service this workload's name (gateway, task, rag, mcp, billing): its tokens' {@code iss}, the {@code aud} it
 *     accepts
 * @param signingKeyFile PEM with this workload's P-256 private key and its public key
 *     ({@code BL1NK_IDENTITY_SIGNING_KEY_FILE}); may be empty for a service that calls no other
 * @param trustedKeysDir directory of {@code <owner>[.<id>].pem} public keys accepted, re-read on change
 *     ({@code BL1NK_IDENTITY_TRUSTED_KEYS_DIR})
 * @param tokenTtl lifetime of tokens the gateway mints for a request
 * @param serviceTokenTtl lifetime of tokens a service mints for one call to another
 * @param maxTokenLifetime longest lifetime ({@code exp - iat}) of a token this service accepts
 * @param callers per calling workload, the operations ({@code "<METHOD> <ant path>"}) it may call here
 * @param openPaths Ant-style paths served without a token (health, metrics, API docs)
 */
@ConfigurationProperties("bl1nk.identity")
public record IdentityProperties(
        @DefaultValue("true") boolean enabled,
        String service,
        String signingKeyFile,
        String trustedKeysDir,
        @DefaultValue("5m") Duration tokenTtl,
        @DefaultValue("60s") Duration serviceTokenTtl,
        @DefaultValue("15m") Duration maxTokenLifetime,
        Map<String, List<String>> callers,

        @DefaultValue({
            "/actuator/health",
            "/actuator/health/**",
            "/actuator/prometheus",
            "/actuator/info",
            "/v3/api-docs",
            "/v3/api-docs/**"
        })
        List<String> openPaths) {

    public IdentityProperties {
        if (enabled) {
            if (service == null || service.isBlank()) {
                throw new IllegalArgumentException("bl1nk.identity.service is not set: name this workload (gateway,"
                        + " task, rag, mcp or billing)");
            }
            if (trustedKeysDir == null || trustedKeysDir.isBlank()) {
                throw new IllegalArgumentException("bl1nk.identity.trusted-keys-dir is not set: set"
                        + " BL1NK_IDENTITY_TRUSTED_KEYS_DIR to the directory of trusted public keys (`./bl1nk up`"
                        + " writes them to .bl1nk/keys/trusted)");
            }
        }
        requirePositive("token-ttl", tokenTtl);
        requirePositive("service-token-ttl", serviceTokenTtl);
        requirePositive("max-token-lifetime", maxTokenLifetime);
        callers = callers == null ? Map.of() : Map.copyOf(callers);
        openPaths = openPaths == null ? List.of() : List.copyOf(openPaths);
    }

    /** The signing key file, if one is set. */
    public Optional<Path> signingKeyPath() {
        return signingKeyFile == null || signingKeyFile.isBlank()
                ? Optional.empty()
                : Optional.of(Path.of(signingKeyFile.strip()));
    }

    /** The trusted keys directory. */
    public Path trustedKeysPath() {
        return Path.of(trustedKeysDir.strip());
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("bl1nk.identity." + name + " must be positive");
        }
    }
}
