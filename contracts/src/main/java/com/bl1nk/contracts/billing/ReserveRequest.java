package com.bl1nk.contracts.billing;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * Hold {@code maxCostUsd} for one model call (CONTRACTS.md); {@code apiKeyId} defaults to the caller's key.
 * {@code ttlSeconds} and {@code currency} are optional extensions; money travels as a decimal string.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReserveRequest(
        UUID apiKeyId,
        UUID agentId,
        UUID taskId,
        String provider,
        String model,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal maxCostUsd,
        Long ttlSeconds,
        String currency) {}
