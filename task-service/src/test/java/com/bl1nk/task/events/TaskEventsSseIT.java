package com.bl1nk.task.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.mockllm.Rule;
import com.bl1nk.task.tasks.TaskItBase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The SSE stream opens at once, sends heartbeats while a task is quiet, and ends with the task's last event. */
class TaskEventsSseIT extends TaskItBase {

    private final UUID tenant = newTenant();

    @Test
    void opensAtOnceSendsHeartbeatsWhileQuietAndEndsWithTheLastEvent() throws Exception {
        LLM.setRules(List.of(Rule.whenLastMessageContains("quiet-task").hang()));
        UUID agent = createAgent(tenant, Map.of("name", "quiet", "instructions", "Take your time."));
        UUID taskId = createTask(tenant, agent, "quiet-task please");
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/tasks/" + taskId + "/events"))
                .header(IdentityHeaders.IDENTITY, token(tenant))
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        List<String> lines = new ArrayList<>();
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
            try {
                HttpResponse<Stream<String>> r = http.send(request, HttpResponse.BodyHandlers.ofLines());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
                var it = r.body().iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.equals("event:cancelled")) {
                        return;
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(15))
                .until(() -> snapshot(lines).stream().anyMatch(l -> l.startsWith(":heartbeat")));
        assertThat(snapshot(lines).getFirst()).startsWith(":stream open");

        post("/api/v1/tasks/" + taskId + "/cancel", tenant, null);
        reading.get(15, TimeUnit.SECONDS);
        assertThat(snapshot(lines)).contains("event:queued", "event:started", "event:cancelled");
    }

    private static List<String> snapshot(List<String> lines) {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
