package com.bl1nk.billing.reservation;

import com.bl1nk.billing.budget.BudgetCounters;
import com.bl1nk.billing.budget.Hold;
import com.bl1nk.billing.error.BillingErrorCode;
import com.bl1nk.billing.money.Money;
import com.bl1nk.billing.pricing.PriceBook;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.contracts.billing.ReservationCreated;
import com.bl1nk.contracts.billing.ReservationResponse;
import com.bl1nk.contracts.billing.ReserveRequest;
import com.bl1nk.contracts.billing.SettleRequest;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reserve, settle, release and expire: the life of a budget hold. Every transition locks the reservation row, so a
 * settle racing a release or the sweeper takes effect once.
 */
@Service
public class ReservationService {

    private static final Logger log = LoggerFactory.getLogger(ReservationService.class);

    static final String COLUMNS = "id, tenant_id, api_key_id, agent_id, task_id, provider, model, max_cost_usd, status,"
            + " actual_cost_usd, ledger_cost_usd, charged_usd, unpriced, created_at, expires_at, closed_at";

    private final JdbcClient jdbc;
    private final BudgetCounters counters;
    private final PriceBook priceBook;
    private final ReservationProperties properties;
    private final Clock clock;

    ReservationService(
            JdbcClient jdbc,
            BudgetCounters counters,
            PriceBook priceBook,
            ReservationProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.counters = counters;
        this.priceBook = priceBook;
        this.properties = properties;
        this.clock = clock;
    }

