package com.bl1nk.task.llm.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/** Money sent to billing fits its contract (at most 8 decimal places) without under-reserving. */
class BillingBudgetGateTests {

    @Test
    void reservationsRoundUpAndSettlesRoundToNearestAtEightDecimals() {
        assertThat(BillingBudgetGate.toBillingScale(new BigDecimal("0.000000225"), RoundingMode.UP))
                .isEqualByComparingTo("0.00000023");
        assertThat(BillingBudgetGate.toBillingScale(new BigDecimal("0.000000224"), RoundingMode.HALF_UP))
                .isEqualByComparingTo("0.00000022");
        assertThat(BillingBudgetGate.toBillingScale(new BigDecimal("0.0012"), RoundingMode.UP)
                        .toPlainString())
                .isEqualTo("0.0012");
        assertThat(BillingBudgetGate.toBillingScale(BigDecimal.ZERO, RoundingMode.UP)
                        .toPlainString())
                .isEqualTo("0");
    }
}
