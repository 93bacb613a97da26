package com.bl1nk.billing.budget;

import com.bl1nk.billing.money.Period;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves money on budget counters. Every change is one conditional row update in the caller's transaction, so a hold
 * either fits under every applicable hard limit at once or nothing is held (see docs/adr/0002-budget-reservations.md).
 */
@Service
public class BudgetCounters {

    private final JdbcClient jdbc;

    BudgetCounters(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The holds a call of {@code amount} at {@code at} needs: one per budget that applies to it (tenant, its API key,
     * its agent) in the period containing {@code at}, in budget-id order. Touches no counter.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Hold> plan(UUID tenantId, UUID apiKeyId, UUID agentId, BigDecimal amount, Instant at) {
        List<Hold> holds = new ArrayList<>();
        for (ApplicableBudget budget : applicable(tenantId, apiKeyId, agentId)) {
            holds.add(new Hold(budget.id(), budget.period().startOf(at), amount));
        }
        return holds;
    }

    /**
     * Applies planned holds, each a single conditional upsert that fits under the budget's hard limit or changes
     * nothing; throws {@link BudgetExceededException} at the first that does not fit (the caller's transaction then
     * rolls every hold back). Holds come in budget-id order, so concurrent callers cannot deadlock; callers should do
     * this last in their transaction, since the counter row stays locked until commit.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void hold(UUID tenantId, List<Hold> holds) {
        for (Hold hold : holds) {
            int updated = jdbc.sql("insert into billing.budget_counters as c (budget_id, period_start, reserved_usd)"
                            + " select b.id, cast(:start as timestamptz), cast(:amount as numeric) from billing.budgets b"
                            + " where b.id = :budget and b.tenant_id = :tenant and cast(:amount as numeric) <= b.limit_usd"
                            + " on conflict (budget_id, period_start) do update"
                            + " set reserved_usd = c.reserved_usd + excluded.reserved_usd, updated_at = now()"
                            + " where c.spent_usd + c.reserved_usd + excluded.reserved_usd"
                            + " <= (select b.limit_usd from billing.budgets b where b.id = c.budget_id)")
                    .param("budget", hold.budgetId())
                    .param("tenant", tenantId)
                    .param("start", Timestamp.from(hold.periodStart()))
                    .param("amount", hold.amount())
                    .update();
            if (updated == 0) {
                throw exceeded(hold);
            }
        }
    }

    private BudgetExceededException exceeded(Hold hold) {
        return jdbc.sql("select b.scope, b.period, b.limit_usd, coalesce(c.spent_usd + c.reserved_usd, 0) as used"
                        + " from billing.budgets b left join billing.budget_counters c on c.budget_id = b.id"
                        + " and c.period_start = :start where b.id = :budget")
                .param("budget", hold.budgetId())
                .param("start", Timestamp.from(hold.periodStart()))
                .query((rs, n) -> {
                    BigDecimal limit = rs.getBigDecimal("limit_usd");
                    BigDecimal remaining =
                            limit.subtract(rs.getBigDecimal("used")).max(BigDecimal.ZERO);
                    return BudgetExceededException.forBudget(
                            hold.budgetId(),
                            rs.getString("scope"),
                            rs.getString("period"),
                            limit,
                            remaining,
                            hold.amount());
                })
                .single();
    }

    /** Gives held money back (reservation released or expired). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void release(List<Hold> holds) {
        for (Hold hold : holds) {
            jdbc.sql("update billing.budget_counters set reserved_usd = greatest(reserved_usd - :amount, 0),"
                            + " updated_at = now() where budget_id = :budget and period_start = :start")
                    .param("amount", hold.amount())
                    .param("budget", hold.budgetId())
                    .param("start", Timestamp.from(hold.periodStart()))
                    .update();
        }
    }

    /** Turns held money into spend: each hold is released and {@code actual} is spent on the same counters. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void settle(UUID tenantId, List<Hold> holds, BigDecimal actual) {
        for (Hold hold : holds) {
            move(tenantId, hold.budgetId(), hold.periodStart(), hold.amount(), actual);
        }
    }

    /**
     * Adds {@code delta} (may be negative: a correction) to the spend on the counters of earlier holds, for a call whose
     * hold is already gone (settled, released or expired) but whose true cost arrived later.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void adjust(UUID tenantId, List<Hold> holds, BigDecimal delta) {
        if (delta.signum() == 0) {
            return;
        }
        for (Hold hold : holds) {
            move(tenantId, hold.budgetId(), hold.periodStart(), BigDecimal.ZERO, delta);
        }
    }

    /**
     * Spends {@code cost} of a call that had no reservation (e.g. an embedding) on every applicable budget in the
     * periods containing {@code at}. It already happened, so it is recorded even past a limit; later holds then fail.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void spendUnreserved(UUID tenantId, UUID apiKeyId, UUID agentId, BigDecimal cost, Instant at) {
        if (cost.signum() == 0) {
            return;
        }
        for (ApplicableBudget budget : applicable(tenantId, apiKeyId, agentId)) {
            Instant periodStart = budget.period().startOf(at);
            jdbc.sql("insert into billing.budget_counters (budget_id, period_start) values (:budget, :start)"
                            + " on conflict do nothing")
                    .param("budget", budget.id())
                    .param("start", Timestamp.from(periodStart))
                    .update();
            move(tenantId, budget.id(), periodStart, BigDecimal.ZERO, cost);
        }
    }

    private void move(UUID tenantId, UUID budgetId, Instant periodStart, BigDecimal unreserve, BigDecimal spend) {
        List<SpendResult> results = jdbc.sql("update billing.budget_counters c"
                        + " set reserved_usd = greatest(c.reserved_usd - :unreserve, 0),"
                        + " spent_usd = greatest(c.spent_usd + :spend, 0), updated_at = now()"
                        + " from billing.budgets b where b.id = c.budget_id and c.budget_id = :budget"
                        + " and c.period_start = :start and b.tenant_id = :tenant"
                        + " returning c.spent_usd, b.limit_usd, b.thresholds")
                .param("unreserve", unreserve)
                .param("spend", spend)
                .param("budget", budgetId)
                .param("start", Timestamp.from(periodStart))
                .param("tenant", tenantId)
                .query((rs, n) -> new SpendResult(
                        rs.getBigDecimal("spent_usd"), rs.getBigDecimal("limit_usd"), ints(rs.getArray("thresholds"))))
                .list();
        if (spend.signum() > 0) {
            for (SpendResult r : results) {
                recordCrossedThresholds(tenantId, budgetId, periodStart, r);
            }
        }
    }

    /** One alert row per crossed threshold; the unique key makes each fire once per period, whoever sees it first. */
    private void recordCrossedThresholds(UUID tenantId, UUID budgetId, Instant periodStart, SpendResult r) {
        for (int threshold : r.thresholds()) {
            BigDecimal mark = r.limit().multiply(BigDecimal.valueOf(threshold)).movePointLeft(2);
            if (r.spent().compareTo(mark) >= 0) {
                jdbc.sql("insert into billing.budget_alerts (id, tenant_id, budget_id, period_start, threshold_percent,"
                                + " spent_usd, limit_usd) values (:id, :tenant, :budget, :start, :threshold, :spent,"
                                + " :limit) on conflict (budget_id, period_start, threshold_percent) do nothing")
                        .param("id", UUID.randomUUID())
                        .param("tenant", tenantId)
                        .param("budget", budgetId)
                        .param("start", Timestamp.from(periodStart))
                        .param("threshold", threshold)
                        .param("spent", r.spent())
                        .param("limit", r.limit())
                        .update();
            }
        }
    }

    private List<ApplicableBudget> applicable(UUID tenantId, UUID apiKeyId, UUID agentId) {
        return jdbc.sql("select id, scope, period, limit_usd from billing.budgets where tenant_id = :tenant and"
                        + " (scope = 'tenant' or (scope = 'api_key' and scope_id = :key)"
                        + " or (scope = 'agent' and scope_id = :agent)) order by id")
                .param("tenant", tenantId)
                .param("key", apiKeyId)
                .param("agent", agentId)
                .query((rs, n) -> new ApplicableBudget(
                        rs.getObject("id", UUID.class),
                        rs.getString("scope"),
                        Period.fromWire(rs.getString("period")),
                        rs.getBigDecimal("limit_usd")))
                .list();
    }

    static int[] ints(Array array) throws SQLException {
        if (array == null) {
            return new int[0];
        }
        Object[] values = (Object[]) array.getArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).intValue();
        }
        return out;
    }

    private record ApplicableBudget(UUID id, String scope, Period period, BigDecimal limit) {}

    private record SpendResult(BigDecimal spent, BigDecimal limit, int[] thresholds) {}
}
