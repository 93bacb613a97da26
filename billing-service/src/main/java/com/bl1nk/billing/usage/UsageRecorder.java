package com.bl1nk.billing.usage;

import com.bl1nk.billing.budget.BudgetCounters;
import com.bl1nk.billing.pricing.PriceBook;
import com.bl1nk.billing.pricing.PriceVersion;
import com.bl1nk.billing.reservation.ReservationService;
import com.bl1nk.contracts.usage.ModelCallMetered;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes one ledger row per metered call and charges budgets, in one transaction keyed by the event id, so a
 * redelivered event changes nothing and a crash halfway leaves nothing behind.
 */
@Service
public class UsageRecorder {

    private static final Logger log = LoggerFactory.getLogger(UsageRecorder.class);

    private final JdbcClient jdbc;
    private final PriceBook priceBook;
    private final BudgetCounters counters;
    private final ReservationService reservations;

    UsageRecorder(JdbcClient jdbc, PriceBook priceBook, BudgetCounters counters, ReservationService reservations) {
        this.jdbc = jdbc;
        this.priceBook = priceBook;
        this.counters = counters;
        this.reservations = reservations;
    }

    /** Outcome of recording one event. */
    public enum Outcome {
        RECORDED,
        DUPLICATE
    }

    /**
     * Prices and records the call. Throws {@link IllegalArgumentException} for an event that can never be recorded
     * (it is retried and then dead-lettered by the stream worker).
     */
    @Transactional
    public Outcome record(ModelCallMetered event, UUID envelopeTenantId) {
        validate(event, envelopeTenantId);
        long prompt = event.promptTokens();
        long completion = event.completionTokens();
        long cached = event.cachedTokens() == null ? 0 : event.cachedTokens();
        Optional<PriceVersion> price =
                priceBook.effectiveAt(event.tenantId(), event.provider(), event.model(), event.occurredAt());
        BigDecimal cost = price.map(p -> p.costOf(prompt, completion, cached)).orElse(BigDecimal.ZERO);
        BigDecimal reported = parseReported(event.costUsd());
        int inserted = jdbc.sql("insert into billing.usage_records (id, event_id, tenant_id, api_key_id, agent_id,"
                        + " task_id, reservation_id, provider, model, kind, prompt_tokens, completion_tokens,"
                        + " cached_tokens, cost_usd, price_id, estimated, unpriced, reported_cost_usd, latency_ms,"
                        + " trace_id, occurred_at) values (:id, :event, :tenant, :key, :agent, :task, :reservation,"
                        + " :provider, :model, :kind, :prompt, :completion, :cached, :cost, :price, :estimated,"
                        + " :unpriced, :reported, :latency, :trace, :occurred) on conflict (event_id) do nothing")
                .param("id", UUID.randomUUID())
                .param("event", event.eventId())
                .param("tenant", event.tenantId())
                .param("key", event.apiKeyId())
                .param("agent", event.agentId())
                .param("task", event.taskId())
                .param("reservation", event.reservationId())
                .param("provider", event.provider())
                .param("model", event.model())
                .param("kind", event.kind() == null ? ModelCallMetered.CHAT : event.kind())
                .param("prompt", prompt)
                .param("completion", completion)
                .param("cached", cached)
                .param("cost", cost)
                .param("price", price.map(PriceVersion::id).orElse(null))
                .param("estimated", Boolean.TRUE.equals(event.estimated()))
                .param("unpriced", price.isEmpty())
                .param("reported", reported)
                .param("latency", event.latencyMs())
                .param("trace", event.traceId())
                .param("occurred", Timestamp.from(event.occurredAt()))
                .update();
        if (inserted == 0) {
            log.debug("usage event {} already recorded; skipping", event.eventId());
            return Outcome.DUPLICATE;
        }
        if (price.isEmpty()) {
            log.warn(
                    "usage event {} names unpriced model {}/{}; recorded at 0 USD and flagged",
                    event.eventId(),
                    event.provider(),
                    event.model());
        }
        boolean linked = event.reservationId() != null
                && reservations.applyLedgerCost(event.tenantId(), event.reservationId(), cost);
        if (!linked) {
            counters.spendUnreserved(event.tenantId(), event.apiKeyId(), event.agentId(), cost, event.occurredAt());
        }
        return Outcome.RECORDED;
    }

    private static void validate(ModelCallMetered e, UUID envelopeTenantId) {
        require(e.eventId() != null, "eventId is missing");
        require(e.tenantId() != null, "tenantId is missing");
        require(
                envelopeTenantId == null || Objects.equals(envelopeTenantId, e.tenantId()),
                "payload tenantId differs from the message's tenantId");
        require(e.provider() != null && !e.provider().isBlank(), "provider is missing");
        require(e.model() != null && !e.model().isBlank(), "model is missing");
        require(e.occurredAt() != null, "occurredAt is missing");
        require(e.promptTokens() >= 0, "promptTokens must be a non-negative number");
        require(e.completionTokens() >= 0, "completionTokens must be a non-negative number");
        long cached = e.cachedTokens() == null ? 0 : e.cachedTokens();
        require(cached >= 0 && cached <= e.promptTokens(), "cachedTokens must be between 0 and promptTokens");
        require(
                e.kind() == null
                        || e.kind().equals(ModelCallMetered.CHAT)
                        || e.kind().equals(ModelCallMetered.EMBEDDING),
                "kind must be chat or embedding");
    }

    private static BigDecimal parseReported(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            BigDecimal parsed = new BigDecimal(value.strip());
            return parsed.signum() < 0 ? null : parsed;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("invalid ModelCallMetered event: " + message);
        }
    }
}
