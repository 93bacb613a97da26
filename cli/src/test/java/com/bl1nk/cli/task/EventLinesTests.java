package com.bl1nk.cli.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.cli.sse.SseEvent;
import com.bl1nk.contracts.taskevent.TaskCompleted;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventLinesTests {

    private static final String TASK = "0b1e0000-0000-4000-8000-0000000000aa";
    private static final String CHILD = "0b1e0000-0000-4000-8000-0000000000bb";

    private final EventLines lines = new EventLines(JsonMapper.builder().build());

    private static SseEvent event(String type, String data) {
        return new SseEvent("1-0", type, data);
    }

    @Test
    void stepsBecomeReadableLinesWithNumberedSourcesAsTheAnswerCitesThem() {
        assertThat(lines.lines(event("queued", "{\"taskId\":\"" + TASK + "\"}")))
                .containsExactly("queued     task " + TASK);
        assertThat(lines.lines(event("started", "{\"taskId\":\"" + TASK + "\",\"attempt\":1}")))
                .containsExactly("started    attempt 1");
        assertThat(lines.lines(event("retrieval", "{\"seq\":1,\"chunks\":3,\"sources\":[\"a.md\",\"guide/b.md\"]}")))
                .containsExactly(
                        "retrieved  3 chunks from 2 sources", "           [1] a.md", "           [2] guide/b.md");
    }

    @Test
    void toolCallsAndResultsShowNameArgumentsAndOutcome() {
        assertThat(lines.lines(event(
                        "tool_call",
                        "{\"seq\":2,\"toolCallId\":\"c1\",\"name\":\"echo\",\"arguments\":\"{\\\"m\\\":1}\"}")))
                .containsExactly("tool call  echo {\"m\":1}");
        assertThat(lines.lines(event(
                        "tool_result",
                        "{\"seq\":2,\"toolCallId\":\"c1\",\"name\":\"echo\",\"isError\":true,"
                                + "\"result\":\"boom\\nsecond line\"}")))
                .containsExactly("tool error echo: boom second line");
    }

    @Test
    void delegationAndChildResultsNameTheAgentsAndCost() {
        assertThat(lines.lines(event(
                        "delegated",
                        "{\"seq\":3,\"children\":[{\"taskId\":\"" + CHILD
                                + "\",\"agent\":\"alpha\"}],\"budgetPerChildUsd\":\"0.25\"}")))
                .containsExactly("delegated  1 child task, budget $0.25 each", "           alpha -> task " + CHILD);
        assertThat(lines.lines(event(
                        "child_completed",
                        "{\"seq\":3,\"taskId\":\"" + CHILD
                                + "\",\"agent\":\"alpha\",\"status\":\"succeeded\",\"costUsd\":\"0.0001\"}")))
                .containsExactly("child      alpha succeeded, cost $0.0001 (task " + CHILD + ")");
    }

    @Test
    void streamedTextIsCollectedShownWhenTheStepEndsAndLeftOutWhenItIsTheAnswer() {
        assertThat(lines.lines(event("model_delta", "{\"seq\":2,\"text\":\"Let me \"}")))
                .isEmpty();
        assertThat(lines.lines(event("model_delta", "{\"seq\":2,\"text\":\"check.\"}")))
                .isEmpty();
        assertThat(lines.streaming()).isEqualTo("Let me check.");
        assertThat(lines.lines(
                        event("tool_call", "{\"seq\":3,\"toolCallId\":\"c\",\"name\":\"t\",\"arguments\":\"{}\"}")))
                .containsExactly("model      Let me check.", "tool call  t {}");

        lines.lines(event("model_delta", "{\"seq\":4,\"text\":\"The answer [1].\"}"));
        assertThat(
                        lines.lines(
                                event(
                                        "completed",
                                        "{\"taskId\":\"" + TASK
                                                + "\",\"status\":\"succeeded\",\"output\":\"The answer [1].\",\"costUsd\":\"0.000042\"}")))
                .containsExactly("succeeded  cost $0.000042");
        assertThat(lines.streaming()).isEmpty();
    }

    @Test
    void theEndEventParsesAsTheContractRecordAndAFailureShowsItsReason() {
        assertThat(lines.parse(event(
                        "completed",
                        "{\"taskId\":\"" + TASK + "\",\"status\":\"succeeded\",\"output\":"
                                + "\"ok\",\"costUsd\":\"0\"}")))
                .contains(new TaskCompleted(UUID.fromString(TASK), "succeeded", null, "ok", "0"));
        assertThat(lines.lines(event(
                        "failed",
                        "{\"taskId\":\"" + TASK + "\",\"status\":\"failed\",\"reason\":"
                                + "\"budget_exceeded\",\"costUsd\":\"1\"}")))
                .containsExactly("failed     budget_exceeded, cost $1");
    }

    @Test
    void aCancelReportedByTheCancelRequestCarriesNoStatusAndIsStillCancelled() {
        assertThat(lines.lines(event("cancelled", "{\"taskId\":\"" + TASK + "\",\"reason\":\"cancelled by key\"}")))
                .containsExactly("cancelled  cancelled by key, cost $0");
    }

    @Test
    void anUnknownEventIsShownRawRatherThanDropped() {
        assertThat(lines.lines(event("future_event", "{\"x\":1}"))).containsExactly("future_event {\"x\":1}");
        assertThat(lines.lines(event("started", "not json"))).containsExactly("started    not json");
    }

    @Test
    void theExitCodeFollowsTheFinalStatus() {
        assertThat(TaskFollower.exitCode("succeeded")).isZero();
        assertThat(TaskFollower.exitCode("failed")).isEqualTo(3);
        assertThat(TaskFollower.exitCode("timed_out")).isEqualTo(4);
        assertThat(TaskFollower.exitCode("cancelled")).isEqualTo(5);
    }
}
