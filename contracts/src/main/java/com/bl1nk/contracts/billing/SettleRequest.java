package com.bl1nk.contracts.billing;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.math.BigDecimal;

/** The actual cost of the reserved call, reported by the caller once it finished (money as a decimal string). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SettleRequest(
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal actualCostUsd, String currency) {}
