package com.bl1nk.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Reads a task's SSE stream through the gateway, event by event, as a browser's EventSource would. */
final class Sse {

    /** Events after which a task's stream carries nothing more. */
    static final Set<String> TERMINAL = Set.of("completed", "failed", "cancelled", "timed_out");

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private Sse() {}

    /** One SSE event: {@code id:}, {@code event:} and the joined {@code data:} lines. */
    record Event(String id, String event, String data) {}

    /**
     * Opens {@code path} with an optional {@code Last-Event-ID} and collects events until {@code stopAfter} matches one
     * (that one included; the connection is then dropped) or the server ends the stream.
     */
    static List<Event> read(
            PlatformApi api, String key, String path, String lastEventId, Predicate<Event> stopAfter, Duration atMost) {
        HttpRequest.Builder request = api.request(key, path).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        List<Event> events = new ArrayList<>();
        CompletableFuture<HttpResponse<InputStream>> pending =
                HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        InputStream[] body = new InputStream[1];
        CompletableFuture<Void> reading = pending.thenAccept(response -> {
            assertThat(response.statusCode()).as("SSE %s", path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            body[0] = response.body();
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String id = null;
                String type = null;
                StringBuilder data = null;
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (data != null) {
                            Event e = new Event(id, type == null ? "message" : type, data.toString());
                            synchronized (events) {
                                events.add(e);
                            }
                            if (stopAfter.test(e)) {
                                return;
                            }
                        }
                        id = null;
                        type = null;
                        data = null;
                    } else if (line.startsWith(":")) {
                        continue; // comment: stream open / heartbeat
                    } else if (line.startsWith("id:")) {
                        id = field(line, 3);
                    } else if (line.startsWith("event:")) {
                        type = field(line, 6);
                    } else if (line.startsWith("data:")) {
                        data = data == null ? new StringBuilder() : data.append('\n');
                        data.append(field(line, 5));
                    }
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("SSE read of " + path + " failed after " + events, e);
            }
        });
        try {
            reading.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("SSE " + path + " did not end within " + atMost + "; got " + events);
        } catch (ExecutionException e) {
            throw new AssertionError("SSE " + path + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pending.cancel(true);
            closeQuietly(body[0]);
        }
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Until the task's terminal event. */
    static List<Event> readTask(
            PlatformApi api, String key, java.util.UUID taskId, String lastEventId, Duration atMost) {
        return read(
                api,
                key,
                "/api/v1/tasks/" + taskId + "/events",
                lastEventId,
                e -> TERMINAL.contains(e.event()),
                atMost);
    }

    private static String field(String line, int from) {
        String value = line.substring(from);
        return value.startsWith(" ") ? value.substring(1) : value;
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (java.io.IOException ignored) {
                // dropping the connection is the point
            }
        }
    }

    /** Event types with each run of {@code model_delta} collapsed to one (their count follows tokenisation). */
    static List<String> collapsedTypes(List<Event> events) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            if (e.event().equals("model_delta")
                    && !out.isEmpty()
                    && out.getLast().equals("model_delta")) {
                continue;
            }
            out.add(e.event());
        }
        return out;
    }
}
