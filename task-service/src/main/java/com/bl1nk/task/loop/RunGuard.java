package com.bl1nk.task.loop;

import com.bl1nk.task.tasks.TaskRecord;
import com.bl1nk.task.tasks.TaskStatus;
import com.bl1nk.task.tasks.TaskStore;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** Checks before each outbound call that the run may still go on: not interrupted, still ours, not past deadline. */
@Component
class RunGuard {

    private final TaskStore store;

    RunGuard(TaskStore store) {
        this.store = store;
    }

    /** The task as it is now, or how the run ends because it was cancelled, taken over or is past its deadline. */
    StepResult<TaskRecord> active(LoopRun run) {
        if (Thread.currentThread().isInterrupted()) {
            return StepResult.end(new LoopOutcome.Stopped("interrupted"));
        }
        TaskRecord fresh = reload(run);
        if (fresh.status() != TaskStatus.RUNNING || !run.owner.equals(fresh.leaseOwner())) {
            return StepResult.end(
                    new LoopOutcome.Stopped("task is " + fresh.status().wire()));
        }
        if (fresh.deadlineAt() != null && Instant.now().isAfter(fresh.deadlineAt())) {
            return StepResult.end(new LoopOutcome.TimedOut("The task did not finish by " + fresh.deadlineAt()));
        }
        return StepResult.next(fresh);
    }

    /** A failure that is final unless the task stopped meanwhile: then the stop is what happened. */
    <T> StepResult<T> failedUnlessStopped(LoopRun run, LoopOutcome failure) {
        return active(run) instanceof StepResult.End<TaskRecord> end
                ? StepResult.end(end.outcome())
                : StepResult.end(failure);
    }

    TaskRecord reload(LoopRun run) {
        return store.find(run.task.tenantId(), run.task.id()).orElseThrow();
    }
}
