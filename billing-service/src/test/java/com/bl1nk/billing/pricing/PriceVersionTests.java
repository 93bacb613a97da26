package com.bl1nk.billing.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PriceVersionTests {

    private static PriceVersion price(String input, String output, String cached) {
        return new PriceVersion(
                UUID.randomUUID(),
                null,
                "openai",
                "gpt-4o",
                new BigDecimal(input),
                new BigDecimal(output),
                cached == null ? null : new BigDecimal(cached),
                128000,
                true,
                Instant.EPOCH);
    }

    @Test
    void pricesUncachedCachedAndCompletionTokensExactly() {
        PriceVersion p = price("2.50", "10.00", "1.25");
        // 600 uncached × 2.50 + 400 cached × 1.25 + 100 × 10.00 = 3000 per million
        assertThat(p.costOf(1000, 100, 400)).isEqualByComparingTo("0.003");
    }

    @Test
    void usesTheInputPriceForCachedTokensWhenNoCachedPriceIsSet() {
        assertThat(price("3", "15", null).costOf(1000, 0, 1000)).isEqualByComparingTo("0.003");
    }

    @Test
    void neverRoundsEvenTheSmallestCalls() {
        BigDecimal cost = price("0.035", "0.14", null).costOf(1, 1, 0);
        assertThat(cost).isEqualByComparingTo("0.000000175");
        BigDecimal thousandCalls = BigDecimal.ZERO;
        for (int i = 0; i < 1000; i++) {
            thousandCalls = thousandCalls.add(cost);
        }
        assertThat(thousandCalls).isEqualByComparingTo("0.000175");
    }

    @Test
    void refusesImpossibleTokenCounts() {
        PriceVersion p = price("1", "1", null);
        assertThatThrownBy(() -> p.costOf(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.costOf(10, 0, 11)).isInstanceOf(IllegalArgumentException.class);
    }
}