    /** Holds the call's maximum cost on every applicable budget, or refuses (402) without holding anything. */
    @Transactional
    public ReservationCreated reserve(Identity identity, ReserveRequest request) {
        Money.requireSupportedCurrency(request.currency());
        if (request.provider() == null || request.provider().isBlank()) {
            throw ApiException.invalidField("provider", "is required");
        }
        if (request.model() == null || request.model().isBlank()) {
            throw ApiException.invalidField("model", "is required");
        }
        BigDecimal maxCost = Money.requireAmount("maxCostUsd", request.maxCostUsd());
        Duration ttl = properties.defaultTtl();
        if (request.ttlSeconds() != null) {
            if (request.ttlSeconds() < 1
                    || request.ttlSeconds() > properties.maxTtl().toSeconds()) {
                throw ApiException.invalidField(
                        "ttlSeconds",
                        "must be between 1 and " + properties.maxTtl().toSeconds());
            }
            ttl = Duration.ofSeconds(request.ttlSeconds());
        }
        UUID tenantId = identity.tenantId();
        Instant now = clock.instant();
        boolean priced = priceBook
                .effectiveAt(tenantId, request.provider(), request.model(), now)
                .isPresent();
        if (!priced && !priceBook.allowsUnpricedModels(tenantId)) {
            throw ApiException.of(
                            BillingErrorCode.MODEL_NOT_PRICED,
                            "Model " + request.model() + " of provider " + request.provider()
                                    + " has no price in the price book; price it with POST /api/v1/prices {\"provider\": \""
                                    + request.provider() + "\", \"model\": \"" + request.model()
                                    + "\", \"inputPerMTokUsd\": ..., \"outputPerMTokUsd\": ...} (a tenant prices its own"
                                    + " providers, platform:admin the platform's with \"scope\": \"platform\"), or let"
                                    + " the tenant call unpriced models with PUT /api/v1/prices/policy"
                                    + " {\"allowUnpricedModels\": true} (platform:admin)")
                    .withProperty("priceWith", "POST /api/v1/prices")
                    .withProperty("provider", request.provider())
                    .withProperty("model", request.model());
        }
        UUID apiKeyId = request.apiKeyId() != null ? request.apiKeyId() : identity.apiKeyId();
        List<Hold> holds = counters.plan(tenantId, apiKeyId, request.agentId(), maxCost, now);
        UUID id = UUID.randomUUID();
        Instant expiresAt = now.plus(ttl);
        jdbc.sql("insert into billing.reservations (id, tenant_id, api_key_id, agent_id, task_id, provider, model,"
                        + " max_cost_usd, unpriced, trace_id, created_at, expires_at) values (:id, :tenant, :key,"
                        + " :agent, :task, :provider, :model, :max, :unpriced, :trace, :now, :expires)")
                .param("id", id)
                .param("tenant", tenantId)
                .param("key", apiKeyId)
                .param("agent", request.agentId())
                .param("task", request.taskId())
                .param("provider", request.provider())
                .param("model", request.model())
                .param("max", maxCost)
                .param("unpriced", !priced)
                .param("trace", TraceContext.currentTraceId())
                .param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(expiresAt))
                .update();
        for (Hold hold : holds) {
            jdbc.sql("insert into billing.reservation_holds (reservation_id, budget_id, period_start, amount_usd)"
                            + " values (:id, :budget, :start, :amount)")
                    .param("id", id)
                    .param("budget", hold.budgetId())
                    .param("start", Timestamp.from(hold.periodStart()))
                    .param("amount", hold.amount())
                    .update();
        }
        // last, so the budget counter rows stay locked only for the holds and the commit (ADR 0002)
        counters.hold(tenantId, holds);
        return new ReservationCreated(id, expiresAt, Money.format(maxCost), !priced);
    }

    /**
     * Converts the hold into spend of {@code actualCostUsd}. Settling twice, or after a usage event already settled it,
     * changes nothing (the ledger cost wins); an expired reservation is still charged, since the money was spent.
     */
    @Transactional
    public void settle(Identity identity, UUID id, SettleRequest request) {
        Money.requireSupportedCurrency(request.currency());
        BigDecimal actual = Money.requireAmount("actualCostUsd", request.actualCostUsd());
        Row r = lock(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("reservation", id));
        switch (r.status()) {
            case "active" -> {
                close(id, "settled", actual, actual);
                counters.settle(r.tenantId(), holds(id), actual);
            }
            case "expired" -> {
                if (r.ledgerCost() == null) {
                    close(id, "settled", actual, actual);
                    counters.adjust(r.tenantId(), holds(id), actual.subtract(r.charged()));
                } else {
                    close(id, "settled", actual, r.charged());
                }
            }
            case "settled" -> {
                if (r.actualCost() == null) {
                    jdbc.sql("update billing.reservations set actual_cost_usd = :actual where id = :id")
                            .param("actual", actual)
                            .param("id", id)
                            .update();
                }
            }
            default ->
                throw ApiException.of(
                        BillingErrorCode.RESERVATION_RELEASED,
                        "Reservation " + id + " was released and cannot be settled");
        }
    }

    /** Gives the hold back (the call did not happen). Releasing twice or after expiry is a no-op. */
    @Transactional
    public void release(Identity identity, UUID id) {
        Row r = lock(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("reservation", id));
        switch (r.status()) {
            case "active" -> {
                close(id, "released", null, r.charged());
                counters.release(holds(id));
            }
            case "settled" ->
                throw ApiException.of(
                        BillingErrorCode.RESERVATION_SETTLED,
                        "Reservation " + id + " is already settled and cannot be released");
            default -> {
                // released or expired: nothing is held any more
            }
        }
    }

    /**
     * Applies a priced usage event to its reservation: settles an active one with the ledger cost, or trues up the
     * spend of a closed one so budgets count what the ledger says. Returns false when the reservation is not this
     * tenant's (the caller then treats the call as unreserved).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean applyLedgerCost(UUID tenantId, UUID id, BigDecimal cost) {
        Optional<Row> found = lock(tenantId, id);
        if (found.isEmpty()) {
            return false;
        }
        Row r = found.get();
        BigDecimal ledger = (r.ledgerCost() == null ? BigDecimal.ZERO : r.ledgerCost()).add(cost);
        List<Hold> holds = holds(id);
        if (r.status().equals("active")) {
            jdbc.sql("update billing.reservations set status = 'settled', ledger_cost_usd = :ledger,"
                            + " charged_usd = :ledger, closed_at = now() where id = :id")
                    .param("ledger", ledger)
                    .param("id", id)
                    .update();
            counters.settle(tenantId, holds, ledger);
        } else {
            jdbc.sql("update billing.reservations set ledger_cost_usd = :ledger, charged_usd = :ledger where id = :id")
                    .param("ledger", ledger)
                    .param("id", id)
                    .update();
            counters.adjust(tenantId, holds, ledger.subtract(r.charged()));
        }
        return true;
    }

    /** Releases up to {@code batch} expired holds; rows locked by another replica are skipped, not waited for. */
    @Transactional
    public int expireDue(int batch) {
        List<UUID> due = jdbc.sql("select id from billing.reservations where status = 'active' and expires_at < :now"
                        + " order by expires_at limit :batch for update skip locked")
                .param("now", Timestamp.from(clock.instant()))
                .param("batch", batch)
                .query(UUID.class)
                .list();
        for (UUID id : due) {
            close(id, "expired", null, BigDecimal.ZERO);
            counters.release(holds(id));
        }
        if (!due.isEmpty()) {
            log.info("expired {} reservations and released their holds", due.size());
        }
        return due.size();
    }

    /** The tenant's reservation, or empty (another tenant's looks missing). */
    @Transactional(readOnly = true)
    public Optional<ReservationResponse> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from billing.reservations where id = :id and tenant_id = :tenant")
                .param("id", id)
                .param("tenant", tenantId)
                .query(ReservationService::toResponse)
                .optional();
    }

    private Optional<Row> lock(UUID tenantId, UUID id) {
        return jdbc.sql("select tenant_id, status, actual_cost_usd, ledger_cost_usd, charged_usd"
                        + " from billing.reservations where id = :id and tenant_id = :tenant for update")
                .param("id", id)
                .param("tenant", tenantId)
                .query((rs, n) -> new Row(
                        rs.getObject("tenant_id", UUID.class),
                        rs.getString("status"),
                        rs.getBigDecimal("actual_cost_usd"),
                        rs.getBigDecimal("ledger_cost_usd"),
                        rs.getBigDecimal("charged_usd")))
                .optional();
    }

    private List<Hold> holds(UUID id) {
        return jdbc.sql("select budget_id, period_start, amount_usd from billing.reservation_holds"
                        + " where reservation_id = :id order by budget_id")
                .param("id", id)
                .query((rs, n) -> new Hold(
                        rs.getObject("budget_id", UUID.class),
                        rs.getTimestamp("period_start").toInstant(),
                        rs.getBigDecimal("amount_usd")))
                .list();
    }

    private void close(UUID id, String status, BigDecimal actual, BigDecimal charged) {
        jdbc.sql("update billing.reservations set status = :status, actual_cost_usd = coalesce(:actual,"
                        + " actual_cost_usd), charged_usd = :charged, closed_at = now() where id = :id")
                .param("status", status)
                .param("actual", actual)
                .param("charged", charged)
                .param("id", id)
                .update();
    }

    static ReservationResponse toResponse(ResultSet rs, int row) throws SQLException {
        BigDecimal max = rs.getBigDecimal("max_cost_usd");
        BigDecimal charged = rs.getBigDecimal("charged_usd");
        Timestamp closed = rs.getTimestamp("closed_at");
        return new ReservationResponse(
                rs.getObject("id", UUID.class),
                rs.getObject("api_key_id", UUID.class),
                rs.getObject("agent_id", UUID.class),
                rs.getObject("task_id", UUID.class),
                rs.getString("provider"),
                rs.getString("model"),
                rs.getString("status"),
                Money.format(max),
                Money.format(rs.getBigDecimal("actual_cost_usd")),
                Money.format(rs.getBigDecimal("ledger_cost_usd")),
                Money.format(charged),
                charged.compareTo(max) > 0,
                rs.getBoolean("unpriced"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(),
                closed == null ? null : closed.toInstant());
    }

    private record Row(
            UUID tenantId, String status, BigDecimal actualCost, BigDecimal ledgerCost, BigDecimal charged) {}
}
