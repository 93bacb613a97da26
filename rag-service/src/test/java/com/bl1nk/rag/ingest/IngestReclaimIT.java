package com.bl1nk.rag.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.common.stream.StreamWorker;
import com.bl1nk.contracts.ingest.DocumentIngestRequested;
import com.bl1nk.rag.support.Api;
import com.bl1nk.rag.support.RagIntegrationTest;
import com.bl1nk.rag.support.Tenants;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A worker that dies mid-document: a "dead" consumer takes the message, writes part of the chunks and never
 * acknowledges; the live worker reclaims it after the idle time, resumes, and the document ends ready with every
 * chunk exactly once.
 */
class IngestReclaimIT extends RagIntegrationTest {

    @Autowired
    StreamWorker ingestStreamWorker;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    StreamKeys keys;

    @Autowired
    IngestProcessor processor;

    @Test
    void documentReachesReadyAfterALiveWorkerReclaimsADeadWorkersMessageWithoutDuplicateChunks() {
        Tenants.Tenant tenant = Tenants.newTenant();
        Api.Response kbResponse = api.post(
                tenant.token(),
                "/api/v1/knowledge-bases",
                Map.of("name", "reclaim", "chunking", Map.of("maxTokens", 32, "overlapTokens", 0)));
        UUID kb = UUID.fromString(kbResponse.json().get("id").asString());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            text.append("Paragraph ")
                    .append(i)
                    .append(" explains step ")
                    .append(i)
                    .append(" of the long procedure in enough words to need its own chunk here.\n\n");
        }

        ingestStreamWorker.stop();
        UUID doc;
        try {
            doc = uploadText(tenant, kb, "procedure.txt", "text/plain", text.toString());
            MapRecord<String, Object, Object> taken = takeAsDeadConsumer(doc);

            // The dead worker gets two batches in, then "dies": no more writes, no acknowledgement.
            assertThat(processor.process(tenant.id(), doc, 1, batch -> batch < 2))
                    .isEqualTo(IngestProcessor.Outcome.INTERRUPTED);
            assertThat(chunkRows(doc)).isEqualTo(16);
            JsonNode midway = api.get(tenant.token(), "/api/v1/knowledge-bases/" + kb + "/documents/" + doc)
                    .json();
            assertThat(midway.get("status").asString()).isEqualTo("processing");
            assertThat(midway.get("progress").asInt()).isBetween(1, 99);
            assertThat(pendingFor("dead-consumer", taken)).isTrue();
        } finally {
            ingestStreamWorker.start();
        }

        JsonNode ready = awaitReady(tenant, kb, doc);
        int chunkCount = ready.get("chunkCount").asInt();
        assertThat(chunkCount).isEqualTo(40);
        assertThat(chunkRows(doc)).isEqualTo(chunkCount);
        assertThat(jdbc.queryForObject(
                        "select count(distinct (version, chunk_index)) from rag.chunks where document_id = ?",
                        Integer.class,
                        doc))
                .isEqualTo(chunkCount);
        assertThat(jdbc.queryForList(
                        "select chunk_index from rag.chunks where document_id = ? order by chunk_index",
                        Integer.class,
                        doc))
                .isEqualTo(java.util.stream.IntStream.range(0, 40).boxed().toList());
    }

    private MapRecord<String, Object, Object> takeAsDeadConsumer(UUID doc) {
        for (int attempt = 0; attempt < 50; attempt++) {
            List<MapRecord<String, Object, Object>> records = redis.opsForStream()
                    .read(
                            Consumer.from(IngestForwarder.GROUP, "dead-consumer"),
                            StreamReadOptions.empty().count(10),
                            StreamOffset.create(keys.key(DocumentIngestRequested.STREAM), ReadOffset.lastConsumed()));
            for (MapRecord<String, Object, Object> record :
                    records == null ? List.<MapRecord<String, Object, Object>>of() : records) {
                if (String.valueOf(record.getValue().get("payload")).contains(doc.toString())) {
                    return record;
                }
            }
        }
        throw new AssertionError("the ingest message for " + doc + " never arrived");
    }

    private boolean pendingFor(String consumer, MapRecord<String, Object, Object> record) {
        PendingMessages pending = redis.opsForStream()
                .pending(
                        keys.key(DocumentIngestRequested.STREAM),
                        Consumer.from(IngestForwarder.GROUP, consumer),
                        Range.unbounded(),
                        100L);
        return pending.stream().anyMatch(p -> p.getId().equals(record.getId()));
    }

    private int chunkRows(UUID doc) {
        return jdbc.queryForObject("select count(*) from rag.chunks where document_id = ?", Integer.class, doc);
    }
}
