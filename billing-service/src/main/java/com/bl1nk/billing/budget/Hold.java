package com.bl1nk.billing.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Money held (reserved) on one budget counter for one reservation, so settling or releasing undoes exactly it. */
public record Hold(UUID budgetId, Instant periodStart, BigDecimal amount) {}
