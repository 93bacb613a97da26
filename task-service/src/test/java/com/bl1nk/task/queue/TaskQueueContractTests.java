package com.bl1nk.task.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.stream.StreamMessage;
import com.bl1nk.contracts.examples.ContractExamples;
import com.bl1nk.contracts.tasks.TaskQueued;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The runner reads the task id from {@code bl1nk:tasks} messages as the queue writes them and the example shows. */
class TaskQueueContractTests {

    @Test
    void theRunnerReadsTheTaskIdTheQueueWrote() {
        UUID taskId = UUID.randomUUID();
        StreamMessage message = StreamMessage.from(
                TaskQueue.STREAM,
                "1-0",
                TaskQueue.TASKS.encode(UUID.randomUUID(), UUID.randomUUID(), new TaskQueued(taskId), Instant.now()),
                1);

        assertThat(message.type()).isEqualTo("TaskQueued");
        assertThat(TaskRunner.taskIdOf(message)).isEqualTo(taskId);
    }

    @Test
    void theCommittedExampleNamesTheTaskToRun() {
        TaskQueued example = TaskQueue.TASKS.decodePayload(ContractExamples.json(TaskQueued.class));

        assertThat(example.taskId()).isEqualTo(UUID.fromString("7c3a4d5e-6f70-4182-9394-b5c6d7e8f9a0"));
    }
}
