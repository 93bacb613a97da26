package com.bl1nk.billing.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.error.ApiException;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MoneyTests {

    @Test
    void formatsPlainDecimalsWithoutTrailingZerosOrExponents() {
        assertThat(Money.format(new BigDecimal("12.50000000000000"))).isEqualTo("12.5");
        assertThat(Money.format(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(Money.format(new BigDecimal("0E-14"))).isEqualTo("0");
        assertThat(Money.format(new BigDecimal("0.000000175"))).isEqualTo("0.000000175");
        assertThat(Money.format(null)).isNull();
    }

    @Test
    void acceptsOnlyNonNegativeAmountsWithAtMostEightDecimals() {
        assertThat(Money.requireAmount("x", new BigDecimal("1.10"))).isEqualByComparingTo("1.1");
        assertThat(Money.requireAmount("x", new BigDecimal("1E+2"))).isEqualByComparingTo("100");
        assertThatThrownBy(() -> Money.requireAmount("x", new BigDecimal("-0.01")))
                .isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code())
                .isEqualTo("validation_failed");
        assertThatThrownBy(() -> Money.requireAmount("x", new BigDecimal("0.000000001")))
                .isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Money.requireAmount("x", null)).isInstanceOf(ApiException.class);
    }

    @Test
    void supportsOnlyUsd() {
        Money.requireSupportedCurrency(null);
        Money.requireSupportedCurrency("USD");
        assertThatThrownBy(() -> Money.requireSupportedCurrency("EUR"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("only USD is supported");
    }

    @Test
    void periodsStartAtUtcBoundaries() {
        Instant at = Instant.parse("2026-02-28T23:30:00Z");
        assertThat(Period.DAILY.startOf(at)).isEqualTo(Instant.parse("2026-02-28T00:00:00Z"));
        assertThat(Period.MONTHLY.startOf(at)).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(Period.MONTHLY.endAfter(Period.MONTHLY.startOf(at)))
                .isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(Period.TOTAL.startOf(at)).isEqualTo(Instant.EPOCH);
        assertThat(Period.TOTAL.endAfter(Instant.EPOCH)).isNull();
        assertThat(Period.fromWire("weekly")).isNull();
    }
}
