package com.bl1nk.billing.usage;

import com.bl1nk.common.stream.StreamMessage;
import com.bl1nk.common.stream.StreamWorker;
import com.bl1nk.common.stream.StreamWorkerSpec;
import com.bl1nk.common.stream.StreamWorkers;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs the {@code billing} consumer group on {@code bl1nk:usage} (at-least-once; idempotent by event id). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "bl1nk.billing.usage", name = "consumer-enabled", matchIfMissing = true)
class UsageConsumerConfiguration {

    @Bean
    StreamWorker usageStreamWorker(StreamWorkers workers, UsageProperties properties, UsageRecorder recorder) {
        StreamWorkerSpec spec = StreamWorkerSpec.of(ModelCallMetered.STREAM, properties.group())
                .withConcurrency(properties.concurrency())
                .withMaxAttempts(properties.maxAttempts())
                .withClaimIdleTime(properties.claimIdleTime())
                .withBlockTime(properties.blockTime());
        return workers.create(spec, message -> handle(message, recorder));
    }

    static void handle(StreamMessage message, UsageRecorder recorder) {
        if (!ModelCallMetered.TYPE.equals(message.type())) {
            throw new IllegalArgumentException("unexpected event type " + message.type() + " on bl1nk:usage");
        }
        if (message.version() != ModelCallMetered.VERSION) {
            throw new IllegalArgumentException("unsupported ModelCallMetered version " + message.version());
        }
        recorder.record(message.payload(ModelCallMetered.class), message.tenantId());
    }
}
