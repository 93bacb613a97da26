package com.bl1nk.billing.reservation;

import java.math.BigDecimal;

/** The actual cost of the reserved call, reported by the caller once it finished. */
public record SettleRequest(BigDecimal actualCostUsd, String currency) {}
