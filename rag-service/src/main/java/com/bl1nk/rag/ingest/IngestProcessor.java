package com.bl1nk.rag.ingest;

import com.bl1nk.rag.chunk.Chunk;
import com.bl1nk.rag.chunk.Chunker;
import com.bl1nk.rag.embedding.EmbeddingProperties;
import com.bl1nk.rag.embedding.EmbeddingService;
import com.bl1nk.rag.embedding.MeteringContext;
import com.bl1nk.rag.knowledgebase.KnowledgeBase;
import com.bl1nk.rag.knowledgebase.KnowledgeBaseService;
import com.bl1nk.rag.parse.ParsedDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chunks, embeds and stores one document version. Re-running it is safe and cheap: chunks already written are
 * skipped, so a reclaimed message resumes instead of starting over, and nothing is ever written twice.
 */
@Service
class IngestProcessor {

    private static final Logger log = LoggerFactory.getLogger(IngestProcessor.class);

    /** What one run achieved. */
    enum Outcome {
        READY,
        STALE,
        INTERRUPTED
    }

    private final IngestRepository repository;
    private final KnowledgeBaseService knowledgeBases;
    private final EmbeddingService embeddings;
    private final EmbeddingProperties embeddingProperties;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final IngestMetrics metrics;

    IngestProcessor(
            IngestRepository repository,
            KnowledgeBaseService knowledgeBases,
            EmbeddingService embeddings,
            EmbeddingProperties embeddingProperties,
            TransactionTemplate tx,
            JsonMapper json,
            IngestMetrics metrics) {
        this.metrics = metrics;
        this.repository = repository;
        this.knowledgeBases = knowledgeBases;
        this.embeddings = embeddings;
        this.embeddingProperties = embeddingProperties;
        this.tx = tx;
        this.json = json;
    }

    Outcome process(UUID tenantId, UUID documentId, int version) {
        return process(tenantId, documentId, version, batch -> true);
    }

    /**
     * Processes the version; {@code continueAfterBatch} is asked after each written batch (by batch number from 1)
     * and returning false stops the run there, as a crashed worker would.
     */
    Outcome process(UUID tenantId, UUID documentId, int version, IntPredicate continueAfterBatch) {
        Optional<IngestRepository.Target> target = repository.startProcessing(tenantId, documentId, version);
        if (target.isEmpty()) {
            log.info("Skipping stale ingest of document {} version {}", documentId, version);
            return Outcome.STALE;
        }
        Optional<String> parsedJson = repository.parsedContent(tenantId, documentId, version);
        if (parsedJson.isEmpty()) {
            return Outcome.STALE;
        }
        KnowledgeBase kb = knowledgeBases.require(tenantId, target.get().knowledgeBaseId());
        ParsedDocument parsed = json.readValue(parsedJson.get(), ParsedDocument.class);
        List<Chunk> chunks = Chunker.chunk(parsed, kb.chunking());
        Set<Integer> written = repository.writtenIndexes(tenantId, documentId, version);
        List<Chunk> todo = new ArrayList<>();
        for (Chunk chunk : chunks) {
            if (!written.contains(chunk.chunkIndex())) {
                todo.add(chunk);
            }
        }
        int batchSize = embeddingProperties.batchSize();
        int done = chunks.size() - todo.size();
        int batchNumber = 0;
        MeteringContext metering = new MeteringContext(tenantId, null);
        for (int from = 0; from < todo.size(); from += batchSize) {
            List<Chunk> batch = todo.subList(from, Math.min(todo.size(), from + batchSize));
            List<String> texts = batch.stream().map(Chunk::embeddingText).toList();
            List<float[]> vectors =
                    embeddings.embed(kb.embedding(), texts, metering).vectors();
            repository.insertChunks(
                    tenantId, target.get(), documentId, version, kb.embedding().dimension(), batch, vectors);
            done += batch.size();
            metrics.chunksWritten(batch.size());
            repository.progress(tenantId, documentId, version, Math.min(99, (int) (100L * done / chunks.size())));
            batchNumber++;
            if (!continueAfterBatch.test(batchNumber)) {
                return Outcome.INTERRUPTED;
            }
        }
        Boolean ready = tx.execute(status -> {
            if (!repository.markReady(tenantId, documentId, version, chunks.size())) {
                status.setRollbackOnly();
                return false;
            }
            repository.deleteOtherVersions(tenantId, documentId, version);
            return true;
        });
        if (Boolean.TRUE.equals(ready)) {
            log.info("Document {} version {} ready with {} chunks", documentId, version, chunks.size());
            metrics.documentReady();
            return Outcome.READY;
        }
        return Outcome.STALE;
    }

    void fail(UUID tenantId, UUID documentId, int version, String reason) {
        tx.executeWithoutResult(status -> repository.markFailed(tenantId, documentId, version, reason));
        metrics.documentFailed();
    }
}
