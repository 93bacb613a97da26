package com.bl1nk.task.loop;

import com.bl1nk.contracts.taskevent.ChildTaskCompleted;
import com.bl1nk.task.events.TaskEvents;
import com.bl1nk.task.tasks.StepRecord;
import com.bl1nk.task.tasks.TaskRecord;
import com.bl1nk.task.tasks.TaskStatus;
import com.bl1nk.task.tasks.TaskStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Completes a delegation step once every child ended: one result per child (answer, or why not, and its cost) goes
 * back to the model as the tool result; while a child still runs, the parent keeps sleeping.
 */
@Component
class ChildAggregation {

    private final TaskStore store;
    private final TaskEvents events;
    private final ObjectMapper json;

    ChildAggregation(TaskStore store, TaskEvents events, ObjectMapper json) {
        this.store = store;
        this.events = events;
        this.json = json;
    }

    StepResult<String> collect(LoopRun run, StepRecord started, List<StepJson.ChildRef> refs) {
        TaskRecord task = run.task;
        Map<UUID, TaskRecord> byId = new HashMap<>();
        store.children(task.tenantId(), task.id()).forEach(c -> byId.put(c.id(), c));
        for (StepJson.ChildRef ref : refs) {
            TaskRecord child = byId.get(ref.taskId());
            if (child != null && !child.status().terminal()) {
                return StepResult.end(new LoopOutcome.WaitingForChildren());
            }
        }
        List<StepJson.ChildResult> results = new ArrayList<>();
        for (StepJson.ChildRef ref : refs) {
            StepJson.ChildResult r = resultOf(ref, byId.get(ref.taskId()));
            results.add(r);
            events.publish(
                    task.tenantId(),
                    task.id(),
                    new ChildTaskCompleted(
                            run.seq(), ref.taskId(), r.agent(), r.status(), r.costUsd() == null ? "0" : r.costUsd()));
        }
        String result = json.writeValueAsString(results);
        store.completeStep(
                task.tenantId(),
                task.id(),
                run.seq(),
                json.writeValueAsString(new StepJson.DelegationOutput(result, results)),
                0,
                0,
                BigDecimal.ZERO,
                Duration.between(started.startedAt(), Instant.now()).toMillis());
        return StepResult.next(result);
    }

    private static StepJson.ChildResult resultOf(StepJson.ChildRef ref, TaskRecord child) {
        if (child == null) {
            return new StepJson.ChildResult(
                    ref.agent(), ref.taskId(), TaskStatus.FAILED.wire(), null, "child task is missing", null);
        }
        boolean succeeded = child.status() == TaskStatus.SUCCEEDED;
        return new StepJson.ChildResult(
                ref.agent(),
                ref.taskId(),
                child.status().wire(),
                succeeded ? child.output() : null,
                succeeded ? null : child.statusReason(),
                child.totalCostUsd().stripTrailingZeros().toPlainString());
    }
}
