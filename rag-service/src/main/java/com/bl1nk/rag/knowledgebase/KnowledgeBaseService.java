package com.bl1nk.rag.knowledgebase;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.rag.chunk.ChunkingSettings;
import com.bl1nk.rag.embedding.EmbeddingService;
import com.bl1nk.rag.embedding.EmbeddingSpec;
import com.bl1nk.rag.embedding.LocalMiniLm;
import com.bl1nk.rag.error.RagErrorCode;
import com.bl1nk.rag.quota.TenantQuotas;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Creates and finds knowledge bases; the one place that decides whether a tenant can see one (404 otherwise). */
@Service
public class KnowledgeBaseService {

    private final KnowledgeBaseRepository repository;
    private final EmbeddingService embeddings;
    private final Clock clock;
    private final TenantQuotas quotas;
    private final TransactionTemplate tx;
    private final AuditOutbox audit;

    KnowledgeBaseService(
            KnowledgeBaseRepository repository,
            EmbeddingService embeddings,
            Clock clock,
            TenantQuotas quotas,
            TransactionTemplate tx,
            AuditOutbox audit) {
        this.repository = repository;
        this.embeddings = embeddings;
        this.clock = clock;
        this.quotas = quotas;
        this.tx = tx;
        this.audit = audit;
    }

    KnowledgeBase create(UUID tenantId, String actor, KnowledgeBaseRequests.Create request) {
        EmbeddingSpec spec = embeddingSpec(request.embedding());
        ChunkingSettings chunking = chunking(request.chunking());
        KnowledgeBase kb = new KnowledgeBase(
                UUID.randomUUID(),
                tenantId,
                request.name().strip(),
                request.description(),
                spec,
                chunking,
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        boolean inserted = Boolean.TRUE.equals(tx.execute(status -> {
            quotas.lock(tenantId);
            quotas.checkKnowledgeBases(repository.count(tenantId));
            if (!repository.insert(kb)) {
                return false;
            }
            audit.record(AuditRecorded.success(
                    tenantId,
                    actor,
                    "knowledge_base.created",
                    "knowledge_base",
                    kb.id().toString(),
                    Map.of(
                            "name", kb.name(),
                            "embeddingProvider", spec.provider(),
                            "embeddingModel", spec.model(),
                            "dimension", spec.dimension())));
            return true;
        }));
        if (!inserted) {
            throw ApiException.of(
                    RagErrorCode.KNOWLEDGE_BASE_EXISTS, "a knowledge base named '" + kb.name() + "' already exists");
        }
        return kb;
    }

    /** The tenant's knowledge base or 404 (also when it belongs to another tenant). */
    public KnowledgeBase require(UUID tenantId, UUID id) {
        return repository.find(tenantId, id).orElseThrow(() -> ApiException.notFound("knowledge base", id));
    }

    /** All of {@code ids} in the given order, or 404 naming the first one the tenant cannot see. */
    public List<KnowledgeBase> requireAll(UUID tenantId, Collection<UUID> ids) {
        List<UUID> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        Map<UUID, KnowledgeBase> found = repository.findAll(tenantId, distinct).stream()
                .collect(Collectors.toMap(KnowledgeBase::id, Function.identity()));
        List<KnowledgeBase> ordered = new ArrayList<>(distinct.size());
        for (UUID id : distinct) {
            KnowledgeBase kb = found.get(id);
            if (kb == null) {
                throw ApiException.notFound("knowledge base", id);
            }
            ordered.add(kb);
        }
        return ordered;
    }

    Page<KnowledgeBase> list(UUID tenantId, String cursor, int limit) {
        List<KnowledgeBase> rows = repository.page(tenantId, Cursors.decode(cursor), limit + 1);
        return Page.of(rows, limit, kb -> Cursors.encode(kb.createdAt(), kb.id()));
    }

    void delete(UUID tenantId, String actor, UUID id) {
        tx.executeWithoutResult(status -> {
            KnowledgeBase kb = require(tenantId, id);
            if (!repository.delete(tenantId, id)) {
                throw ApiException.notFound("knowledge base", id);
            }
            audit.record(AuditRecorded.success(
                    tenantId,
                    actor,
                    "knowledge_base.deleted",
                    "knowledge_base",
                    id.toString(),
                    Map.of("name", kb.name())));
        });
    }

    private EmbeddingSpec embeddingSpec(KnowledgeBaseRequests.Embedding request) {
        if (request == null || request.provider() == null || request.provider().equals(LocalMiniLm.PROVIDER)) {
            if (request != null
                    && ((request.model() != null && !request.model().equals(LocalMiniLm.MODEL))
                            || (request.dimension() != null && request.dimension() != LocalMiniLm.DIMENSION))) {
                throw ApiException.invalidField(
                        "embedding", "the local provider only offers " + LocalMiniLm.MODEL + " with 384 dimensions");
            }
            return EmbeddingSpec.LOCAL;
        }
        if (!embeddings.knowsProvider(request.provider())) {
            throw ApiException.invalidField(
                    "embedding.provider", "embedding provider '" + request.provider() + "' is not configured");
        }
        if (request.model() == null || request.model().isBlank() || request.dimension() == null) {
            throw ApiException.invalidField("embedding", "a provider embedding needs both model and dimension");
        }
        return new EmbeddingSpec(request.provider(), request.model(), request.dimension());
    }

    private static ChunkingSettings chunking(KnowledgeBaseRequests.Chunking request) {
        int max = request == null || request.maxTokens() == null
                ? ChunkingSettings.DEFAULT.maxTokens()
                : request.maxTokens();
        int overlap = request == null || request.overlapTokens() == null
                ? Math.min(ChunkingSettings.DEFAULT.overlapTokens(), max / 4)
                : request.overlapTokens();
        if (overlap >= max) {
            throw ApiException.invalidField("chunking.overlapTokens", "must be smaller than maxTokens");
        }
        return new ChunkingSettings(max, overlap);
    }
}
