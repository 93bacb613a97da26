package com.bl1nk.billing.budget;

import com.bl1nk.billing.error.BillingErrorCode;
import com.bl1nk.billing.money.Money;
import com.bl1nk.billing.money.Period;
import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.idempotency.IdempotencyService;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.contracts.audit.AuditRecorded;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
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

    private final BudgetRepository budgets;
    private final Clock clock;
    private final IdempotencyService idempotency;
    private final TransactionTemplate transactions;
    private final AuditOutbox audit;

    BudgetController(
            BudgetRepository budgets,
            Clock clock,
            IdempotencyService idempotency,
            TransactionTemplate transactions,
            AuditOutbox audit) {
        this.budgets = budgets;
        this.clock = clock;
        this.idempotency = idempotency;
        this.transactions = transactions;
        this.audit = audit;
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
            transactions.executeWithoutResult(status -> {
                budgets.insert(
                        id, identity.tenantId(), scope.wire(), request.scopeId(), period.wire(), limit, thresholds);
                audit.record(AuditRecorded.success(
                        identity.tenantId(),
                        identity.principal(),
                        "budget.created",
                        "budget",
                        id.toString(),
                        details(scope.wire(), request.scopeId(), period.wire(), limit, thresholds)));
            });
        } catch (DuplicateKeyException e) {
            throw ApiException.of(
                    BillingErrorCode.BUDGET_EXISTS,
                    "A " + period.wire() + " budget for this " + scope.wire() + " already exists");
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
        List<BudgetResponse> rows = budgets.page(identity.tenantId(), after, size + 1, now);
        return Page.of(rows, size, b -> Cursors.encode(b.createdAt(), b.id()));
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping("/{id}")
    BudgetResponse get(Identity identity, @PathVariable UUID id) {
        return find(identity.tenantId(), id);
    }

    @Requires(Permission.BILLING_ADMIN)
    @PutMapping("/{id}")
    BudgetResponse update(Identity identity, @PathVariable UUID id, @RequestBody BudgetRequest request) {
        return transactions.execute(status -> change(identity, id, request));
    }

    private BudgetResponse change(Identity identity, UUID id, BudgetRequest request) {
        Money.requireSupportedCurrency(request.currency());
        BudgetResponse current = find(identity.tenantId(), id);
        if (request.scope() != null && !request.scope().equals(current.scope())
                || request.period() != null && !request.period().equals(current.period())) {
            throw ApiException.of(
                    BillingErrorCode.BUDGET_IMMUTABLE_FIELDS,
                    "scope and period of a budget cannot change; create another budget");
        }
        BigDecimal limit = request.limitUsd() == null
                ? new BigDecimal(current.limitUsd())
                : Money.requireAmount("limitUsd", request.limitUsd());
        List<Integer> thresholds = thresholds(request.thresholds(), current.thresholds());
        budgets.updateLimits(identity.tenantId(), id, limit, thresholds);
        audit.record(AuditRecorded.success(
                identity.tenantId(),
                identity.principal(),
                "budget.updated",
                "budget",
                id.toString(),
                details(current.scope(), current.scopeId(), current.period(), limit, thresholds)));
        return find(identity.tenantId(), id);
    }

    @Requires(Permission.BILLING_ADMIN)
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Identity identity, @PathVariable UUID id) {
        transactions.executeWithoutResult(status -> {
            BudgetResponse current = find(identity.tenantId(), id);
            if (budgets.delete(identity.tenantId(), id) == 0) {
                throw ApiException.notFound("budget", id);
            }
            audit.record(AuditRecorded.success(
                    identity.tenantId(),
                    identity.principal(),
                    "budget.deleted",
                    "budget",
                    id.toString(),
                    details(
                            current.scope(),
                            current.scopeId(),
                            current.period(),
                            new BigDecimal(current.limitUsd()),
                            current.thresholds())));
        });
    }

    private static Map<String, Object> details(
            String scope, UUID scopeId, String period, BigDecimal limit, List<Integer> thresholds) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("scope", scope);
        if (scopeId != null) {
            details.put("scopeId", scopeId.toString());
        }
        details.put("period", period);
        details.put("limitUsd", limit.toPlainString());
        details.put("thresholds", thresholds);
        return details;
    }

    private BudgetResponse find(UUID tenantId, UUID id) {
        return budgets.find(tenantId, id, clock.instant()).orElseThrow(() -> ApiException.notFound("budget", id));
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
}
