package com.bl1nk.billing.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.billing.support.Api.Response;
import com.bl1nk.billing.support.BillingIT;
import com.bl1nk.billing.support.TestTenant;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReservationLifecycleIT extends BillingIT {

    @Test
    void settleTurnsTheHoldIntoSpendAndIsIdempotent() {
        TestTenant a = newTenant();
        String budget = budget(a, "5");
        String id = reserve(a, "1.5", null).json().path("id").asString();
        assertThat(counter(budget, "reserved_usd")).isEqualByComparingTo("1.5");

        Response settled = settle(a, id, "0.42");
        assertThat(settled.status()).as(settled.toString()).isEqualTo(200);
        assertThat(settled.json().path("status").asString()).isEqualTo("settled");
        assertThat(settled.json().path("actualCostUsd").asString()).isEqualTo("0.42");
        assertThat(counter(budget, "reserved_usd")).isEqualByComparingTo("0");
        assertThat(counter(budget, "spent_usd")).isEqualByComparingTo("0.42");

        assertThat(settle(a, id, "0.42").status()).isEqualTo(200);
        assertThat(counter(budget, "spent_usd")).isEqualByComparingTo("0.42");
        assertThat(release(a, id).isProblem("reservation_settled")).isTrue();
    }

    @Test
    void releaseGivesTheHoldBackAndCannotBeSettledAfterwards() {
        TestTenant a = newTenant();
        String budget = budget(a, "5");
        String id = reserve(a, "2", null).json().path("id").asString();
        assertThat(release(a, id).status()).isEqualTo(204);
        assertThat(release(a, id).status()).isEqualTo(204);
        assertThat(counter(budget, "reserved_usd")).isEqualByComparingTo("0");
        assertThat(settle(a, id, "1").isProblem("reservation_released")).isTrue();
        assertThat(counter(budget, "spent_usd")).isEqualByComparingTo("0");
    }

    @Test
    void theSweeperReleasesExpiredReservationsAndALateSettleIsStillCharged() {
        TestTenant a = newTenant();
        String budget = budget(a, "5");
        Map<String, Object> body = body("3");
        body.put("ttlSeconds", 1);
        Response created = api.post(a.serviceToken(), "/internal/v1/reservations", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asString();

        await().atMost(Duration.ofSeconds(15))
                .until(() -> "expired"
                        .equals(api.get(a.viewerToken(), "/api/v1/reservations/" + id)
                                .json()
                                .path("status")
                                .asString()));
        assertThat(counter(budget, "reserved_usd")).isEqualByComparingTo("0");

        // the call finished after all: the money was spent, so it counts
        assertThat(settle(a, id, "0.25").status()).isEqualTo(200);
        assertThat(counter(budget, "spent_usd")).isEqualByComparingTo("0.25");
    }

    @Test
    void refusesAModelMissingFromThePriceBookUnlessTheTenantAllowsIt() {
        TestTenant a = newTenant();
        Map<String, Object> body = body("0.1");
        body.put("model", "no-such-model");
        Response refused = api.post(a.serviceToken(), "/internal/v1/reservations", body);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.isProblem("model_not_priced")).isTrue();
        assertThat(refused.json().path("detail").asString())
                .contains("POST /api/v1/prices", "\"model\": \"no-such-model\"", "inputPerMTokUsd", "outputPerMTokUsd")
                .contains("PUT /api/v1/prices/policy", "allowUnpricedModels");
        assertThat(refused.json().path("priceWith").asString()).isEqualTo("POST /api/v1/prices");

        // the policy is the platform operator's to set (unpriced calls spend unmetered money)
        assertThat(api.put(a.platformAdminToken(), "/api/v1/prices/policy", Map.of("allowUnpricedModels", true))
                        .status())
                .isEqualTo(200);
        Response allowed = api.post(a.serviceToken(), "/internal/v1/reservations", body);
        assertThat(allowed.status()).isEqualTo(201);
        assertThat(allowed.json().path("unpriced").asBoolean()).isTrue();
    }

    @Test
    void refusesBadReservationInputWithProblemJsonAndHoldsNothing() {
        TestTenant a = newTenant();
        String budget = budget(a, "5");
        Map<String, Object> negative = body("-0.5");
        assertThat(api.post(a.serviceToken(), "/internal/v1/reservations", negative)
                        .isProblem("validation_failed"))
                .isTrue();
        Map<String, Object> euro = body("0.5");
        euro.put("currency", "EUR");
        Response currency = api.post(a.serviceToken(), "/internal/v1/reservations", euro);
        assertThat(currency.isProblem("unsupported_currency")).isTrue();
        assertThat(currency.json().path("detail").asString()).contains("only USD");
        Map<String, Object> noModel = body("0.5");
        noModel.remove("model");
        assertThat(api.post(a.serviceToken(), "/internal/v1/reservations", noModel)
                        .isProblem("validation_failed"))
                .isTrue();
        assertThat(api.post(a.serviceToken(), "/internal/v1/reservations", "[1,2")
                        .status())
                .isEqualTo(400);
        String id = reserve(a, "1", null).json().path("id").asString();
        assertThat(settle(a, id, "-1").isProblem("validation_failed")).isTrue();
        assertThat(settle(a, UUID.randomUUID().toString(), "1").status()).isEqualTo(404);
        assertThat(api.post(a.serviceToken(), "/internal/v1/reservations/nope/settle", Map.of("actualCostUsd", "1"))
                        .status())
                .isEqualTo(400);
        assertThat(counter(budget, "reserved_usd")).isEqualByComparingTo("1");
        assertThat(countReservations(a)).isEqualTo(1);
    }

    @Test
    void aRetriedReserveWithTheSameIdempotencyKeyHoldsOnce() {
        TestTenant a = newTenant();
        String budget = budget(a, "5");
        Map<String, String> key = Map.of("Idempotency-Key", "call-" + UUID.randomUUID());
        Response first = api.send("POST", a.serviceToken(), "/internal/v1/reservations", body("1"), key);
        Response retry = api.send("POST", a.serviceToken(), "/internal/v1/reservations", body("1"), key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().path("id").asString())
                .isEqualTo(first.json().path("id").asString());
        assertThat(counter(budget, "reserved_usd")).isEqualByComparingTo("1");
        Response changed = api.send("POST", a.serviceToken(), "/internal/v1/reservations", body("2"), key);
        assertThat(changed.status()).isEqualTo(422);
        assertThat(counter(budget, "reserved_usd")).isEqualByComparingTo("1");
    }

    @Test
    void listsTheTenantsReservationsNewestFirst() {
        TestTenant a = newTenant();
        String first = reserve(a, "0.1", null).json().path("id").asString();
        String second = reserve(a, "0.2", null).json().path("id").asString();
        Response page = api.get(a.viewerToken(), "/api/v1/reservations?limit=1");
        assertThat(page.json().path("items").get(0).path("id").asString()).isEqualTo(second);
        Response next = api.get(
                a.viewerToken(),
                "/api/v1/reservations?limit=1&cursor="
                        + page.json().path("nextCursor").asString());
        assertThat(next.json().path("items").get(0).path("id").asString()).isEqualTo(first);
        assertThat(api.get(a.viewerToken(), "/api/v1/reservations?status=bogus").status())
                .isEqualTo(400);
    }

    private String budget(TestTenant tenant, String limit) {
        Response r = api.post(
                tenant.adminToken(),
                "/api/v1/budgets",
                Map.of("scope", "tenant", "period", "monthly", "limitUsd", limit));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    private Response reserve(TestTenant tenant, String maxCost, UUID agent) {
        Map<String, Object> body = body(maxCost);
        if (agent != null) {
            body.put("agentId", agent.toString());
        }
        Response r = api.post(tenant.serviceToken(), "/internal/v1/reservations", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
    }

    private Response settle(TestTenant tenant, String id, String actual) {
        return api.post(
                tenant.serviceToken(), "/internal/v1/reservations/" + id + "/settle", Map.of("actualCostUsd", actual));
    }

    private Response release(TestTenant tenant, String id) {
        return api.post(tenant.serviceToken(), "/internal/v1/reservations/" + id + "/release", null);
    }

    private static Map<String, Object> body(String maxCost) {
        Map<String, Object> body = new HashMap<>();
        body.put("provider", "mock-llm");
        body.put("model", "mock-gpt");
        body.put("maxCostUsd", maxCost);
        return body;
    }

    private BigDecimal counter(String budgetId, String column) {
        return jdbc.sql("select coalesce(sum(" + column + "), 0) from billing.budget_counters where budget_id = :b")
                .param("b", UUID.fromString(budgetId))
                .query(BigDecimal.class)
                .single();
    }

    private long countReservations(TestTenant tenant) {
        return jdbc.sql("select count(*) from billing.reservations where tenant_id = :t")
                .param("t", tenant.id())
                .query(Long.class)
                .single();
    }
}
