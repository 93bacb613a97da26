package com.bl1nk.rag.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Ingestion throughput and failures across all tenants: documents made ready, chunks written, documents failed. */
@Component
class IngestMetrics {

    private final Counter ready;
    private final Counter failed;
    private final Counter chunks;

    IngestMetrics(MeterRegistry registry) {
        this.ready = Counter.builder("bl1nk.ingest.documents")
                .description("Document versions whose ingestion ended")
                .tag("outcome", "ready")
                .register(registry);
        this.failed = Counter.builder("bl1nk.ingest.documents")
                .description("Document versions whose ingestion ended")
                .tag("outcome", "failed")
                .register(registry);
        this.chunks = Counter.builder("bl1nk.ingest.chunks")
                .description("Chunks embedded and written")
                .register(registry);
    }

    void chunksWritten(int n) {
        chunks.increment(n);
    }

    void documentReady() {
        ready.increment();
    }

    void documentFailed() {
        failed.increment();
    }
}
