package com.bl1nk.task.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.contracts.taskevent.TaskFailed;
import com.bl1nk.contracts.taskevent.TaskTimedOut;
import com.bl1nk.mockllm.Rule;
import com.bl1nk.task.tasks.TaskItBase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class TaskQueueIT extends TaskItBase {

    private final UUID tenant = newTenant();
    private UUID agentId;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    StreamKeys keys;

    @BeforeEach
    void setUp() {
        LLM.setRules(List.of(
                Rule.whenLastMessageContains("flaky-marker").replyError(500).times(2),
                Rule.whenLastMessageContains("poison-marker").replyError(500)));
        agentId = createAgent(tenant, Map.of("name", "worker", "instructions", "Work."));
    }

    @Test
    void sweeperReenqueuesATaskPostgresHasQueuedButRedisLost() {
        UUID taskId = UUID.randomUUID();
        // A committed, queued task whose stream message is gone (as after a Redis restart) and no outbox row.
        jdbc.sql("""
                        insert into task.tasks (id, tenant_id, agent_id, agent_version, root_task_id, status, input,
                            budget_usd, deadline_at, enqueued_at, queue_message_id)
                        values (?, ?, ?, 1, ?, 'queued', 'lost in redis', 1, now() + interval '10 minutes',
                            now() - interval '1 minute', '1-1')
                        """).params(taskId, tenant, agentId, taskId).update();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> status(tenant, taskId).equals("succeeded"));
        assertThat(task(tenant, taskId).path("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aTaskPastItsDeadlineEndsTimedOutWithItsReason() {
        UUID taskId = UUID.randomUUID();
        jdbc.sql("""
                        insert into task.tasks (id, tenant_id, agent_id, agent_version, root_task_id, status, input,
                            budget_usd, deadline_at)
                        values (?, ?, ?, 1, ?, 'queued', 'too late', 1, now() - interval '1 second')
                        """).params(taskId, tenant, agentId, taskId).update();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> status(tenant, taskId).equals("timed_out"));
        assertThat(task(tenant, taskId).path("statusReason").asString()).startsWith("timed_out:");
        List<SseEvent> events = readEvents(tenant, taskId, null, Duration.ofSeconds(10));
        assertThat(events.getLast().typed())
                .isInstanceOfSatisfying(
                        TaskTimedOut.class, e -> assertThat(e.reason()).startsWith("timed_out:"));
    }

    @Test
    void retriesTransientModelFailuresWithBackoffAndThenSucceeds() {
        UUID taskId = createTask(tenant, agentId, "flaky-marker please");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status(tenant, taskId).equals("succeeded"));
        JsonNode task = task(tenant, taskId);
        assertThat(task.path("attempts").asInt()).isEqualTo(3);
        JsonNode step = task.path("steps").get(0);
        assertThat(step.path("status").asString()).isEqualTo("completed");
        assertThat(step.path("attempt").asInt()).isEqualTo(3);
    }

    @Test
    void deadLettersAPoisonTaskWithAnAuditEvent() {
        UUID taskId = createTask(tenant, agentId, "poison-marker forever");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status(tenant, taskId).equals("failed"));
        JsonNode task = task(tenant, taskId);
        assertThat(task.path("statusReason").asString()).startsWith("dead_lettered:");
        assertThat(task.path("attempts").asInt()).isEqualTo(3);

        // the failed status and the audit event commit together; the dead-letter copy is published right after, and
        // the audit event is relayed from task's outbox
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            List<MapRecord<String, Object, Object>> dead =
                    redis.opsForStream().range(keys.deadLetter(TaskQueue.STREAM), Range.unbounded());
            assertThat(dead)
                    .anySatisfy(r -> assertThat(String.valueOf(r.getValue().get("payload")))
                            .contains(taskId.toString()));
            List<MapRecord<String, Object, Object>> audit =
                    redis.opsForStream().range(keys.key("bl1nk:audit"), Range.unbounded());
            assertThat(audit).anySatisfy(r -> {
                assertThat(r.getValue().get("type")).isEqualTo("AuditRecorded");
                assertThat(String.valueOf(r.getValue().get("payload")))
                        .contains("task.dead_lettered")
                        .contains(taskId.toString());
            });
        });
        List<SseEvent> events = readEvents(tenant, taskId, null, Duration.ofSeconds(10));
        assertThat(events.getLast().typed())
                .isInstanceOfSatisfying(
                        TaskFailed.class, e -> assertThat(e.reason()).startsWith("dead_lettered:"));
    }
}
