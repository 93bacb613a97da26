package com.bl1nk.task.queue;

import com.bl1nk.common.stream.StreamWorker;
import com.bl1nk.common.stream.StreamWorkerSpec;
import com.bl1nk.common.stream.StreamWorkers;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the {@code bl1nk:tasks} consumer (group {@code task-workers}) to the task runner. */
@Configuration(proxyBeanMethods = false)
class TaskWorkerConfig {

    @Bean
    @ConditionalOnProperty(prefix = "bl1nk.task.queue", name = "worker-enabled", matchIfMissing = true)
    StreamWorker taskStreamWorker(
            StreamWorkers workers, TaskRunner runner, QueueProperties properties, WorkerIdentity identity) {
        StreamWorkerSpec spec = StreamWorkerSpec.of(TaskQueue.STREAM, TaskQueue.GROUP)
                .withConsumerName(identity.name())
                .withConcurrency(properties.concurrency())
                .withMaxAttempts(properties.maxAttempts())
                .withClaimIdleTime(properties.claimIdleTime())
                .withBlockTime(properties.blockTime())
                .withBatchSize(Math.min(properties.concurrency(), 50));
        return workers.create(spec, runner::handle);
    }
}
