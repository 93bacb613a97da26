package com.bl1nk.task.loop;

import com.bl1nk.contracts.taskevent.ChildTasksDelegated;
import com.bl1nk.task.agent.AgentDefinition;
import com.bl1nk.task.agent.AgentService;
import com.bl1nk.task.events.TaskEvents;
import com.bl1nk.task.tasks.StepKind;
import com.bl1nk.task.tasks.StepRecord;
import com.bl1nk.task.tasks.TaskRecord;
import com.bl1nk.task.tasks.TaskService;
import com.bl1nk.task.tasks.TaskStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The built-in {@code delegate} tool: validates the model's sub-tasks, starts one child task per item with an equal
 * share of the remaining budget and lets the parent sleep; once the children ended, {@link ChildAggregation} hands
 * their results back. A refused delegation is an error result the model sees, not a failure.
 */
@Component
class DelegationStep {

    private final AgentService agents;
    private final TaskService tasks;
    private final TaskStore store;
    private final TaskEvents events;
    private final RunGuard guard;
    private final ChildAggregation aggregation;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final LoopProperties properties;

    DelegationStep(
            AgentService agents,
            TaskService tasks,
            TaskStore store,
            TaskEvents events,
            RunGuard guard,
            ChildAggregation aggregation,
            TransactionTemplate tx,
            ObjectMapper json,
            LoopProperties properties) {
        this.agents = agents;
        this.tasks = tasks;
        this.store = store;
        this.events = events;
        this.guard = guard;
        this.aggregation = aggregation;
        this.tx = tx;
        this.json = json;
        this.properties = properties;
    }

    /** The children's results (or the refusal) for the model, or the run ends waiting for the children. */
    StepResult<String> run(LoopRun run, ToolCallRequest call) {
        var done = run.completed();
        if (done.isPresent()) {
            String result = json.readValue(done.get().output(), StepJson.ToolOutput.class)
                    .result();
            return StepResult.next(result == null ? "" : result);
        }
        Optional<StepRecord> started = run.persisted();
        if (started.isPresent()) {
            StepJson.DelegationInput input = json.readValue(started.get().input(), StepJson.DelegationInput.class);
            if (input.children() != null) {
                return aggregation.collect(run, started.get(), input.children());
            }
        }
        return start(run, call);
    }

    /** Children to start, or why the delegation is refused. */
    private record Plan(List<AgentDefinition> targets, List<String> inputs, String refusal) {}

    private StepResult<String> start(LoopRun run, ToolCallRequest call) {
        if (guard.active(run) instanceof StepResult.End<TaskRecord> end) {
            return StepResult.end(end.outcome());
        }
        TaskRecord task = run.task;
        int seq = run.seq();
        Plan plan = plan(run, call);
        if (plan.refusal() != null) {
            store.startStep(task.tenantId(), task.id(), seq, StepKind.DELEGATE, inputJson(call, null));
            store.completeStep(
                    task.tenantId(),
                    task.id(),
                    seq,
                    json.writeValueAsString(new StepJson.ToolOutput(plan.refusal(), true)),
                    0,
                    0,
                    BigDecimal.ZERO,
                    0);
            return StepResult.next(plan.refusal());
        }
        TaskRecord fresh = guard.reload(run);
        BigDecimal share = fresh.remainingBudgetUsd()
                .divide(BigDecimal.valueOf(plan.targets().size()), 8, RoundingMode.DOWN);
        List<StepJson.ChildRef> children = new ArrayList<>();
        tx.executeWithoutResult(s -> {
            store.startStep(task.tenantId(), task.id(), seq, StepKind.DELEGATE, inputJson(call, null));
            for (int i = 0; i < plan.targets().size(); i++) {
                AgentDefinition target = plan.targets().get(i);
                UUID childId = tasks.createChild(fresh, target, plan.inputs().get(i), share);
                children.add(new StepJson.ChildRef(childId, target.name()));
            }
            store.updateStepInput(task.tenantId(), task.id(), seq, inputJson(call, children));
        });
        children.forEach(c -> tasks.announce(task.tenantId(), c.taskId(), task.id()));
        events.publish(
                task.tenantId(),
                task.id(),
                new ChildTasksDelegated(
                        seq,
                        children.stream()
                                .map(c -> new ChildTasksDelegated.Child(c.taskId(), c.agent()))
                                .toList(),
                        share.stripTrailingZeros().toPlainString()));
        return StepResult.end(new LoopOutcome.WaitingForChildren());
    }

    private Plan plan(LoopRun run, ToolCallRequest call) {
        JsonNode args;
        try {
            args = json.readTree(call.arguments());
        } catch (RuntimeException e) {
            args = json.createObjectNode();
        }
        JsonNode items = args.path("tasks");
        if (run.task.depth() >= run.task.maxDepth()) {
            return refused("Delegation depth exhausted: this task may not delegate further");
        }
        if (!items.isArray() || items.isEmpty()) {
            return refused("delegate needs a non-empty 'tasks' array of {agent, input}");
        }
        if (items.size() > properties.maxDelegations()) {
            return refused("delegate accepts at most " + properties.maxDelegations() + " tasks at once");
        }
        List<AgentDefinition> targets = new ArrayList<>();
        List<String> inputs = new ArrayList<>();
        for (JsonNode item : items) {
            String name = item.path("agent").asString("");
            String input = item.path("input").asString("");
            Optional<AgentDefinition> target = run.agent.allowedSubAgents().contains(name)
                    ? agents.currentByName(run.task.tenantId(), name)
                    : Optional.empty();
            if (target.isEmpty() || input.isBlank()) {
                return refused("Agent '" + name + "' is not an allowed sub-agent, or its input is empty");
            }
            targets.add(target.get());
            inputs.add(input);
        }
        return new Plan(targets, inputs, null);
    }

    private static Plan refused(String why) {
        return new Plan(List.of(), List.of(), why);
    }

    private String inputJson(ToolCallRequest call, List<StepJson.ChildRef> children) {
        return json.writeValueAsString(new StepJson.DelegationInput(call.id(), call.arguments(), children));
    }
}
