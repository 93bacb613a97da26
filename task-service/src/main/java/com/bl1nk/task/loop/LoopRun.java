package com.bl1nk.task.loop;

import com.bl1nk.task.agent.AgentDefinition;
import com.bl1nk.task.tasks.StepRecord;
import com.bl1nk.task.tasks.TaskRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of one run over one task, handed from step to step: the conversation so far, the tools offered, the
 * sequence number of the next step and the steps an earlier attempt already persisted.
 */
final class LoopRun {

    final TaskRecord task;
    final String owner;
    final AgentDefinition agent;
    final List<ChatMessage> messages = new ArrayList<>();
    final Map<String, String> toolIds = new HashMap<>();
    final List<ToolSpec> toolSpecs = new ArrayList<>();
    private final Map<Integer, StepRecord> persisted = new HashMap<>();
    private int seq;
    private int modelCalls;

    LoopRun(TaskRecord task, String owner, AgentDefinition agent, List<StepRecord> steps) {
        this.task = task;
        this.owner = owner;
        this.agent = agent;
        steps.forEach(s -> persisted.put(s.seq(), s));
    }

    /** Whether no step was ever persisted: the run starts the task rather than resumes it. */
    boolean fresh() {
        return persisted.isEmpty();
    }

    /** Sequence number of the current step. */
    int seq() {
        return seq;
    }

    /** Moves on to the next step. */
    void advance() {
        seq++;
    }

    int modelCalls() {
        return modelCalls;
    }

    void countModelCall() {
        modelCalls++;
    }

    /** The current step as an earlier attempt persisted it, whatever its status. */
    Optional<StepRecord> persisted() {
        return Optional.ofNullable(persisted.get(seq));
    }

    /** The current step if an earlier attempt completed it: replay it instead of running it again. */
    Optional<StepRecord> completed() {
        return persisted().filter(StepRecord::completed);
    }
}
