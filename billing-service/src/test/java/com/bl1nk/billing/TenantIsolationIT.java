package com.bl1nk.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.billing.support.Api.Response;
import com.bl1nk.billing.support.BillingIT;
import com.bl1nk.billing.support.TestTenant;
import com.bl1nk.billing.support.UsageEvents;
import com.bl1nk.common.stream.StreamPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Tenant B can neither see nor change anything of tenant A, on every endpoint; A's data looks missing (404). */
class TenantIsolationIT extends BillingIT {

    @Autowired
    StreamPublisher publisher;

    private TestTenant a;
    private TestTenant b;
    private String budgetA;
    private String reservationA;
    private UUID taskA;

    @BeforeEach
    void tenantAHasData() {
        a = newTenant();
        b = newTenant();
        budgetA = api.post(
                        a.adminToken(),
                        "/api/v1/budgets",
                        Map.of(
                                "scope",
                                "tenant",
                                "period",
                                "monthly",
                                "limitUsd",
                                "1",
                                "thresholds",
                                java.util.List.of(1)))
                .json()
                .path("id")
                .asString();
        reservationA = api.post(
                        a.serviceToken(),
                        "/internal/v1/reservations",
                        Map.of("provider", "mock-llm", "model", "mock-gpt", "maxCostUsd", "0.5"))
                .json()
                .path("id")
                .asString();
        taskA = UUID.randomUUID();
        Map<String, Object> event = UsageEvents.event(a.id(), "mock-llm", "mock-gpt", 100_000, 0, 0, Instant.now());
        event.put("taskId", taskA.toString());
        UsageEvents.publish(publisher, event);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get(a.viewerToken(), "/api/v1/budgets/alerts")
                                .json()
                                .path("items")
                                .size()
                        == 1);
        assertThat(api.put(a.adminToken(), "/api/v1/budgets/alert-webhook", Map.of("url", "https://93.184.215.14/hook"))
                        .status())
                .isEqualTo(200);
        api.post(
                a.adminToken(),
                "/api/v1/prices",
                Map.of("provider", "acme", "model", "secret-model", "inputPerMTokUsd", "3", "outputPerMTokUsd", "4"));
        assertThat(api.put(a.platformAdminToken(), "/api/v1/prices/policy", Map.of("allowUnpricedModels", true))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void budgetsOfAnotherTenantLookMissing() {
        assertThat(api.get(b.adminToken(), "/api/v1/budgets/" + budgetA).status())
                .isEqualTo(404);
        assertThat(api.put(b.adminToken(), "/api/v1/budgets/" + budgetA, Map.of("limitUsd", "999"))
                        .status())
                .isEqualTo(404);
        assertThat(api.delete(b.adminToken(), "/api/v1/budgets/" + budgetA).status())
                .isEqualTo(404);
        assertThat(api.get(b.adminToken(), "/api/v1/budgets").json().path("items"))
                .isEmpty();
        Response stillThere = api.get(a.adminToken(), "/api/v1/budgets/" + budgetA);
        assertThat(stillThere.json().path("limitUsd").asString()).isEqualTo("1");
    }

    @Test
    void alertsAndTheAlertWebhookAreTenantScoped() {
        assertThat(api.get(b.adminToken(), "/api/v1/budgets/alerts").json().path("items"))
                .isEmpty();
        assertThat(api.get(b.adminToken(), "/api/v1/budgets/alerts?budgetId=" + budgetA)
                        .json()
                        .path("items"))
                .isEmpty();
        assertThat(api.get(b.adminToken(), "/api/v1/budgets/alert-webhook")
                        .json()
                        .path("configured")
                        .asBoolean())
                .isFalse();
        assertThat(api.delete(b.adminToken(), "/api/v1/budgets/alert-webhook").status())
                .isEqualTo(204);
        assertThat(api.get(a.adminToken(), "/api/v1/budgets/alert-webhook")
                        .json()
                        .path("url")
                        .asString())
                .isEqualTo("https://93.184.215.14/hook");
    }

    @Test
    void reservationsOfAnotherTenantCannotBeReadSettledOrReleased() {
        assertThat(api.get(b.adminToken(), "/api/v1/reservations/" + reservationA)
                        .status())
                .isEqualTo(404);
        assertThat(api.get(b.adminToken(), "/api/v1/reservations").json().path("items"))
                .isEmpty();
        assertThat(api.post(
                                b.serviceToken(),
                                "/internal/v1/reservations/" + reservationA + "/settle",
                                Map.of("actualCostUsd", "0.5"))
                        .status())
                .isEqualTo(404);
        assertThat(api.post(b.serviceToken(), "/internal/v1/reservations/" + reservationA + "/release", null)
                        .status())
                .isEqualTo(404);
        assertThat(api.get(a.adminToken(), "/api/v1/reservations/" + reservationA)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("active");
        // B's reservations never touch A's budget; B has no budget, so it is unlimited
        assertThat(api.post(
                                b.serviceToken(),
                                "/internal/v1/reservations",
                                Map.of("provider", "mock-llm", "model", "mock-gpt", "maxCostUsd", "5"))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aUsageEventOfAnotherTenantCannotSettleAReservation() {
        Map<String, Object> event = UsageEvents.event(b.id(), "mock-llm", "mock-gpt", 10, 0, 0, Instant.now());
        event.put("reservationId", reservationA);
        UsageEvents.publish(publisher, event);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get(b.viewerToken(), "/api/v1/usage/records")
                                .json()
                                .path("items")
                                .size()
                        == 1);
        assertThat(api.get(a.adminToken(), "/api/v1/reservations/" + reservationA)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("active");
    }

    @Test
    void usageOfAnotherTenantIsInvisible() {
        assertThat(api.get(b.viewerToken(), "/api/v1/usage?groupBy=task").json().path("items"))
                .isEmpty();
        assertThat(api.get(b.viewerToken(), "/api/v1/usage")
                        .json()
                        .path("totals")
                        .path("costUsd")
                        .asString())
                .isEqualTo("0");
        assertThat(api.get(b.viewerToken(), "/api/v1/usage?format=csv").body()).doesNotContain("mock-gpt");
        assertThat(api.get(b.viewerToken(), "/api/v1/usage/records").json().path("items"))
                .isEmpty();
        assertThat(api.get(b.viewerToken(), "/api/v1/usage/records?taskId=" + taskA)
                        .json()
                        .path("items"))
                .isEmpty();
        assertThat(api.get(b.viewerToken(), "/api/v1/usage/tasks/" + taskA).status())
                .isEqualTo(404);
        assertThat(api.get(a.viewerToken(), "/api/v1/usage/tasks/" + taskA).status())
                .isEqualTo(200);
    }

    @Test
    void pricesAndThePricingPolicyOfAnotherTenantAreInvisible() {
        assertThat(api.get(b.viewerToken(), "/api/v1/prices?provider=acme")
                        .json()
                        .path("items"))
                .isEmpty();
        assertThat(api.get(b.viewerToken(), "/api/v1/prices/history?provider=acme&model=secret-model")
                        .json()
                        .path("items"))
                .isEmpty();
        assertThat(api.get(b.serviceToken(), "/internal/v1/prices?provider=acme")
                        .json()
                        .path("items"))
                .isEmpty();
        assertThat(api.get(a.serviceToken(), "/internal/v1/prices?provider=acme")
                        .json()
                        .path("items"))
                .hasSize(1);
        assertThat(api.get(a.viewerToken(), "/api/v1/prices/policy")
                        .json()
                        .path("allowUnpricedModels")
                        .asBoolean())
                .isTrue();
        assertThat(api.get(b.viewerToken(), "/api/v1/prices/policy")
                        .json()
                        .path("allowUnpricedModels")
                        .asBoolean())
                .isFalse();
        assertThat(api.post(
                                b.serviceToken(),
                                "/internal/v1/reservations",
                                Map.of("provider", "acme", "model", "unknown", "maxCostUsd", "1"))
                        .isProblem("model_not_priced"))
                .isTrue();
    }
}
