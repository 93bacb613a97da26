package com.bl1nk.task.loop;

import com.bl1nk.contracts.taskevent.ToolCallCompleted;
import com.bl1nk.contracts.taskevent.ToolCalled;
import com.bl1nk.task.client.mcp.McpClient;
import com.bl1nk.task.client.mcp.McpUnavailableException;
import com.bl1nk.task.client.mcp.ToolResult;
import com.bl1nk.task.events.TaskEvents;
import com.bl1nk.task.tasks.StepKind;
import com.bl1nk.task.tasks.TaskRecord;
import com.bl1nk.task.tasks.TaskStore;
import java.math.BigDecimal;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * One MCP tool call the model asked for, with a stable idempotency key ({@code taskId:seq}) so mcp-service recognises
 * a repeat after a crash; a tool the agent may not use becomes an error result the model sees, not a failure.
 */
@Component
class ToolStep {

    private final McpClient mcp;
    private final TaskStore store;
    private final TaskEvents events;
    private final RunGuard guard;
    private final ObjectMapper json;

    ToolStep(McpClient mcp, TaskStore store, TaskEvents events, RunGuard guard, ObjectMapper json) {
        this.mcp = mcp;
        this.store = store;
        this.events = events;
        this.guard = guard;
        this.json = json;
    }

    /**
     * The tool's result text for the model (replayed when an earlier attempt completed this step).
     *
     * @throws TransientStepFailure when mcp-service is down in a way a later attempt may not find it
     */
    StepResult<String> run(LoopRun run, ToolCallRequest call) {
        var done = run.completed();
        if (done.isPresent()) {
            return StepResult.next(resultOf(done.get().output()));
        }
        if (guard.active(run) instanceof StepResult.End<TaskRecord> end) {
            return StepResult.end(end.outcome());
        }
        TaskRecord task = run.task;
        int seq = run.seq();
        String toolId = run.toolIds.get(call.name());
        events.publish(task.tenantId(), task.id(), new ToolCalled(seq, call.id(), call.name(), call.arguments()));
        store.startStep(
                task.tenantId(),
                task.id(),
                seq,
                StepKind.TOOL,
                json.writeValueAsString(new StepJson.ToolInput(call.id(), call.name(), toolId, call.arguments())));
        long t0 = System.nanoTime();
        ToolResult result;
        if (toolId == null) {
            result = new ToolResult("Tool " + call.name() + " is not available to this agent", true);
        } else {
            try {
                result = mcp.call(
                        task.tenantId(), toolId, call.arguments(), task.id() + ":" + seq, run.agent.id(), task.id());
            } catch (McpUnavailableException e) {
                if (e.isTransient()) {
                    throw new TransientStepFailure(e.getMessage(), e);
                }
                // mcp-service reports an interrupted call as a lasting failure: the task was cancelled or taken over.
                return guard.failedUnlessStopped(run, new LoopOutcome.Stopped("interrupted"));
            }
        }
        store.completeStep(
                task.tenantId(),
                task.id(),
                seq,
                json.writeValueAsString(new StepJson.ToolOutput(result.text(), result.isError())),
                0,
                0,
                BigDecimal.ZERO,
                StepTexts.millisSince(t0));
        events.publish(
                task.tenantId(),
                task.id(),
                new ToolCallCompleted(
                        seq,
                        call.id(),
                        call.name(),
                        result.isError(),
                        StepTexts.abbreviate(result.text(), ToolCallCompleted.MAX_RESULT_CHARS)));
        return StepResult.next(result.text());
    }

    private String resultOf(String output) {
        String result = json.readValue(output, StepJson.ToolOutput.class).result();
        return result == null ? "" : result;
    }
}
