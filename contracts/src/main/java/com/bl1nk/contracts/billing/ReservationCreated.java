package com.bl1nk.contracts.billing;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/** Answer to a successful reservation (CONTRACTS.md), plus whether the model was unpriced. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReservationCreated(UUID id, Instant expiresAt, String maxCostUsd, Boolean unpriced) {}
