package com.bl1nk.contracts.taskevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every task event keeps the JSON its SSE clients read: exact field names, and a lossless round trip. */
class TaskEventContractTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID TASK = UUID.fromString("3f1c2a8e-0000-4000-8000-000000000001");
    private static final UUID CHILD = UUID.fromString("3f1c2a8e-0000-4000-8000-000000000002");

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of(new TaskQueued(TASK, null), "{\"taskId\":\"" + TASK + "\"}"),
                Arguments.of(
                        new TaskQueued(CHILD, TASK),
                        "{\"taskId\":\"" + CHILD + "\",\"parentTaskId\":\"" + TASK + "\"}"),
                Arguments.of(new TaskStarted(TASK, 2), "{\"taskId\":\"" + TASK + "\",\"attempt\":2}"),
                Arguments.of(
                        new ChunksRetrieved(0, 3, List.of("handbook.md", "faq.md")),
                        "{\"seq\":0,\"chunks\":3,\"sources\":[\"handbook.md\",\"faq.md\"]}"),
                Arguments.of(new ModelDeltaStreamed(1, "The ans"), "{\"seq\":1,\"text\":\"The ans\"}"),
                Arguments.of(
                        new ToolCalled(2, "call_1", "lookup", "{\"q\":\"x\"}"),
                        "{\"seq\":2,\"toolCallId\":\"call_1\",\"name\":\"lookup\",\"arguments\":\"{\\\"q\\\":\\\"x\\\"}\"}"),
                Arguments.of(
                        new ToolCallCompleted(2, "call_1", "lookup", true, "no such fact"),
                        "{\"seq\":2,\"toolCallId\":\"call_1\",\"name\":\"lookup\",\"isError\":true,"
                                + "\"result\":\"no such fact\"}"),
                Arguments.of(
                        new ChildTasksDelegated(4, List.of(new ChildTasksDelegated.Child(CHILD, "alpha")), "0.5"),
                        "{\"seq\":4,\"children\":[{\"taskId\":\"" + CHILD + "\",\"agent\":\"alpha\"}],"
                                + "\"budgetPerChildUsd\":\"0.5\"}"),
                Arguments.of(
                        new ChildTaskCompleted(4, CHILD, "alpha", "succeeded", "0.0012"),
                        "{\"seq\":4,\"taskId\":\"" + CHILD + "\",\"agent\":\"alpha\",\"status\":\"succeeded\","
                                + "\"costUsd\":\"0.0012\"}"),
                Arguments.of(
                        new TaskCompleted(TASK, "succeeded", null, "42", "0.003"),
                        "{\"taskId\":\"" + TASK
                                + "\",\"status\":\"succeeded\",\"output\":\"42\",\"costUsd\":\"0.003\"}"),
                Arguments.of(
                        new TaskFailed(TASK, "failed", "max_steps_exceeded: 2 calls", null, "0"),
                        "{\"taskId\":\"" + TASK + "\",\"status\":\"failed\",\"reason\":\"max_steps_exceeded: 2 calls\","
                                + "\"costUsd\":\"0\"}"),
                Arguments.of(
                        new TaskCancelled(TASK, null, "cancelled by request", null, null),
                        "{\"taskId\":\"" + TASK + "\",\"reason\":\"cancelled by request\"}"),
                Arguments.of(
                        new TaskTimedOut(TASK, "timed_out", "timed_out: late", null, "0.1"),
                        "{\"taskId\":\"" + TASK + "\",\"status\":\"timed_out\",\"reason\":\"timed_out: late\","
                                + "\"costUsd\":\"0.1\"}"));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void writesTheFieldsClientsReadAndReadsThemBackUnchanged(TaskEvent event, String wire) {
        String written = JSON.writeValueAsString(event);
        assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(wire));
        Class<? extends TaskEvent> type = TaskEvent.classOf(event.type()).orElseThrow();
        assertThat(type).isEqualTo(event.getClass());
        assertThat(JSON.readValue(wire, type)).isEqualTo(event);
    }

    @Test
    void everyEventRecordHasOneUniqueWireName() {
        Set<Class<?>> records = new HashSet<>();
        Deque<Class<?>> open = new ArrayDeque<>(List.of(TaskEvent.class));
        while (!open.isEmpty()) {
            Class<?> c = open.pop();
            if (c.isRecord()) {
                records.add(c);
            } else {
                open.addAll(List.of(c.getPermittedSubclasses()));
            }
        }
        List<String> names = TaskEvent.TYPES.stream().map(TaskEvent.Type::name).toList();
        assertThat(names).doesNotHaveDuplicates();
        assertThat(TaskEvent.TYPES.stream().<Class<?>>map(TaskEvent.Type::recordClass))
                .containsExactlyInAnyOrderElementsOf(records);
        assertThat(samples().<Class<?>>map(a -> a.get()[0].getClass()).distinct())
                .containsExactlyInAnyOrderElementsOf(records);
    }

    @Test
    void onlyTheFourEndEventsAreTerminal() {
        assertThat(TaskEvent.TYPES.stream().map(TaskEvent.Type::name).filter(TaskEvent::terminal))
                .containsExactlyInAnyOrder("completed", "failed", "cancelled", "timed_out");
        assertThat(TaskEvent.terminal("no_such_event")).isFalse();
    }

    @Test
    void anEndEventFollowsTheStatusItReports() {
        assertThat(TaskEnded.of(TASK, "succeeded", null, "a", "0")).isInstanceOf(TaskCompleted.class);
        assertThat(TaskEnded.of(TASK, "timed_out", "late", null, "0")).isInstanceOf(TaskTimedOut.class);
        assertThat(TaskEnded.of(TASK, "cancelled", "asked", null, "0")).isInstanceOf(TaskCancelled.class);
        TaskEnded failed = TaskEnded.of(TASK, "failed", "broke", null, "0");
        assertThat(failed).isInstanceOf(TaskFailed.class);
        assertThat(failed.type()).isEqualTo("failed");
        JsonNode tree = JSON.valueToTree(failed);
        assertThat(tree.has("type"))
                .as("the type travels beside the payload, not in it")
                .isFalse();
    }
}
