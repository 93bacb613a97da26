package com.bl1nk.task.loop;

import com.bl1nk.contracts.taskevent.ModelDeltaStreamed;
import com.bl1nk.task.error.TaskErrorCode;
import com.bl1nk.task.events.TaskEvents;
import com.bl1nk.task.tasks.StepKind;
import com.bl1nk.task.tasks.TaskRecord;
import com.bl1nk.task.tasks.TaskStore;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * One model call over the conversation so far, within the agent's step limit and the task's remaining budget; the text
 * streams out as events while it arrives, and the reply, tokens and cost are stored in one transaction.
 */
@Component
class ModelStep {

    private final ModelGateway models;
    private final TaskStore store;
    private final TaskEvents events;
    private final RunGuard guard;
    private final TransactionTemplate tx;
    private final ObjectMapper json;

    ModelStep(
            ModelGateway models,
            TaskStore store,
            TaskEvents events,
            RunGuard guard,
            TransactionTemplate tx,
            ObjectMapper json) {
        this.models = models;
        this.store = store;
        this.events = events;
        this.guard = guard;
        this.tx = tx;
        this.json = json;
    }

    /**
     * The model's reply (replayed when an earlier attempt completed this step).
     *
     * @throws TransientStepFailure when the model layer failed in a way a later attempt may not
     * @throws LoopInterruptedException when the run's thread was interrupted during the call
     */
    StepResult<ModelReply> run(LoopRun run) {
        StepResult<TaskRecord> active = guard.active(run);
        if (active instanceof StepResult.End<TaskRecord> end) {
            return StepResult.end(end.outcome());
        }
        TaskRecord fresh = ((StepResult.Continue<TaskRecord>) active).value();
        var done = run.completed();
        if (done.isPresent() && done.get().kind() == StepKind.MODEL) {
            run.countModelCall();
            return StepResult.next(json.readValue(done.get().output(), StepJson.ModelOutput.class)
                    .replay());
        }
        if (run.modelCalls() >= run.agent.maxSteps()) {
            return StepResult.end(new LoopOutcome.Failed(
                    TaskErrorCode.MAX_STEPS_EXCEEDED,
                    "The agent made " + run.modelCalls() + " model calls without a final answer"));
        }
        BigDecimal remaining = fresh.remainingBudgetUsd();
        if (remaining.signum() <= 0) {
            return StepResult.end(new LoopOutcome.Failed(
                    TaskErrorCode.BUDGET_EXHAUSTED,
                    "The task spent " + fresh.totalCostUsd().toPlainString() + " of its "
                            + fresh.budgetUsd().toPlainString() + " USD budget"));
        }
        TaskRecord task = run.task;
        int seq = run.seq();
        store.startStep(
                task.tenantId(),
                task.id(),
                seq,
                StepKind.MODEL,
                json.writeValueAsString(
                        new StepJson.ModelInput(run.messages.size(), run.agent.model(), remaining.toPlainString())));
        long t0 = System.nanoTime();
        DeltaBuffer deltas =
                new DeltaBuffer(text -> events.publish(task.tenantId(), task.id(), new ModelDeltaStreamed(seq, text)));
        ModelReply reply;
        try {
            reply = models.call(
                    new ModelCall(
                            task.tenantId(),
                            task.apiKeyId(),
                            run.agent.id(),
                            task.id(),
                            run.agent.model(),
                            run.agent.routingPolicy(),
                            List.copyOf(run.messages),
                            List.copyOf(run.toolSpecs),
                            remaining),
                    deltas::add);
            deltas.flush();
        } catch (ModelCallException e) {
            if (e.isTransient()) {
                throw new TransientStepFailure(e.getMessage(), e);
            }
            return guard.failedUnlessStopped(run, new LoopOutcome.Failed(e.code(), e.getMessage()));
        }
        long latency = StepTexts.millisSince(t0);
        String output = json.writeValueAsString(StepJson.ModelOutput.of(reply));
        tx.executeWithoutResult(s -> {
            store.completeStep(
                    task.tenantId(),
                    task.id(),
                    seq,
                    output,
                    reply.promptTokens(),
                    reply.completionTokens(),
                    reply.costUsd(),
                    latency);
            store.addCost(
                    task.tenantId(),
                    task.id(),
                    task.parentTaskId() != null,
                    reply.costUsd(),
                    reply.promptTokens(),
                    reply.completionTokens());
        });
        run.countModelCall();
        return StepResult.next(reply);
    }
}
