package com.bl1nk.billing.budget;

import com.bl1nk.billing.money.Money;
import com.bl1nk.billing.money.Period;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.idempotency.IdempotencyService;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Budget administration: create, read (with the current period's spend), change limits, delete. */
@RestController
@RequestMapping("/api/v1/budgets")
class BudgetController {

    private static final List<Integer> DEFAULT_THRESHOLDS = List.of(50, 80, 100);
    private static final int MAX_THRESHOLDS = 10;

    private static final String SELECT = "select b.id, b.scope, b.scope_id, b.period, b.limit_usd, b.thresholds,"
            + " b.currency, b.created_at, b.updated_at, c.spent_usd, c.reserved_usd from billing.budgets b"
            + " left join billing.budget_counters c on c.budget_id = b.id and c.period_start = (case b.period"
            + " when 'daily' then cast(:day as timestamptz) when 'monthly' then cast(:month as timestamptz)"
            + " else cast(:total as timestamptz) end)";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final IdempotencyService idempotency;

    BudgetController(JdbcClient jdbc, Clock clock, IdempotencyService idempotency) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.idempotency = idempotency;
    }

    @Requires(Permission.BILLING_ADMIN)
    @PostMapping
    ResponseEntity<?> create(
            Identity identity,
            @RequestHeader(value = IdempotencyService.HEADER, required = false) String idempotencyKey,
            @RequestBody BudgetRequest request) {
        return idempotency.execute(
                identity,
                "POST /api/v1/budgets",
                idempotencyKey,
                request,
                () -> ResponseEntity.status(HttpStatus.CREATED).body(insert(identity, request)));
    }

    private BudgetResponse insert(Identity identity, BudgetRequest request) {
        Money.requireSupportedCurrency(request.currency());
        Scope scope = Scope.fromWire(request.scope());
        if (scope == null) {
            throw ApiException.invalidField("scope", "must be one of tenant, api_key, agent");
        }
        if (scope == Scope.TENANT && request.scopeId() != null) {
            throw ApiException.invalidField("scopeId", "must be absent for a tenant budget");
        }
        if (scope != Scope.TENANT && request.scopeId() == null) {
            throw ApiException.invalidField("scopeId", "is required for an " + scope.wire() + " budget");
        }
        Period period = Period.fromWire(request.period());
        if (period == null) {
            throw ApiException.invalidField("period", "must be one of daily, monthly, total");
        }
        BigDecimal limit = Money.requireAmount("limitUsd", request.limitUsd());
        List<Integer> thresholds = thresholds(request.thresholds(), DEFAULT_THRESHOLDS);
        UUID id = UUID.randomUUID();
        try {
            jdbc.sql("insert into billing.budgets (id, tenant_id, scope, scope_id, period, limit_usd, thresholds)"
                            + " values (:id, :tenant, :scope, :scopeId, :period, :limit, :thresholds::integer[])")
                    .param("id", id)
                    .param("tenant", identity.tenantId())
                    .param("scope", scope.wire())
                    .param("scopeId", request.scopeId())
                    .param("period", period.wire())
                    .param("limit", limit)
                    .param("thresholds", arrayLiteral(thresholds))
                    .update();
        } catch (DuplicateKeyException e) {
            throw ApiException.conflict(
                    "budget_exists", "A " + period.wire() + " budget for this " + scope.wire() + " already exists");
        }
        return find(identity.tenantId(), id);
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping
    Page<BudgetResponse> list(
            Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageRequests.limit(limit);
        Cursors.Cursor after = Cursors.decode(cursor);
        Instant now = clock.instant();
        JdbcClient.StatementSpec spec = jdbc.sql(SELECT + " where b.tenant_id = :tenant"
                        + (after == null ? "" : " and (b.created_at, b.id) < (:afterAt, :afterId)")
                        + " order by b.created_at desc, b.id desc limit :limit")
                .param("tenant", identity.tenantId())
                .param("limit", size + 1);
        spec = periodParams(spec, now);
        if (after != null) {
            spec = spec.param("afterAt", Timestamp.from(after.createdAt())).param("afterId", after.id());
        }
        List<BudgetResponse> rows = spec.query((rs, n) -> map(rs, now)).list();
        return Page.of(rows, size, b -> Cursors.encode(b.createdAt(), b.id()));
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping("/{id}")
    BudgetResponse get(Identity identity, @PathVariable UUID id) {
        return find(identity.tenantId(), id);
    }

    @Requires(Permission.BILLING_ADMIN)
    @PutMapping("/{id}")
    @Transactional
    BudgetResponse update(Identity identity, @PathVariable UUID id, @RequestBody BudgetRequest request) {
        Money.requireSupportedCurrency(request.currency());
        BudgetResponse current = find(identity.tenantId(), id);
        if (request.scope() != null && !request.scope().equals(current.scope())
                || request.period() != null && !request.period().equals(current.period())) {
            throw ApiException.unprocessable(
                    "budget_immutable_fields", "scope and period of a budget cannot change; create another budget");
        }
        BigDecimal limit = request.limitUsd() == null
                ? new BigDecimal(current.limitUsd())
                : Money.requireAmount("limitUsd", request.limitUsd());
        List<Integer> thresholds = thresholds(request.thresholds(), current.thresholds());
        jdbc.sql(
                        "update billing.budgets set limit_usd = :limit, thresholds = :thresholds::integer[], updated_at = now()"
                                + " where id = :id and tenant_id = :tenant")
                .param("limit", limit)
                .param("thresholds", arrayLiteral(thresholds))
                .param("id", id)
                .param("tenant", identity.tenantId())
                .update();
        return find(identity.tenantId(), id);
    }

    @Requires(Permission.BILLING_ADMIN)
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Transactional
    void delete(Identity identity, @PathVariable UUID id) {
        int deleted = jdbc.sql("delete from billing.budgets where id = :id and tenant_id = :tenant")
                .param("id", id)
                .param("tenant", identity.tenantId())
                .update();
        if (deleted == 0) {
            throw ApiException.notFound("budget", id);
        }
    }

    private BudgetResponse find(UUID tenantId, UUID id) {
        Instant now = clock.instant();
        return periodParams(jdbc.sql(SELECT + " where b.tenant_id = :tenant and b.id = :id"), now)
                .param("tenant", tenantId)
                .param("id", id)
                .query((rs, n) -> map(rs, now))
                .optional()
                .orElseThrow(() -> ApiException.notFound("budget", id));
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

    private static List<Integer> thresholds(List<Integer> requested, List<Integer> fallback) {
        if (requested == null) {
            return fallback;
        }
        if (requested.size() > MAX_THRESHOLDS) {
            throw ApiException.invalidField("thresholds", "at most " + MAX_THRESHOLDS + " thresholds");
        }
        TreeSet<Integer> sorted = new TreeSet<>();
        for (Integer t : requested) {
            if (t == null || t < 1 || t > 100) {
                throw ApiException.invalidField("thresholds", "each threshold is a percentage from 1 to 100");
            }
            sorted.add(t);
        }
        return List.copyOf(sorted);
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
