package com.bl1nk.contracts.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * A price book entry as billing answers it, publicly ({@code /api/v1/prices}) and to task-service's model catalog
 * ({@code GET /internal/v1/prices}, inside a {@code Page}); money as decimal strings, so no float ever touches a price.
 *
 * @param id the price version's id
 * @param provider provider name
 * @param model model name
 * @param inputPerMTokUsd USD per million input tokens
 * @param outputPerMTokUsd USD per million output tokens
 * @param cachedInputPerMTokUsd USD per million cached input tokens, {@code null} when not priced separately
 * @param contextWindow the model's context window in tokens, if known
 * @param supportsTools whether the model takes tool definitions
 * @param currency always {@code USD} today
 * @param effectiveFrom when this version took effect
 * @param source {@code tenant} (the tenant's own price) or {@code default} (the platform's)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PriceEntry(
        UUID id,
        String provider,
        String model,
        String inputPerMTokUsd,
        String outputPerMTokUsd,
        String cachedInputPerMTokUsd,
        Integer contextWindow,
        Boolean supportsTools,
        String currency,
        Instant effectiveFrom,
        String source) {}
