package com.bl1nk.gateway.audit;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the audit log's hash chains are checkpointed and verified.
 *
 * @param checkpointInterval how often the head of every changed chain is signed; events after the newest checkpoint
 *     are tamper-evident only once the next one is signed
 * @param archivedKeysDir public keys of retired gateway signing keys (PEM, as in the trusted-keys directory), so that
 *     checkpoints signed before a rotation still verify; empty when none were retired
 * @param verifyPageSize events read per query while verifying or exporting (bounds memory, not the chain's length)
 */
@Validated
@ConfigurationProperties("bl1nk.gateway.audit")
record AuditChainProperties(
        @DefaultValue("60s") Duration checkpointInterval,
        Path archivedKeysDir,
        @DefaultValue("1000") int verifyPageSize) {

    AuditChainProperties {
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("bl1nk.gateway.audit.checkpoint-interval must be positive");
        }
        if (verifyPageSize < 10 || verifyPageSize > 10_000) {
            throw new IllegalArgumentException("bl1nk.gateway.audit.verify-page-size must be between 10 and 10000");
        }
    }
}
