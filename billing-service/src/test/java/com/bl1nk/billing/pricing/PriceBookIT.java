package com.bl1nk.billing.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.billing.support.Api.Response;
import com.bl1nk.billing.support.BillingIT;
import com.bl1nk.billing.support.TestTenant;
import com.bl1nk.billing.support.UsageEvents;
import com.bl1nk.common.stream.StreamPublisher;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class PriceBookIT extends BillingIT {

    @Autowired
    StreamPublisher publisher;

    @Test
    void servesTheDefaultBookInTheContractShape() {
        TestTenant a = newTenant();
        Response response = api.get(a.serviceToken(), "/internal/v1/prices?provider=mock-llm&model=mock-gpt");
        assertThat(response.status()).isEqualTo(200);
        JsonNode entry = response.json().path("items").get(0);
        assertThat(entry.path("provider").asString()).isEqualTo("mock-llm");
        assertThat(entry.path("model").asString()).isEqualTo("mock-gpt");
        assertThat(entry.path("inputPerMTokUsd").isString()).isTrue();
        assertThat(entry.path("inputPerMTokUsd").asString()).isEqualTo("1");
        assertThat(entry.path("outputPerMTokUsd").asString()).isEqualTo("2");
        assertThat(entry.path("cachedInputPerMTokUsd").asString()).isEqualTo("0.5");
        assertThat(entry.path("contextWindow").asInt()).isEqualTo(128000);
        assertThat(entry.path("supportsTools").asBoolean()).isTrue();

        JsonNode all = api.get(a.serviceToken(), "/internal/v1/prices").json().path("items");
        List<String> providers = all.valueStream()
                .map(e -> e.path("provider").asString())
                .distinct()
                .toList();
        assertThat(providers).contains("mock-llm", "openai", "openrouter", "bedrock");

        Response page = api.get(a.viewerToken(), "/api/v1/prices?limit=5");
        assertThat(page.json().path("items")).hasSize(5);
        Response next = api.get(
                a.viewerToken(),
                "/api/v1/prices?limit=5&cursor="
                        + page.json().path("nextCursor").asString());
        assertThat(next.json().path("items").get(0).path("model").asString())
                .isNotEqualTo(page.json().path("items").get(4).path("model").asString());
    }

    @Test
    void everyModelTheDefaultRoutingNamesHasAPlatformPriceWithItsEffectiveDate() {
        TestTenant a = newTenant();
        // task-service EnvironmentProviders' default model per provider variable, and common OpenRouter picks
        List<List<String>> routed = List.of(
                List.of("openrouter", "openai/gpt-4o-mini"),
                List.of("openrouter", "anthropic/claude-3.5-haiku"),
                List.of("openrouter", "openai/gpt-4.1-mini"),
                List.of("openrouter", "anthropic/claude-sonnet-4"),
                List.of("openrouter", "google/gemini-2.5-flash"),
                List.of("openrouter", "deepseek/deepseek-chat"),
                List.of("openai", "gpt-4o-mini"),
                List.of("openai", "gpt-4o"),
                List.of("cloudflare", "openai/gpt-4o-mini"),
                List.of("bedrock", "anthropic.claude-3-5-haiku-20241022-v1:0"),
                List.of("custom", "llama3.1"),
                List.of("mock-llm", "mock-gpt"),
                List.of("mock-llm", "mock-gpt-mini"));
        for (List<String> pm : routed) {
            Response response =
                    api.get(a.viewerToken(), "/api/v1/prices?provider=" + pm.get(0) + "&model=" + pm.get(1));
            assertThat(response.status()).as(pm.toString()).isEqualTo(200);
            JsonNode entry = response.json().path("items").get(0);
            assertThat(entry).as("a platform price for %s", pm).isNotNull();
            assertThat(entry.path("model").asString()).isEqualTo(pm.get(1));
            assertThat(entry.path("inputPerMTokUsd").isString())
                    .as(pm.toString())
                    .isTrue();
            assertThat(entry.path("outputPerMTokUsd").isString())
                    .as(pm.toString())
                    .isTrue();
            assertThat(Instant.parse(entry.path("effectiveFrom").asString()))
                    .as("effective date of %s", pm)
                    .isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        }
    }

    @Test
    void aPriceChangeLeavesPastCostsUntouchedAndPricesLateEventsByTheOldVersion() {
        TestTenant a = newTenant();
        TestTenant b = newTenant();
        Instant before = Instant.now().minusSeconds(3600);
        UsageEvents.publish(publisher, UsageEvents.event(a.id(), "mock-llm", "mock-gpt", 1_000_000, 0, 0, before));
        await().atMost(Duration.ofSeconds(20)).until(() -> ledgerCost(a).signum() > 0);
        assertThat(ledgerCost(a)).isEqualByComparingTo("1");

        // mock-llm is a platform provider: the platform operator gives tenant a its own (negotiated) price
        TestTenant operator = newTenant();
        Response created = api.post(
                operator.platformAdminToken(),
                "/api/v1/prices",
                Map.of(
                        "provider",
                        "mock-llm",
                        "model",
                        "mock-gpt",
                        "inputPerMTokUsd",
                        "10",
                        "outputPerMTokUsd",
                        "20",
                        "tenantId",
                        a.id().toString()));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("source").asString()).isEqualTo("tenant");
        Instant changedAt = Instant.parse(created.json().path("effectiveFrom").asString());

        // one call after the change, one that happened before it but arrives late
        UsageEvents.publish(
                publisher,
                UsageEvents.event(a.id(), "mock-llm", "mock-gpt", 1_000_000, 0, 0, changedAt.plusSeconds(1)));
        UsageEvents.publish(
                publisher, UsageEvents.event(a.id(), "mock-llm", "mock-gpt", 1_000_000, 0, 0, before.plusSeconds(60)));
        await().atMost(Duration.ofSeconds(20)).until(() -> ledgerRows(a) == 3);

        List<BigDecimal> costs = jdbc.sql(
                        "select cost_usd from billing.usage_records where tenant_id = :t" + " order by occurred_at")
                .param("t", a.id())
                .query(BigDecimal.class)
                .list();
        assertThat(costs.get(0)).isEqualByComparingTo("1");
        assertThat(costs.get(1)).isEqualByComparingTo("1");
        assertThat(costs.get(2)).isEqualByComparingTo("10");

        // the history keeps both versions; the other tenant still pays the default
        JsonNode history = api.get(a.viewerToken(), "/api/v1/prices/history?provider=mock-llm&model=mock-gpt")
                .json()
                .path("items");
        assertThat(history).hasSize(2);
        assertThat(api.get(b.serviceToken(), "/internal/v1/prices?provider=mock-llm&model=mock-gpt")
                        .json()
                        .path("items")
                        .get(0)
                        .path("inputPerMTokUsd")
                        .asString())
                .isEqualTo("1");
    }

    @Test
    void refusesPriceVersionsStartingInThePastAndBadInputWithoutStoringThem() {
        TestTenant a = newTenant();
        String own = "acme-" + a.id().toString().substring(0, 8);
        Response past = api.post(
                a.adminToken(),
                "/api/v1/prices",
                Map.of(
                        "provider", own,
                        "model", "mock-gpt",
                        "inputPerMTokUsd", "1",
                        "outputPerMTokUsd", "1",
                        "effectiveFrom", "2020-01-01T00:00:00Z"));
        assertThat(past.isProblem("effective_from_in_past")).as(past.toString()).isTrue();
        Response malformed = api.post(
                a.adminToken(),
                "/api/v1/prices",
                Map.of(
                        "provider", own,
                        "model", "mock-gpt",
                        "inputPerMTokUsd", "1",
                        "outputPerMTokUsd", "1",
                        "effectiveFrom", "tomorrow"));
        assertThat(malformed.isProblem("validation_failed")).isTrue();
        assertThat(api.post(
                                a.adminToken(),
                                "/api/v1/prices",
                                Map.of("provider", own, "model", "x", "inputPerMTokUsd", "-1", "outputPerMTokUsd", "1"))
                        .isProblem("validation_failed"))
                .isTrue();
        assertThat(api.post(
                                a.adminToken(),
                                "/api/v1/prices",
                                Map.of(
                                        "provider", own,
                                        "model", "x",
                                        "inputPerMTokUsd", "1",
                                        "outputPerMTokUsd", "1",
                                        "currency", "GBP"))
                        .isProblem("unsupported_currency"))
                .isTrue();
        assertThat(api.post(
                                a.adminToken(),
                                "/api/v1/prices",
                                Map.of(
                                        "provider",
                                        "Bad Provider",
                                        "model",
                                        "x",
                                        "inputPerMTokUsd",
                                        "1",
                                        "outputPerMTokUsd",
                                        "1"))
                        .isProblem("validation_failed"))
                .isTrue();
        assertThat(api.post(
                                a.viewerToken(),
                                "/api/v1/prices",
                                Map.of("provider", own, "model", "x", "inputPerMTokUsd", "1", "outputPerMTokUsd", "1"))
                        .status())
                .isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from billing.prices where tenant_id = :t")
                        .param("t", a.id())
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(api.put(a.platformAdminToken(), "/api/v1/prices/policy", Map.of())
                        .isProblem("validation_failed"))
                .isTrue();
    }

    private BigDecimal ledgerCost(TestTenant tenant) {
        return jdbc.sql("select coalesce(sum(cost_usd), 0) from billing.usage_records where tenant_id = :t")
                .param("t", tenant.id())
                .query(BigDecimal.class)
                .single();
    }

    private long ledgerRows(TestTenant tenant) {
        return jdbc.sql("select count(*) from billing.usage_records where tenant_id = :t")
                .param("t", tenant.id())
                .query(Long.class)
                .single();
    }
}
