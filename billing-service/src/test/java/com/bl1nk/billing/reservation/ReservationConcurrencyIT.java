package com.bl1nk.billing.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.billing.BillingApplication;
import com.bl1nk.billing.support.Api;
import com.bl1nk.billing.support.Api.Response;
import com.bl1nk.billing.support.BillingIT;
import com.bl1nk.billing.support.TestTenant;
import com.bl1nk.testsupport.TestInfrastructure;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The hard-limit guarantee under real concurrency: two replicas of the service (two Spring apps, two connection
 * pools) against the same Postgres, many simultaneous reservations.
 */
class ReservationConcurrencyIT extends BillingIT {

    private static ConfigurableApplicationContext secondReplica;
    private static int secondPort;

    @BeforeAll
    static void startSecondReplica() {
        // command-line arguments outrank application.yml, exactly as for a real second process
        Map<String, Object> settings = new LinkedHashMap<>(TestInfrastructure.properties());
        settings.put("server.port", "0");
        settings.put("spring.datasource.hikari.maximum-pool-size", "10");
        settings.put("spring.datasource.hikari.connection-timeout", "30000");
        settings.put("bl1nk.billing.usage.consumer-enabled", "false");
        settings.put("bl1nk.billing.alerts.dispatcher-enabled", "false");
        settings.put("bl1nk.billing.reservations.sweep-interval", "200ms");
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));
        secondReplica = new SpringApplicationBuilder(BillingApplication.class).run(args.toArray(String[]::new));
        secondPort =
                ((WebServerApplicationContext) secondReplica).getWebServer().getPort();
    }

    @AfterAll
    static void stopSecondReplica() {
        if (secondReplica != null) {
            secondReplica.close();
        }
    }

    @Test
    void hundredConcurrentReservationsAgainstABudgetForTenLetExactlyTenThroughAcrossTwoReplicas() throws Exception {
        TestTenant a = newTenant();
        String budgetId = createBudget(a, Map.of("scope", "tenant", "period", "monthly", "limitUsd", "1.00"));
        Api second = new Api(secondPort);

        List<Response> responses = concurrently(
                100,
                i -> (i % 2 == 0 ? api : second)
                        .post(a.serviceToken(), "/internal/v1/reservations", reserve("0.10", null)));

        List<Response> created =
                responses.stream().filter(r -> r.status() == 201).toList();
        List<Response> refused =
                responses.stream().filter(r -> r.status() == 402).toList();
        assertThat(created).hasSize(10);
        assertThat(refused).hasSize(90).allMatch(r -> r.isProblem("budget_exceeded"));
        assertThat(refused.get(0).json().path("budgetId").asString()).isEqualTo(budgetId);
        assertThat(counter(budgetId, "reserved_usd")).isEqualByComparingTo("1.00");
        assertThat(counter(budgetId, "spent_usd")).isEqualByComparingTo("0");
        assertThat(activeReservations(a)).isEqualTo(10);

        // settling all ten at once turns exactly the limit into spend, and nothing more fits
        List<String> ids =
                created.stream().map(r -> r.json().path("id").asString()).toList();
        List<Response> settled = concurrently(
                10,
                i -> (i % 2 == 0 ? api : second)
                        .post(
                                a.serviceToken(),
                                "/internal/v1/reservations/" + ids.get(i) + "/settle",
                                Map.of("actualCostUsd", "0.10")));
        assertThat(settled).allMatch(r -> r.status() == 200);
        assertThat(counter(budgetId, "spent_usd")).isEqualByComparingTo("1.00");
        assertThat(counter(budgetId, "reserved_usd")).isEqualByComparingTo("0");
        assertThat(api.post(a.serviceToken(), "/internal/v1/reservations", reserve("0.01", null))
                        .isProblem("budget_exceeded"))
                .isTrue();
    }

    @Test
    void reserveSettleAndReleaseRacingOnTwoReplicasNeverPushSpendPastTheLimit() throws Exception {
        TestTenant a = newTenant();
        String budgetId = createBudget(a, Map.of("scope", "tenant", "period", "daily", "limitUsd", "1.00"));
        Api second = new Api(secondPort);

        List<Response> outcomes = concurrently(150, i -> {
            Api target = i % 2 == 0 ? api : second;
            Response r = target.post(a.serviceToken(), "/internal/v1/reservations", reserve("0.07", null));
            if (r.status() != 201) {
                return r;
            }
            String id = r.json().path("id").asString();
            if (i % 3 == 0) {
                target.post(a.serviceToken(), "/internal/v1/reservations/" + id + "/release", null);
                return r;
            }
            return target.post(
                    a.serviceToken(), "/internal/v1/reservations/" + id + "/settle", Map.of("actualCostUsd", "0.05"));
        });

        assertThat(outcomes).allMatch(r -> r.status() == 200 || r.status() == 201 || r.status() == 402);
        long settled = outcomes.stream().filter(r -> r.status() == 200).count();
        BigDecimal spent = counter(budgetId, "spent_usd");
        assertThat(spent).isEqualByComparingTo(new BigDecimal("0.05").multiply(BigDecimal.valueOf(settled)));
        assertThat(spent.add(counter(budgetId, "reserved_usd"))).isLessThanOrEqualTo(new BigDecimal("1.00"));
        assertThat(counter(budgetId, "reserved_usd")).isEqualByComparingTo("0");
        assertThat(settled).isPositive();
    }

    @Test
    void aHoldIsAllOrNothingAcrossTheTenantAndAgentBudgets() throws Exception {
        TestTenant a = newTenant();
        UUID agent = UUID.randomUUID();
        String tenantBudget = createBudget(a, Map.of("scope", "tenant", "period", "total", "limitUsd", "10"));
        String agentBudget = createBudget(
                a, Map.of("scope", "agent", "scopeId", agent.toString(), "period", "daily", "limitUsd", "0.30"));

        List<Response> responses =
                concurrently(40, i -> api.post(a.serviceToken(), "/internal/v1/reservations", reserve("0.10", agent)));

        assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(3);
        assertThat(counter(agentBudget, "reserved_usd")).isEqualByComparingTo("0.30");
        // refused reservations left nothing behind on the budget that did have room
        assertThat(counter(tenantBudget, "reserved_usd")).isEqualByComparingTo("0.30");
        // another agent is only limited by the tenant budget
        assertThat(api.post(a.serviceToken(), "/internal/v1/reservations", reserve("1", UUID.randomUUID()))
                        .status())
                .isEqualTo(201);
    }

    private String createBudget(TestTenant tenant, Map<String, Object> body) {
        Response r = api.post(tenant.adminToken(), "/api/v1/budgets", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    static Map<String, Object> reserve(String maxCost, UUID agentId) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("provider", "mock-llm");
        body.put("model", "mock-gpt");
        body.put("maxCostUsd", maxCost);
        if (agentId != null) {
            body.put("agentId", agentId.toString());
        }
        return body;
    }

    private BigDecimal counter(String budgetId, String column) {
        return jdbc.sql("select coalesce(sum(" + column + "), 0) from billing.budget_counters where budget_id = :b")
                .param("b", UUID.fromString(budgetId))
                .query(BigDecimal.class)
                .single();
    }

    private long activeReservations(TestTenant tenant) {
        return jdbc.sql("select count(*) from billing.reservations where tenant_id = :t and status = 'active'")
                .param("t", tenant.id())
                .query(Long.class)
                .single();
    }

    /** Runs {@code n} calls released at the same instant and returns their results in order. */
    static List<Response> concurrently(int n, java.util.function.IntFunction<Response> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<Response> results = new ArrayList<>();
            for (Future<Response> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }
}
