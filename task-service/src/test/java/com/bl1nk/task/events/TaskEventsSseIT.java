package com.bl1nk.task.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.mockllm.Rule;
import com.bl1nk.task.tasks.TaskItBase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

    @Test
    void aClientThatHangsUpIsLoggedAsGoneNotAsAnUnexpectedError() throws Exception {
        LLM.setRules(List.of(Rule.whenLastMessageContains("abandoned-task").hang()));
        UUID agent = createAgent(tenant, Map.of("name", "abandoned", "instructions", "Take your time."));
        UUID taskId = createTask(tenant, agent, "abandoned-task please");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger problems = (Logger) LoggerFactory.getLogger("com.bl1nk.common");
        Level before = problems.getLevel();
        problems.setLevel(Level.DEBUG);
        captured.start();
        root.addAppender(captured);
        try {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.getOutputStream()
                        .write(("GET /api/v1/tasks/" + taskId + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                        + "Accept: text/event-stream\r\n" + IdentityHeaders.IDENTITY + ": "
                                        + token(tenant) + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null && !line.equals("event:started")) {
                    // read until the task is running and the stream is live
                }
                assertThat(line).isEqualTo("event:started");
                socket.setSoLinger(true, 0); // hang up hard, as a killed client does
            }
            // the next heartbeat (1 s here) finds the client gone
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> logged(captured).stream()
                            .anyMatch(e -> e.getFormattedMessage().contains("client went away")));
            assertThat(logged(captured))
                    .filteredOn(e -> e.getFormattedMessage().contains("client went away"))
                    .allSatisfy(e -> assertThat(e.getLevel().isGreaterOrEqual(Level.WARN))
                            .isFalse());
            assertThat(logged(captured))
                    .noneSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.ERROR))
                    .noneSatisfy(e -> assertThat(e.getFormattedMessage()).containsIgnoringCase("unexpected error"));
        } finally {
            root.detachAppender(captured);
            problems.setLevel(before);
            post("/api/v1/tasks/" + taskId + "/cancel", tenant, null);
        }
    }

    private static List<ILoggingEvent> logged(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    private static List<String> snapshot(List<String> lines) {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
