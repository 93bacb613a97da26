package com.bl1nk.billing.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.billing.support.Api.Response;
import com.bl1nk.billing.support.BillingIT;
import com.bl1nk.billing.support.TestTenant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BudgetApiIT extends BillingIT {

    @Test
    void createsListsUpdatesAndDeletesABudget() {
        TestTenant a = newTenant();
        Response created = api.post(
                a.adminToken(),
                "/api/v1/budgets",
                Map.of("scope", "tenant", "period", "monthly", "limitUsd", "12.50", "thresholds", List.of(90, 50)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode budget = created.json();
        assertThat(budget.path("limitUsd").asString()).isEqualTo("12.5");
        assertThat(budget.path("thresholds").toString()).isEqualTo("[50,90]");
        assertThat(budget.path("current").path("remainingUsd").asString()).isEqualTo("12.5");
        String id = budget.path("id").asString();

        Response list = api.get(a.viewerToken(), "/api/v1/budgets");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("items")).hasSize(1);
        assertThat(list.json().path("nextCursor").isNull()).isTrue();

        Response updated = api.put(a.adminToken(), "/api/v1/budgets/" + id, Map.of("limitUsd", 20));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().path("limitUsd").asString()).isEqualTo("20");

        assertThat(api.delete(a.adminToken(), "/api/v1/budgets/" + id).status()).isEqualTo(204);
        assertThat(api.get(a.adminToken(), "/api/v1/budgets/" + id).status()).isEqualTo(404);
    }

    @Test
    void pagesThroughBudgetsWithACursor() {
        TestTenant a = newTenant();
        for (String scope : List.of("daily", "monthly", "total")) {
            assertThat(api.post(
                                    a.adminToken(),
                                    "/api/v1/budgets",
                                    Map.of("scope", "tenant", "period", scope, "limitUsd", "1"))
                            .status())
                    .isEqualTo(201);
        }
        Response first = api.get(a.adminToken(), "/api/v1/budgets?limit=2");
        assertThat(first.json().path("items")).hasSize(2);
        String cursor = first.json().path("nextCursor").asString();
        Response second = api.get(a.adminToken(), "/api/v1/budgets?limit=2&cursor=" + cursor);
        assertThat(second.json().path("items")).hasSize(1);
        assertThat(second.json().path("nextCursor").isNull()).isTrue();
    }

    @Test
    void refusesANegativeLimitWithProblemJsonAndStoresNothing() {
        TestTenant a = newTenant();
        Response response = api.post(
                a.adminToken(), "/api/v1/budgets", Map.of("scope", "tenant", "period", "daily", "limitUsd", "-1"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.isProblem("validation_failed"))
                .as(response.toString())
                .isTrue();
        assertThat(response.json().path("errors").get(0).path("field").asString())
                .isEqualTo("limitUsd");
        assertThat(budgetCount(a)).isZero();
    }

    @Test
    void refusesAnUnknownCurrencySayingOnlyUsdIsSupported() {
        TestTenant a = newTenant();
        Response response = api.post(
                a.adminToken(),
                "/api/v1/budgets",
                Map.of("scope", "tenant", "period", "daily", "limitUsd", "5", "currency", "EUR"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.isProblem("unsupported_currency"))
                .as(response.toString())
                .isTrue();
        assertThat(response.json().path("detail").asString()).contains("only USD is supported");
        assertThat(budgetCount(a)).isZero();
    }

    @Test
    void refusesMalformedBodiesAndFieldsWith400() {
        TestTenant a = newTenant();
        assertThat(api.post(a.adminToken(), "/api/v1/budgets", "{not json").status())
                .isEqualTo(400);
        assertThat(api.post(
                                a.adminToken(),
                                "/api/v1/budgets",
                                Map.of("scope", "tenant", "period", "daily", "limitUsd", "ten"))
                        .status())
                .isEqualTo(400);
        assertThat(api.post(
                                a.adminToken(),
                                "/api/v1/budgets",
                                Map.of("scope", "planet", "period", "daily", "limitUsd", "1"))
                        .isProblem("validation_failed"))
                .isTrue();
        assertThat(api.post(
                                a.adminToken(),
                                "/api/v1/budgets",
                                Map.of("scope", "agent", "period", "daily", "limitUsd", "1"))
                        .isProblem("validation_failed"))
                .isTrue();
        assertThat(api.post(
                                a.adminToken(),
                                "/api/v1/budgets",
                                Map.of("scope", "tenant", "period", "hourly", "limitUsd", "1"))
                        .isProblem("validation_failed"))
                .isTrue();
        assertThat(api.post(
                                a.adminToken(),
                                "/api/v1/budgets",
                                Map.of("scope", "tenant", "period", "daily", "limitUsd", "1", "thresholds", List.of(0)))
                        .isProblem("validation_failed"))
                .isTrue();
        assertThat(api.get(a.adminToken(), "/api/v1/budgets/not-a-uuid").status())
                .isEqualTo(400);
        assertThat(api.get(a.adminToken(), "/api/v1/budgets?limit=0").status()).isEqualTo(400);
        assertThat(api.get(a.adminToken(), "/api/v1/budgets?cursor=zz").status())
                .isEqualTo(400);
        assertThat(budgetCount(a)).isZero();
    }

    @Test
    void refusesADuplicateBudgetWith409() {
        TestTenant a = newTenant();
        Map<String, Object> body =
                Map.of("scope", "agent", "scopeId", UUID.randomUUID(), "period", "daily", "limitUsd", 1);
        assertThat(api.post(a.adminToken(), "/api/v1/budgets", body).status()).isEqualTo(201);
        assertThat(api.post(a.adminToken(), "/api/v1/budgets", body).isProblem("budget_exists"))
                .isTrue();
    }

    @Test
    void viewersCannotChangeBudgets() {
        TestTenant a = newTenant();
        Response response = api.post(
                a.viewerToken(), "/api/v1/budgets", Map.of("scope", "tenant", "period", "daily", "limitUsd", "1"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(budgetCount(a)).isZero();
    }

    @Test
    void requestsWithoutAValidIdentityTokenGet401() {
        Response none = api.get(null, "/api/v1/budgets");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(api.get("forged.token.value", "/api/v1/budgets").status()).isEqualTo(401);
        assertThat(api.post(null, "/internal/v1/reservations", Map.of()).status())
                .isEqualTo(401);
        assertThat(api.get(null, "/actuator/health").status()).isEqualTo(200);
    }

    @Test
    void healthMetricsAndApiDocsAreOpenAndDescribeTheService() {
        Response readiness = api.get(null, "/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
        assertThat(api.get(null, "/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api.get(null, "/actuator/prometheus").body()).contains("jvm_");
        Response docs = api.get(null, "/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        // internal operations (task-service's token only) are not advertised in the public docs
        assertThat(docs.json().path("paths").has("/internal/v1/reservations")).isFalse();
        assertThat(docs.json().path("paths").has("/api/v1/usage")).isTrue();
    }

    private long budgetCount(TestTenant tenant) {
        return jdbc.sql("select count(*) from billing.budgets where tenant_id = :t")
                .param("t", tenant.id())
                .query(Long.class)
                .single();
    }
}
