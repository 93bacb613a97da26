package com.bl1nk.rag.retrieval;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.contracts.rag.QueryRequest;
import com.bl1nk.contracts.rag.QueryResponse;
import com.bl1nk.rag.embedding.EmbeddingService;
import com.bl1nk.rag.embedding.EmbeddingSpec;
import com.bl1nk.rag.embedding.MeteringContext;
import com.bl1nk.rag.error.RagErrorCode;
import com.bl1nk.rag.knowledgebase.KnowledgeBase;
import com.bl1nk.rag.knowledgebase.KnowledgeBaseService;
import com.pgvector.PGvector;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers queries: checks that every knowledge base and document named is the caller's (404 otherwise, exactly like
 * a missing one), embeds the query once, runs the chosen search and shapes citations.
 */
@Service
public class RetrievalService {

    /** Default number of results. */
    public static final int DEFAULT_TOP_K = 5;

    private final KnowledgeBaseService knowledgeBases;
    private final EmbeddingService embeddings;
    private final RetrievalRepository repository;
    private final RetrievalProperties properties;
    private final JsonMapper json;
    private final MeterRegistry meters;

    RetrievalService(
            KnowledgeBaseService knowledgeBases,
            EmbeddingService embeddings,
            RetrievalRepository repository,
            RetrievalProperties properties,
            JsonMapper json,
            MeterRegistry meters) {
        this.meters = meters;
        this.knowledgeBases = knowledgeBases;
        this.embeddings = embeddings;
        this.repository = repository;
        this.properties = properties;
        this.json = json;
    }

    /** Runs {@code request} against knowledge base {@code kbId} (plus any extra ones in the request). */
    public QueryResponse query(Identity identity, UUID kbId, QueryRequest request) {
        // mode is validated to vector|keyword|hybrid, so the tag stays bounded
        String mode = request.mode() == null ? "hybrid" : request.mode();
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            QueryResponse response = search(identity, kbId, request);
            outcome = "ok";
            return response;
        } finally {
            sample.stop(Timer.builder("bl1nk.retrieval")
                    .description("Retrieval latency by search mode")
                    .tag("mode", mode)
                    .tag("outcome", outcome)
                    .register(meters));
        }
    }

    private QueryResponse search(Identity identity, UUID kbId, QueryRequest request) {
        UUID tenantId = identity.tenantId();
        LinkedHashSet<UUID> ids = new LinkedHashSet<>();
        ids.add(kbId);
        if (request.knowledgeBaseIds() != null) {
            ids.addAll(request.knowledgeBaseIds());
        }
        List<KnowledgeBase> kbs = knowledgeBases.requireAll(tenantId, ids);
        EmbeddingSpec spec = kbs.getFirst().embedding();
        for (KnowledgeBase kb : kbs) {
            if (!kb.embedding().equals(spec)) {
                throw ApiException.of(
                        RagErrorCode.INCOMPATIBLE_KNOWLEDGE_BASES,
                        "knowledge bases queried together must use the same embedding model");
            }
        }
        List<UUID> kbIds = kbs.stream().map(KnowledgeBase::id).toList();
        List<UUID> documentIds = null;
        String metadataJson = null;
        if (request.filters() != null) {
            if (request.filters().documentIds() != null
                    && !request.filters().documentIds().isEmpty()) {
                documentIds = List.copyOf(new LinkedHashSet<>(request.filters().documentIds()));
                if (repository.countVisibleDocuments(tenantId, kbIds, documentIds) != documentIds.size()) {
                    throw ApiException.notFound("document", "in filters.documentIds");
                }
            }
            if (request.filters().metadata() != null
                    && !request.filters().metadata().isEmpty()) {
                metadataJson = json.writeValueAsString(request.filters().metadata());
            }
        }
        RetrievalRepository.Scope scope = new RetrievalRepository.Scope(tenantId, kbIds, documentIds, metadataJson);
        String mode = request.mode() == null ? "hybrid" : request.mode();
        int topK = request.topK() == null ? DEFAULT_TOP_K : request.topK();
        String query = request.query().strip();
        // with the per-document cap on, each search returns a few more candidates than topK to fill the cap from
        int wanted = properties.maxChunksPerDocument() > 0 ? topK * 3 : topK;
        List<Hit> ranked = switch (mode) {
            case "vector" -> vector(identity, spec, scope, query, wanted);
            case "keyword" -> repository.keyword(scope, query, wanted);
            default -> {
                int candidates = Math.max(properties.hybridCandidates(), topK * 4);
                List<List<Hit>> lists = List.of(
                        vector(identity, spec, scope, query, candidates), repository.keyword(scope, query, candidates));
                double[] weights = {properties.vectorWeight(), properties.keywordWeight()};
                yield properties.fusion() == RetrievalProperties.Fusion.SCORE
                        ? ReciprocalRankFusion.fuseScores(lists, weights, candidates)
                        : ReciprocalRankFusion.fuse(lists, weights, properties.rrfK(), candidates);
            }
        };
        List<Hit> hits = Diversity.capPerDocument(ranked, properties.maxChunksPerDocument(), topK);
        List<QueryResponse.Result> results = new ArrayList<>(Math.min(hits.size(), topK));
        for (Hit hit : hits.subList(0, Math.min(hits.size(), topK))) {
            results.add(new QueryResponse.Result(
                    hit.chunkId(),
                    hit.score(),
                    hit.knowledgeBaseId(),
                    new QueryResponse.Source(hit.documentId(), hit.documentName()),
                    hit.headingPath(),
                    hit.page(),
                    hit.startOffset(),
                    hit.endOffset(),
                    hit.chunkIndex(),
                    Snippets.snippet(hit.content(), query),
                    hit.content()));
        }
        return new QueryResponse(mode, results);
    }

    private List<Hit> vector(
            Identity identity, EmbeddingSpec spec, RetrievalRepository.Scope scope, String query, int limit) {
        float[] vector =
                embeddings.embedQuery(spec, query, new MeteringContext(identity.tenantId(), identity.apiKeyId()));
        return repository.vector(scope, spec.dimension(), new PGvector(vector), limit);
    }
}
