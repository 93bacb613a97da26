package com.bl1nk.cli.task;

import com.bl1nk.cli.sse.SseEvent;
import com.bl1nk.contracts.taskevent.ChildTaskCompleted;
import com.bl1nk.contracts.taskevent.ChildTasksDelegated;
import com.bl1nk.contracts.taskevent.ChunksRetrieved;
import com.bl1nk.contracts.taskevent.ModelDeltaStreamed;
import com.bl1nk.contracts.taskevent.TaskCancelled;
import com.bl1nk.contracts.taskevent.TaskCompleted;
import com.bl1nk.contracts.taskevent.TaskEnded;
import com.bl1nk.contracts.taskevent.TaskEvent;
import com.bl1nk.contracts.taskevent.TaskFailed;
import com.bl1nk.contracts.taskevent.TaskQueued;
import com.bl1nk.contracts.taskevent.TaskStarted;
import com.bl1nk.contracts.taskevent.TaskTimedOut;
import com.bl1nk.contracts.taskevent.ToolCallCompleted;
import com.bl1nk.contracts.taskevent.ToolCalled;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a task's events into readable lines: steps, retrieved sources numbered as the answer cites them, tool calls
 * and results, child tasks and cost. Streamed model text is collected and shown as one line once the step is over (the
 * last step's text is the answer, printed apart).
 */
public final class EventLines {

    /** Longest tool argument or result shown on one line. */
    static final int MAX_SHOWN = 160;

    private final JsonMapper json;
    private final StringBuilder modelText = new StringBuilder();

    public EventLines(JsonMapper json) {
        this.json = json;
    }

    /** The event as its contract record, when its type is known and its data parses. */
    public Optional<TaskEvent> parse(SseEvent event) {
        Optional<Class<? extends TaskEvent>> type = TaskEvent.classOf(event.event());
        if (type.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(event.data(), type.get()));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** Model text streamed since the last printed line (shown live on a terminal). */
    public String streaming() {
        return modelText.toString();
    }

    /** The lines for one event; empty for a model delta (its text is collected). */
    public List<String> lines(SseEvent event) {
        Optional<TaskEvent> parsed = parse(event);
        List<String> out = new ArrayList<>();
        if (parsed.isEmpty()) {
            flushModelText(out);
            out.add(String.format("%-10s %s", event.event(), shorten(event.data())));
            return out;
        }
        TaskEvent e = parsed.get();
        if (e instanceof ModelDeltaStreamed delta) {
            modelText.append(delta.text());
            return out;
        }
        if (e instanceof TaskEnded) {
            modelText.setLength(0); // the last model text is the answer, printed on its own
        } else {
            flushModelText(out);
        }
        switch (e) {
            case TaskQueued q ->
                out.add(line(
                        "queued",
                        "task " + q.taskId()
                                + (q.parentTaskId() == null ? "" : " (child of " + q.parentTaskId() + ")")));
            case TaskStarted s -> out.add(line("started", "attempt " + s.attempt()));
            case ChunksRetrieved r -> {
                out.add(line(
                        "retrieved",
                        r.chunks() + " chunk" + (r.chunks() == 1 ? "" : "s") + " from "
                                + r.sources().size() + " source" + (r.sources().size() == 1 ? "" : "s")));
                for (int i = 0; i < r.sources().size(); i++) {
                    out.add(line("", "[" + (i + 1) + "] " + r.sources().get(i)));
                }
            }
            case ToolCalled t -> out.add(line("tool call", t.name() + " " + shorten(t.arguments())));
            case ToolCallCompleted t ->
                out.add(line(t.isError() ? "tool error" : "tool ok", t.name() + ": " + shorten(t.result())));
            case ChildTasksDelegated d -> {
                out.add(line(
                        "delegated",
                        d.children().size() + " child task" + (d.children().size() == 1 ? "" : "s")
                                + (d.budgetPerChildUsd() == null
                                        ? ""
                                        : ", budget $" + d.budgetPerChildUsd() + " each")));
                for (ChildTasksDelegated.Child c : d.children()) {
                    out.add(line("", c.agent() + " -> task " + c.taskId()));
                }
            }
            case ChildTaskCompleted c ->
                out.add(line(
                        "child",
                        c.agent() + " " + c.status() + (c.costUsd() == null ? "" : ", cost $" + c.costUsd()) + " (task "
                                + c.taskId() + ")"));
            case TaskEnded end ->
                out.add(line(
                        statusOf(end),
                        (end.reason() == null ? "" : end.reason() + ", ") + "cost $"
                                + (end.costUsd() == null ? "0" : end.costUsd())));
            case ModelDeltaStreamed ignored -> {
                // handled above
            }
        }
        return out;
    }

    /**
     * The final status of an end event; a cancel reported by the cancel request itself carries none, so its type
     * says it.
     */
    public static String statusOf(TaskEnded end) {
        if (end.status() != null) {
            return end.status();
        }
        return switch (end) {
            case TaskCompleted c -> "succeeded";
            case TaskFailed f -> "failed";
            case TaskCancelled c -> "cancelled";
            case TaskTimedOut t -> "timed_out";
        };
    }

    private void flushModelText(List<String> out) {
        if (!modelText.isEmpty()) {
            out.add(line("model", shorten(modelText.toString())));
            modelText.setLength(0);
        }
    }

    private static String line(String label, String text) {
        return String.format("%-10s %s", label, text).stripTrailing();
    }

    static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String one = text.replace("\r", " ").replace("\n", " ").strip();
        return one.length() > MAX_SHOWN ? one.substring(0, MAX_SHOWN - 1) + "…" : one;
    }
}
