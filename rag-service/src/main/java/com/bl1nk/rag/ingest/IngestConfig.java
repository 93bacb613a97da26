package com.bl1nk.rag.ingest;

import com.bl1nk.common.stream.StreamWorker;
import com.bl1nk.common.stream.StreamWorkerSpec;
import com.bl1nk.common.stream.StreamWorkers;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Runs the {@code rag-ingesters} consumer in this process unless {@code bl1nk.rag.ingest.worker-enabled=false}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
class IngestConfig {

    @Bean
    @ConditionalOnProperty(prefix = "bl1nk.rag.ingest", name = "worker-enabled", matchIfMissing = true)
    StreamWorker ingestStreamWorker(StreamWorkers workers, IngestProperties properties, IngestWorker handler) {
        StreamWorkerSpec spec = StreamWorkerSpec.of(IngestForwarder.INGEST.stream(), IngestForwarder.GROUP)
                .withConcurrency(properties.concurrency())
                .withMaxAttempts(properties.maxAttempts())
                .withClaimIdleTime(properties.claimIdleTime())
                .withBlockTime(properties.blockTime())
                .withBatchSize(properties.concurrency());
        return workers.create(spec, handler);
    }
}
