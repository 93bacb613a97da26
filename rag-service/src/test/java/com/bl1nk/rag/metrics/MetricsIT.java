package com.bl1nk.rag.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.mockllm.Rule;
import com.bl1nk.rag.support.Api;
import com.bl1nk.rag.support.MockEmbeddings;
import com.bl1nk.rag.support.RagIntegrationTest;
import com.bl1nk.rag.support.Tenants;
import com.bl1nk.testsupport.MetricsCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** rag-service's meters move with ingestion and retrieval, and every meter is in docs/metrics.md. */
class MetricsIT extends RagIntegrationTest {

    @Autowired
    MeterRegistry registry;

    @Test
    void aDocumentMadeReadyCountsOnceWithItsChunksAndAFailedOneCountsAsFailed() {
        Tenants.Tenant tenant = Tenants.newTenant();
        UUID kb = createKnowledgeBase(tenant, "metered");
        double ready = counter("bl1nk.ingest.documents", "outcome", "ready");
        double failed = counter("bl1nk.ingest.documents", "outcome", "failed");
        double chunks = counter("bl1nk.ingest.chunks");

        UUID doc = uploadText(
                tenant, kb, "notes.md", "text/markdown", "# Metrics\n\nEvery ingestion is counted.\n\n## More\n\nYes.");
        JsonNode done = awaitReady(tenant, kb, doc);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(counter("bl1nk.ingest.documents", "outcome", "ready")).isEqualTo(ready + 1);
            assertThat(counter("bl1nk.ingest.chunks"))
                    .isEqualTo(chunks + done.get("chunkCount").asInt());
        });

        MockEmbeddings.server()
                .setRules(Rule.whenLastMessageContains("POISON").onEmbeddings().replyError(400));
        try {
            Api.Response refused = api.post(
                    tenant.token(),
                    "/api/v1/knowledge-bases",
                    Map.of(
                            "name",
                            "refused",
                            "embedding",
                            Map.of("provider", "mock", "model", "mock-embedding", "dimension", 384)));
            UUID refusedKb = UUID.fromString(refused.json().get("id").asString());
            uploadText(tenant, refusedKb, "bad.txt", "text/plain", "This text contains POISON for the provider.");
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(counter("bl1nk.ingest.documents", "outcome", "failed"))
                            .isEqualTo(failed + 1));
        } finally {
            MockEmbeddings.server().reset();
        }
    }

    @Test
    void everyRetrievalModeIsTimedOnItsOwnWithSloBuckets() {
        Tenants.Tenant tenant = Tenants.newTenant();
        UUID kb = createKnowledgeBase(tenant, "timed");
        awaitReady(
                tenant, kb, uploadText(tenant, kb, "a.txt", "text/plain", "Retrieval latency is measured per mode."));
        long vector = count("vector", "ok");
        long keyword = count("keyword", "ok");
        long hybrid = count("hybrid", "ok");
        long failed = count("hybrid", "error");

        for (String mode : new String[] {"vector", "keyword", "hybrid"}) {
            Api.Response r = query(tenant, kb, Map.of("query", "latency per mode", "mode", mode));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        assertThat(query(tenant, UUID.randomUUID(), Map.of("query", "no such knowledge base"))
                        .status())
                .isEqualTo(404);

        assertThat(count("vector", "ok")).isEqualTo(vector + 1);
        assertThat(count("keyword", "ok")).isEqualTo(keyword + 1);
        assertThat(count("hybrid", "ok")).isEqualTo(hybrid + 1);
        assertThat(count("hybrid", "error")).isEqualTo(failed + 1);
        Timer timer = registry.get("bl1nk.retrieval")
                .tag("mode", "keyword")
                .tag("outcome", "ok")
                .timer();
        assertThat(Arrays.stream(timer.takeSnapshot().histogramCounts()).map(CountAtBucket::bucket))
                .contains(100_000_000.0, 1_000_000_000.0);
    }

    @Test
    void theIngestStreamIsMeasured() {
        assertThat(registry.get("bl1nk.stream.lag")
                        .tag("stream", "bl1nk:ingest")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(0);
        assertThat(registry.get("bl1nk.stream.pending")
                        .tag("stream", "bl1nk:ingest")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void everyMeterIsDocumented() {
        MetricsCatalogue.assertDocumented(registry, "rag-service");
    }

    private double counter(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private long count(String mode, String outcome) {
        Timer timer = registry.find("bl1nk.retrieval")
                .tag("mode", mode)
                .tag("outcome", outcome)
                .timer();
        return timer == null ? 0 : timer.count();
    }
}
