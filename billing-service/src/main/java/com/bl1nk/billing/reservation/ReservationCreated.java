package com.bl1nk.billing.reservation;

import java.time.Instant;
import java.util.UUID;

/** Answer to a successful reservation (CONTRACTS.md), plus whether the model was unpriced. */
public record ReservationCreated(UUID id, Instant expiresAt, String maxCostUsd, boolean unpriced) {}
