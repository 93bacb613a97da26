package com.bl1nk.billing.pricing;

import com.bl1nk.billing.error.BillingErrorCode;
import com.bl1nk.billing.money.Money;
import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.CommonErrorCode;
import com.bl1nk.common.idempotency.IdempotencyService;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.contracts.billing.PriceEntry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Public price book API: read the effective book and its history, add a price version (a tenant's for its own
 * providers; platform prices by {@code platform:admin}), set the unpriced-model policy ({@code platform:admin}).
 */
@RestController
@RequestMapping("/api/v1/prices")
class PriceController {

    private static final Pattern PROVIDER = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");
    /** A new version may start slightly before "now" to absorb clock skew between the caller and us. */
    private static final Duration PAST_TOLERANCE = Duration.ofSeconds(5);

    private static final String SCOPE_TENANT = "tenant";
    private static final String SCOPE_PLATFORM = "platform";

    private final PriceBook priceBook;
    private final PriceRepository prices;
    private final Clock clock;
    private final IdempotencyService idempotency;
    private final TransactionTemplate transactions;
    private final AuditOutbox audit;

    PriceController(
            PriceBook priceBook,
            PriceRepository prices,
            Clock clock,
            IdempotencyService idempotency,
            TransactionTemplate transactions,
            AuditOutbox audit) {
        this.priceBook = priceBook;
        this.prices = prices;
        this.clock = clock;
        this.idempotency = idempotency;
        this.transactions = transactions;
        this.audit = audit;
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping
    Page<PriceEntry> list(
            Identity identity,
            @RequestParam(required = false) String provider,
            @RequestParam(required = false) String model,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageRequests.limit(limit);
        List<PriceVersion> rows = priceBook.effectiveList(
                identity.tenantId(), clock.instant(), provider, model, decodeCursor(cursor), size + 1);
        Page<PriceVersion> page = Page.of(rows, size, p -> encodeCursor(PriceBook.keyOf(p)));
        return new Page<>(page.items().stream().map(PriceVersion::toEntry).toList(), page.nextCursor());
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping("/history")
    Page<PriceEntry> history(
            Identity identity,
            @RequestParam String provider,
            @RequestParam String model,
            @RequestParam(required = false) Integer limit) {
        int size = PageRequests.limit(limit);
        List<PriceVersion> rows = prices.history(identity.tenantId(), provider, model, size);
        return new Page<>(rows.stream().map(PriceVersion::toEntry).toList(), null);
    }

    @Requires(Permission.BILLING_ADMIN)
    @PostMapping
    ResponseEntity<?> create(
            Identity identity,
            @RequestHeader(value = IdempotencyService.HEADER, required = false) String idempotencyKey,
            @RequestBody CreatePriceRequest request) {
        return idempotency.execute(
                identity,
                "POST /api/v1/prices",
                idempotencyKey,
                request,
                () -> ResponseEntity.status(HttpStatus.CREATED).body(insert(identity, request)));
    }

    private PriceEntry insert(Identity identity, CreatePriceRequest request) {
        Money.requireSupportedCurrency(request.currency());
        if (request.provider() == null || !PROVIDER.matcher(request.provider()).matches()) {
            throw ApiException.invalidField("provider", "must be 1-64 lower-case letters, digits, '.', '_' or '-'");
        }
        if (request.model() == null
                || request.model().isBlank()
                || request.model().length() > 200) {
            throw ApiException.invalidField("model", "must be 1-200 characters");
        }
        BigDecimal input = Money.requireAmount("inputPerMTokUsd", request.inputPerMTokUsd());
        BigDecimal output = Money.requireAmount("outputPerMTokUsd", request.outputPerMTokUsd());
        BigDecimal cached = request.cachedInputPerMTokUsd() == null
                ? null
                : Money.requireAmount("cachedInputPerMTokUsd", request.cachedInputPerMTokUsd());
        if (request.contextWindow() != null && request.contextWindow() < 1) {
            throw ApiException.invalidField("contextWindow", "must be positive");
        }
        UUID tenant = priceOwner(identity, request);
        Instant now = clock.instant();
        Instant effectiveFrom = now;
        if (request.effectiveFrom() != null) {
            try {
                effectiveFrom = Instant.parse(request.effectiveFrom());
            } catch (DateTimeParseException e) {
                throw ApiException.invalidField(
                        "effectiveFrom", "must be an ISO-8601 instant like 2026-01-31T00:00:00Z");
            }
            if (effectiveFrom.isBefore(now.minus(PAST_TOLERANCE))) {
                throw ApiException.of(
                        BillingErrorCode.EFFECTIVE_FROM_IN_PAST,
                        "A price version cannot start in the past: calls already priced must keep their cost");
            }
        }
        UUID id = UUID.randomUUID();
        PriceVersion version = new PriceVersion(
                id,
                tenant,
                request.provider(),
                request.model(),
                input,
                output,
                cached,
                request.contextWindow(),
                Boolean.TRUE.equals(request.supportsTools()),
                effectiveFrom);
        transactions.executeWithoutResult(status -> {
            if (!prices.insert(version, identity.principal())) {
                throw ApiException.of(
                        BillingErrorCode.PRICE_VERSION_EXISTS,
                        "A price version for this model starting at that moment already exists");
            }
            // a platform default belongs to no tenant: it is recorded in the chain of the operator who set it
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("scope", tenant == null ? SCOPE_PLATFORM : SCOPE_TENANT);
            details.put("provider", version.provider());
            details.put("model", version.model());
            details.put("inputPerMTokUsd", input.toPlainString());
            details.put("outputPerMTokUsd", output.toPlainString());
            details.put("effectiveFrom", version.effectiveFrom().toString());
            audit.record(AuditRecorded.success(
                    tenant == null ? identity.tenantId() : tenant,
                    identity.principal(),
                    "price.created",
                    "price",
                    id.toString(),
                    details));
        });
        return version.toEntry();
    }

    /**
     * Whose price this is ({@code null}: the platform default), after checking the caller may set it: a tenant prices
     * its own providers only, never one the platform pays for; platform prices and other tenants' prices are
     * {@code platform:admin}'s.
     */
    private UUID priceOwner(Identity identity, CreatePriceRequest request) {
        boolean platformScope;
        if (request.scope() == null || SCOPE_TENANT.equals(request.scope())) {
            platformScope = false;
        } else if (SCOPE_PLATFORM.equals(request.scope())) {
            platformScope = true;
        } else {
            throw ApiException.invalidField("scope", "must be 'tenant' or 'platform'");
        }
        UUID forTenant = null;
        if (request.tenantId() != null) {
            if (platformScope) {
                throw ApiException.invalidField("tenantId", "must not be set with scope 'platform'");
            }
            forTenant = parseTenantId(request.tenantId());
        }
        boolean platformAdmin = identity.hasScope(Permission.PLATFORM_ADMIN.scope());
        if (platformAdmin) {
            return platformScope ? null : forTenant != null ? forTenant : identity.tenantId();
        }
        if (platformScope) {
            throw ApiException.of(
                    BillingErrorCode.PLATFORM_PRICE,
                    "Platform default prices are set by the platform operator (platform:admin) only");
        }
        if (forTenant != null && !forTenant.equals(identity.tenantId())) {
            throw ApiException.of(
                    BillingErrorCode.PLATFORM_PRICE,
                    "Prices for another tenant are set by the platform operator (platform:admin) only");
        }
        if (priceBook.isPlatformProvider(request.provider())) {
            throw ApiException.of(
                    BillingErrorCode.PLATFORM_PRICE,
                    "Provider " + request.provider() + " is paid for by the platform; its prices are set by the"
                            + " platform operator (platform:admin) only. Price your own providers (a provider you"
                            + " added under a name of your own)");
        }
        return identity.tenantId();
    }

    private static UUID parseTenantId(String value) {
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidField("tenantId", "must be a tenant id (UUID)");
        }
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping("/policy")
    PricePolicy policy(Identity identity) {
        return new PricePolicy(priceBook.allowsUnpricedModels(identity.tenantId()));
    }

    /**
     * Letting a tenant's calls to unpriced models through spends unmetered money (the platform's, on a platform
     * provider), so only the platform operator sets it, for its own tenant or the one named by {@code tenantId}.
     */
    @Requires(Permission.PLATFORM_ADMIN)
    @PutMapping("/policy")
    PricePolicy updatePolicy(Identity identity, @RequestBody UpdatePricePolicyRequest request) {
        if (request.allowUnpricedModels() == null) {
            throw ApiException.invalidField("allowUnpricedModels", "must be true or false");
        }
        UUID tenant = request.tenantId() == null ? identity.tenantId() : parseTenantId(request.tenantId());
        transactions.executeWithoutResult(status -> {
            prices.setAllowUnpricedModels(tenant, request.allowUnpricedModels());
            audit.record(AuditRecorded.success(
                    tenant,
                    identity.principal(),
                    "price_policy.updated",
                    "price_policy",
                    tenant.toString(),
                    Map.of("allowUnpricedModels", request.allowUnpricedModels())));
        });
        return new PricePolicy(request.allowUnpricedModels());
    }

    static String encodeCursor(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.of(
                    CommonErrorCode.INVALID_CURSOR, "The cursor is malformed; pass back nextCursor unchanged");
        }
    }
}
