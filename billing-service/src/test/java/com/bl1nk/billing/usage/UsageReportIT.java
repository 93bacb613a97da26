package com.bl1nk.billing.usage;

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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class UsageReportIT extends BillingIT {

    @Autowired
    StreamPublisher publisher;

    @Test
    void groupsByEveryDimensionWithTotalsAndExportsCsv() {
        TestTenant a = newTenant();
        UUID agent = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        Instant day1 = Instant.parse("2026-03-01T10:00:00Z");
        Instant day2 = Instant.parse("2026-03-02T23:59:59Z");
        Map<String, Object> first = UsageEvents.event(a.id(), "mock-llm", "mock-gpt", 1_000_000, 0, 0, day1);
        first.put("agentId", agent.toString());
        first.put("taskId", task.toString());
        first.put("apiKeyId", a.apiKeyId().toString());
        Map<String, Object> second = UsageEvents.event(a.id(), "mock-llm", "mock-gpt-mini", 0, 1_000_000, 0, day2);
        second.put("taskId", task.toString());
        Map<String, Object> third = UsageEvents.event(a.id(), "mock-llm", "mock-gpt", 500_000, 0, 0, day2);
        third.put("estimated", true);
        UsageEvents.publish(publisher, first);
        UsageEvents.publish(publisher, second);
        UsageEvents.publish(publisher, third);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get(a.viewerToken(), "/api/v1/usage/records")
                                .json()
                                .path("items")
                                .size()
                        == 3);
        String range = "&from=2026-03-01&to=2026-03-02";

        JsonNode byDay =
                api.get(a.viewerToken(), "/api/v1/usage?groupBy=day" + range).json();
        assertThat(byDay.path("items")).hasSize(2);
        assertThat(byDay.path("items").get(0).path("key").asString()).isEqualTo("2026-03-01");
        assertThat(byDay.path("items").get(1).path("costUsd").asString()).isEqualTo("1.1");
        assertThat(byDay.path("totals").path("costUsd").asString()).isEqualTo("2.1");
        assertThat(byDay.path("totals").path("estimatedCalls").asLong()).isEqualTo(1);

        JsonNode byModel =
                api.get(a.viewerToken(), "/api/v1/usage?groupBy=model" + range).json();
        assertThat(byModel.path("items").get(0).path("key").asString()).isEqualTo("mock-llm/mock-gpt");
        assertThat(byModel.path("items").get(0).path("costUsd").asString()).isEqualTo("1.5");

        JsonNode byAgent =
                api.get(a.viewerToken(), "/api/v1/usage?groupBy=agent" + range).json();
        assertThat(byAgent.path("items").valueStream().map(i -> i.path("key").asString()))
                .containsExactlyInAnyOrder(agent.toString(), "none");
        JsonNode byKey =
                api.get(a.viewerToken(), "/api/v1/usage?groupBy=key" + range).json();
        assertThat(byKey.path("items").valueStream().map(i -> i.path("key").asString()))
                .contains(a.apiKeyId().toString());
        JsonNode byTask =
                api.get(a.viewerToken(), "/api/v1/usage?groupBy=task" + range).json();
        assertThat(byTask.path("items")
                        .valueStream()
                        .filter(i -> i.path("key").asString().equals(task.toString()))
                        .findFirst()
                        .orElseThrow()
                        .path("costUsd")
                        .asString())
                .isEqualTo("1.6");

        // only the first day
        JsonNode oneDay = api.get(a.viewerToken(), "/api/v1/usage?groupBy=day&from=2026-03-01&to=2026-03-01")
                .json();
        assertThat(oneDay.path("totals").path("costUsd").asString()).isEqualTo("1");

        Response csv = api.get(a.viewerToken(), "/api/v1/usage?groupBy=model" + range, Map.of("Accept", "text/csv"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body())
                .startsWith("key,calls,prompt_tokens,completion_tokens,cached_tokens,cost_usd")
                .contains("mock-llm/mock-gpt,2,1500000,0,0,1.5,1,0\r\n")
                .contains("mock-llm/mock-gpt-mini,1,0,1000000,0,0.6,0,0\r\n")
                .endsWith("total,3,1500000,1000000,0,2.1,1,0\r\n");
        assertThat(api.get(a.viewerToken(), "/api/v1/usage?format=csv&groupBy=day" + range)
                        .contentType())
                .startsWith("text/csv");

        Response taskCost = api.get(a.viewerToken(), "/api/v1/usage/tasks/" + task);
        assertThat(taskCost.json().path("costUsd").asString()).isEqualTo("1.6");
        assertThat(taskCost.json().path("byModel")).hasSize(2);
        assertThat(api.get(a.viewerToken(), "/api/v1/usage/records?taskId=" + task)
                        .json()
                        .path("items"))
                .hasSize(2);
    }

    @Test
    void malformedDatesAndUnknownGroupsGet400ProblemJson() {
        TestTenant a = newTenant();
        for (String query : new String[] {
            "?from=yesterday",
            "?to=2026-13-45",
            "?from=2026-03-02&to=2026-03-01T00:00:00Z",
            "?groupBy=planet",
            "?format=xml",
            "?from=2020-01-01&to=2026-01-01"
        }) {
            Response response = api.get(a.viewerToken(), "/api/v1/usage" + query);
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.isProblem("validation_failed"))
                    .as(response.toString())
                    .isTrue();
        }
        Response csvError = api.get(a.viewerToken(), "/api/v1/usage?from=nope", Map.of("Accept", "text/csv"));
        assertThat(csvError.status()).isEqualTo(400);
        assertThat(api.get(a.viewerToken(), "/api/v1/usage/tasks/not-a-uuid").status())
                .isEqualTo(400);
        assertThat(api.get(a.viewerToken(), "/api/v1/usage/records?limit=500").status())
                .isEqualTo(400);
        assertThat(api.get(a.viewerToken(), "/api/v1/usage/tasks/" + UUID.randomUUID())
                        .status())
                .isEqualTo(404);
    }
}
