package com.bl1nk.billing.budget;

import com.bl1nk.billing.money.Period;
import com.bl1nk.common.metrics.MetricsProperties;
import com.bl1nk.common.metrics.SampledValue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How close the platform's budgets are to their limits, without naming any tenant: the highest share of a limit that
 * is spent or reserved in the budget's current period, and how many budgets are used up. An operator alerted on the
 * maximum then looks up which budget it is in the database or the billing API.
 */
@Component
class BudgetMetrics {

    private record Utilisation(double maxRatio, long exhausted) {
        static final Utilisation UNKNOWN = new Utilisation(Double.NaN, 0);
    }

    BudgetMetrics(MeterRegistry registry, JdbcClient jdbc, MetricsProperties properties, Clock clock) {
        SampledValue<Utilisation> utilisation = new SampledValue<>(
                "budget utilisation",
                () -> read(jdbc, clock.instant()),
                properties.sampleInterval(),
                Utilisation.UNKNOWN);
        Gauge.builder("bl1nk.budget.utilisation.max", utilisation, u -> u.get().maxRatio())
                .description("Highest (spent + reserved) / limit over all budgets with a limit, current periods")
                .baseUnit("ratio")
                .strongReference(true)
                .register(registry);
        Gauge.builder("bl1nk.budgets.exhausted", utilisation, u -> u.get().exhausted())
                .description("Budgets whose current period is fully spent or reserved")
                .strongReference(true)
                .register(registry);
    }

    private static Utilisation read(JdbcClient jdbc, Instant now) {
        return jdbc.sql("""
                        select coalesce(max(u.ratio), 0), count(*) filter (where u.ratio >= 1)
                        from (select (c.spent_usd + c.reserved_usd) / b.limit_usd as ratio
                              from billing.budgets b join billing.budget_counters c on c.budget_id = b.id
                              where b.limit_usd > 0
                                and c.period_start = case b.period when 'daily' then cast(:daily as timestamptz)
                                                                   when 'monthly' then cast(:monthly as timestamptz)
                                                                   else cast(:total as timestamptz) end) u""")
                .param("daily", Timestamp.from(Period.DAILY.startOf(now)))
                .param("monthly", Timestamp.from(Period.MONTHLY.startOf(now)))
                .param("total", Timestamp.from(Period.TOTAL.startOf(now)))
                .query((rs, n) -> new Utilisation(rs.getDouble(1), rs.getLong(2)))
                .single();
    }
}
