package com.bl1nk.billing.usage;

import com.bl1nk.common.stream.StreamCodec;
import com.bl1nk.common.stream.StreamMessage;
import com.bl1nk.common.stream.StreamWorker;
import com.bl1nk.common.stream.StreamWorkerSpec;
import com.bl1nk.common.stream.StreamWorkers;
import com.bl1nk.contracts.usage.ModelCallMetered;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs the {@code billing} consumer group on {@code bl1nk:usage} (at-least-once; idempotent by event id). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "bl1nk.billing.usage", name = "consumer-enabled", matchIfMissing = true)
class UsageConsumerConfiguration {

    /** The one decoding of {@code bl1nk:usage} messages. */
    static final StreamCodec<ModelCallMetered> USAGE = StreamCodec.of(ModelCallMetered.class);

    @Bean
    StreamWorker usageStreamWorker(StreamWorkers workers, UsageProperties properties, UsageRecorder recorder) {
        StreamWorkerSpec spec = StreamWorkerSpec.of(USAGE.stream(), properties.group())
                .withConcurrency(properties.concurrency())
                .withMaxAttempts(properties.maxAttempts())
                .withClaimIdleTime(properties.claimIdleTime())
                .withBlockTime(properties.blockTime());
        return workers.create(spec, message -> handle(message, recorder));
    }

    static void handle(StreamMessage message, UsageRecorder recorder) {
        recorder.record(USAGE.decode(message), message.tenantId());
    }
}
