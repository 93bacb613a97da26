package com.bl1nk.billing.budget;

import com.bl1nk.billing.money.Money;
import com.bl1nk.billing.money.Period;
import com.bl1nk.common.web.Cursors;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL behind the budget API: budgets with the spend of the period they are in at a given instant. */
@Repository
class BudgetRepository {

    private static final String SELECT = "select b.id, b.scope, b.scope_id, b.period, b.limit_usd, b.thresholds,"
            + " b.currency, b.created_at, b.updated_at, c.spent_usd, c.reserved_usd from billing.budgets b"
            + " left join billing.budget_counters c on c.budget_id = b.id and c.period_start = (case b.period"
            + " when 'daily' then cast(:day as timestamptz) when 'monthly' then cast(:month as timestamptz)"
            + " else cast(:total as timestamptz) end)";

    private final JdbcClient jdbc;

    BudgetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a budget; throws {@link org.springframework.dao.DuplicateKeyException} if its scope and period exist. */
    void insert(
            UUID id,
            UUID tenantId,
            String scope,
            UUID scopeId,
            String period,
            BigDecimal limit,
            List<Integer> thresholds) {
        jdbc.sql("insert into billing.budgets (id, tenant_id, scope, scope_id, period, limit_usd, thresholds)"
                        + " values (:id, :tenant, :scope, :scopeId, :period, :limit, :thresholds::integer[])")
                .param("id", id)
                .param("tenant", tenantId)
                .param("scope", scope)
                .param("scopeId", scopeId)
                .param("period", period)
                .param("limit", limit)
                .param("thresholds", arrayLiteral(thresholds))
                .update();
    }

    /** Up to {@code limit} budgets of the tenant, newest first, after a cursor, with their spend at {@code now}. */
    List<BudgetResponse> page(UUID tenantId, Cursors.Cursor after, int limit, Instant now) {
        JdbcClient.StatementSpec spec = jdbc.sql(SELECT + " where b.tenant_id = :tenant"
                        + (after == null ? "" : " and (b.created_at, b.id) < (:afterAt, :afterId)")
                        + " order by b.created_at desc, b.id desc limit :limit")
                .param("tenant", tenantId)
                .param("limit", limit);
        spec = periodParams(spec, now);
        if (after != null) {
            spec = spec.param("afterAt", Timestamp.from(after.createdAt())).param("afterId", after.id());
        }
        return spec.query((rs, n) -> map(rs, now)).list();
    }

    /** One budget of the tenant with its spend at {@code now}. */
    Optional<BudgetResponse> find(UUID tenantId, UUID id, Instant now) {
        return periodParams(jdbc.sql(SELECT + " where b.tenant_id = :tenant and b.id = :id"), now)
                .param("tenant", tenantId)
                .param("id", id)
                .query((rs, n) -> map(rs, now))
                .optional();
    }

    /** Changes a budget's limit and thresholds. */
    void updateLimits(UUID tenantId, UUID id, BigDecimal limit, List<Integer> thresholds) {
        jdbc.sql(
                        "update billing.budgets set limit_usd = :limit, thresholds = :thresholds::integer[], updated_at = now()"
                                + " where id = :id and tenant_id = :tenant")
                .param("limit", limit)
                .param("thresholds", arrayLiteral(thresholds))
                .param("id", id)
                .param("tenant", tenantId)
                .update();
    }

    /** Deletes a budget of the tenant; returns how many rows went (0: not the tenant's or absent). */
    int delete(UUID tenantId, UUID id) {
        return jdbc.sql("delete from billing.budgets where id = :id and tenant_id = :tenant")
                .param("id", id)
                .param("tenant", tenantId)
                .update();
    }

    private static JdbcClient.StatementSpec periodParams(JdbcClient.StatementSpec spec, Instant now) {
        return spec.param("day", Timestamp.from(Period.DAILY.startOf(now)))
                .param("month", Timestamp.from(Period.MONTHLY.startOf(now)))
                .param("total", Timestamp.from(Period.EPOCH));
    }

    private static BudgetResponse map(ResultSet rs, Instant now) throws SQLException {
        Period period = Period.fromWire(rs.getString("period"));
        BigDecimal limit = rs.getBigDecimal("limit_usd");
        BigDecimal spent = orZero(rs.getBigDecimal("spent_usd"));
        BigDecimal reserved = orZero(rs.getBigDecimal("reserved_usd"));
        BigDecimal remaining = limit.subtract(spent).subtract(reserved).max(BigDecimal.ZERO);
        Instant start = period.startOf(now);
        List<Integer> thresholds = new ArrayList<>();
        for (int t : BudgetCounters.ints(rs.getArray("thresholds"))) {
            thresholds.add(t);
        }
        return new BudgetResponse(
                rs.getObject("id", UUID.class),
                rs.getString("scope"),
                rs.getObject("scope_id", UUID.class),
                period.wire(),
                Money.format(limit),
                thresholds,
                rs.getString("currency"),
                new BudgetResponse.CurrentPeriod(
                        period == Period.TOTAL ? null : start,
                        period.endAfter(start),
                        Money.format(spent),
                        Money.format(reserved),
                        Money.format(remaining),
                        Money.format(Money.percent(spent, limit))),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    private static String arrayLiteral(List<Integer> values) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(values.get(i).intValue());
        }
        return sb.append('}').toString();
    }
}
