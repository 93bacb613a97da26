package com.bl1nk.cli.task;

import com.bl1nk.cli.Context;
import com.bl1nk.cli.ExitCodes;
import com.bl1nk.cli.api.ApiClient;
import com.bl1nk.cli.api.ApiError;
import com.bl1nk.cli.progress.ProgressBoard;
import com.bl1nk.cli.sse.SseEvent;
import com.bl1nk.cli.sse.SseParser;
import com.bl1nk.contracts.taskevent.TaskEnded;
import com.bl1nk.contracts.taskevent.TaskEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Follows a task's event stream to its end: readable lines on stderr (or one JSON object per event on stdout with
 * {@code --json}), the answer on stdout, the exit code by the final status. A dropped connection resumes with
 * {@code Last-Event-ID}; Ctrl-C detaches and leaves the task running.
 */
public final class TaskFollower {

    /** Reconnects in a row without any event before giving up. */
    static final int MAX_RECONNECTS = 8;

    private final Context context;
    private final ApiClient api;
    private final ProgressBoard board;

    public TaskFollower(Context context, ApiClient api) {
        this.context = context;
        this.api = api;
        this.board = context.progress();
    }

    public int follow(String taskId) throws IOException {
        AtomicBoolean finished = new AtomicBoolean();
        PrintStream err = context.io().err();
        Thread detach = new Thread(() -> {
            if (!finished.get()) {
                err.println();
                err.println("detached from task " + taskId + "; it keeps running.");
                err.println("  follow again: ./bl1nk task follow " + taskId);
                err.println("  cancel it:    ./bl1nk task cancel " + taskId);
                err.flush();
            }
        });
        Runtime.getRuntime().addShutdownHook(detach);
        try {
            return stream(taskId);
        } finally {
            finished.set(true);
            try {
                Runtime.getRuntime().removeShutdownHook(detach);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C arrived: the hook runs and prints how to reattach
            }
        }
    }

    private int stream(String taskId) throws IOException {
        String path = "/api/v1/tasks/" + taskId + "/events";
        EventLines lines = new EventLines(context.json());
        String lastId = null;
        int failures = 0;
        while (true) {
            boolean progressed = false;
            try (InputStream in = api.events(path, lastId)) {
                SseParser parser = new SseParser(in);
                Optional<SseEvent> next;
                while ((next = parser.next()).isPresent()) {
                    SseEvent event = next.get();
                    progressed = true;
                    failures = 0;
                    if (event.id() != null) {
                        lastId = event.id();
                    }
                    Optional<TaskEnded> end = show(lines, event);
                    if (end.isPresent()) {
                        return ended(end.get());
                    }
                }
            } catch (ApiError e) {
                if (e.status() != 0) {
                    throw e; // the server refused (not found, forbidden): reconnecting will not help
                }
                failures++;
                if (failures > MAX_RECONNECTS) {
                    throw e;
                }
                board.log("reconnecting to the event stream (" + e.getMessage() + ")");
                pause(failures);
                continue;
            } catch (IOException e) {
                failures++;
                if (failures > MAX_RECONNECTS) {
                    throw new ApiError(
                            0,
                            "the event stream of task " + taskId + " kept breaking: " + e.getMessage()
                                    + "; ./bl1nk task get " + taskId + " shows where it is",
                            null);
                }
                board.log("reconnecting to the event stream (" + e.getMessage() + ")");
                pause(failures);
                continue;
            }
            // the stream ended without a final event: the task may have ended while its stream expired
            JsonNode task = api.get("/api/v1/tasks/" + taskId);
            String status = Context.text(task, "status");
            if (status != null
                    && List.of("succeeded", "failed", "cancelled", "timed_out").contains(status)) {
                board.close();
                return ended(TaskEnded.of(
                        java.util.UUID.fromString(taskId),
                        status,
                        Context.text(task, "statusReason"),
                        Context.text(task, "output"),
                        Context.text(task.path("cost"), "totalUsd")));
            }
            if (!progressed) {
                failures++;
                if (failures > MAX_RECONNECTS) {
                    throw new ApiError(
                            0,
                            "the event stream of task " + taskId + " ends without events; " + "./bl1nk task get "
                                    + taskId + " shows where it is",
                            null);
                }
                pause(failures);
            }
        }
    }

    /** Prints one event; the end event, if this was it. */
    private Optional<TaskEnded> show(EventLines lines, SseEvent event) {
        Optional<TaskEvent> parsed = lines.parse(event);
        if (context.jsonOutput()) {
            ObjectNode out = context.object().put("id", event.id()).put("event", event.event());
            try {
                out.set("data", context.json().readTree(event.data()));
            } catch (tools.jackson.core.JacksonException e) {
                out.put("data", event.data());
            }
            context.printJsonLine(out);
        } else {
            for (String line : lines.lines(event)) {
                board.log(line);
            }
            String streaming = lines.streaming();
            if (!streaming.isEmpty()) {
                String tail = streaming.replace('\n', ' ');
                int room = context.io().columns() - 12;
                board.live(
                        List.of(String.format(
                                "%-10s %s",
                                "model", tail.length() > room ? "…" + tail.substring(tail.length() - room + 1) : tail)),
                        false);
            }
        }
        return parsed.filter(TaskEnded.class::isInstance).map(TaskEnded.class::cast);
    }

    private int ended(TaskEnded end) {
        board.close();
        String status = EventLines.statusOf(end);
        if (!context.jsonOutput()) {
            if (end.output() != null && !end.output().isEmpty()) {
                context.io().out().println(end.output());
            }
            if (!status.equals("succeeded")) {
                context.io()
                        .err()
                        .println("error: task " + end.taskId() + " " + status
                                + (end.reason() == null ? "" : ": " + end.reason()));
            }
        }
        return exitCode(status);
    }

    /** The exit code of a task's final status. */
    public static int exitCode(String status) {
        return switch (status) {
            case "succeeded" -> ExitCodes.OK;
            case "timed_out" -> ExitCodes.TIMED_OUT;
            case "cancelled" -> ExitCodes.CANCELLED;
            default -> ExitCodes.FAILED;
        };
    }

    private static void pause(int failures) {
        try {
            Thread.sleep(Duration.ofMillis(Math.min(5_000, 250L << Math.min(failures, 5))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
