package com.bl1nk.task.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.testsupport.MetricsCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * task-service's meters move when tasks run and end, carry no tenant, and are all in docs/metrics.md (the same context
 * as the other task ITs).
 */
class TaskMetricsIT extends TaskItBase {

    @Autowired
    MeterRegistry registry;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TaskStore store;

    @Test
    void aTaskThatRunsMovesTheTaskModelCallTokenAndCostMeters() {
        UUID tenant = newTenant();
        UUID agent = createAgent(tenant, Map.of("name", "metered", "instructions", "Answer."));
        double succeeded = counter("bl1nk.tasks.finished", "state", "succeeded");
        double cost = sum(registry.find("bl1nk.llm.cost"));
        double tokens = sum(registry.find("bl1nk.llm.tokens"));
        long calls = calls();

        UUID task = createTask(tenant, agent, "count the meters");
        await().atMost(Duration.ofSeconds(30)).until(() -> status(tenant, task).equals("succeeded"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(counter("bl1nk.tasks.finished", "state", "succeeded")).isGreaterThan(succeeded);
            assertThat(sum(registry.find("bl1nk.llm.tokens"))).isGreaterThan(tokens);
            assertThat(sum(registry.find("bl1nk.llm.cost"))).isGreaterThan(cost);
            assertThat(calls()).isGreaterThan(calls);
        });
        for (Meter meter : registry.find("bl1nk.llm.cost").meters()) {
            assertThat(meter.getId().getTags()).noneMatch(t -> t.getValue().equals(tenant.toString()));
        }
    }

    @Test
    void openTasksAreGaugedAndACancelledOneIsCountedOnce() {
        UUID tenant = newTenant();
        UUID agent = createAgent(tenant, Map.of("name", "held", "instructions", "Wait."));
        UUID task = UUID.randomUUID();
        // a task another worker holds, so nothing here runs it
        jdbc.sql("""
                        insert into task.tasks (id, tenant_id, agent_id, agent_version, root_task_id, status, input,
                            budget_usd, deadline_at, lease_owner, lease_until, started_at)
                        values (?, ?, ?, 1, ?, 'running', 'held elsewhere', 1, now() + interval '10 minutes',
                            'metrics-it', now() + interval '10 minutes', now())
                        """).params(task, tenant, agent, task).update();
        assertThat(registry.get("bl1nk.tasks.open")
                        .tag("state", "running")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(1);
        double cancelled = counter("bl1nk.tasks.finished", "state", "cancelled");

        assertThat(store.cancelTree(tenant, task, "metrics test")).containsExactly(task);
        assertThat(store.cancelTree(tenant, task, "metrics test")).isEmpty();

        assertThat(counter("bl1nk.tasks.finished", "state", "cancelled")).isEqualTo(cancelled + 1);
    }

    @Test
    void theTaskStreamIsMeasuredAndRequestsHaveSloBuckets() {
        assertThat(registry.get("bl1nk.stream.lag")
                        .tag("stream", "bl1nk:tasks")
                        .tag("group", "task-workers")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(0);
        assertThat(registry.get("bl1nk.stream.dead.letters")
                        .tag("stream", "bl1nk:tasks")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(0);
        get("/api/v1/agents", newTenant());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> registry.find("http.server.requests")
                                .tag("uri", "/api/v1/agents")
                                .timer()
                        != null);
        Timer requests = registry.get("http.server.requests")
                .tag("uri", "/api/v1/agents")
                .timer();
        assertThat(requests.takeSnapshot().histogramCounts())
                .extracting(b -> b.bucket())
                .contains(250_000_000.0, 1_000_000_000.0);
    }

    @Test
    void everyMeterIsDocumented() {
        MetricsCatalogue.assertDocumented(registry, "task-service");
    }

    private double counter(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double sum(Search search) {
        return search.counters().stream().mapToDouble(Counter::count).sum();
    }

    private long calls() {
        return registry.find("bl1nk.llm.calls").timers().stream()
                .mapToLong(Timer::count)
                .sum();
    }
}
