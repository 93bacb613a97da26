package com.bl1nk.task.client.rag;

import com.bl1nk.common.client.DownstreamClients;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHolder;
import com.bl1nk.contracts.rag.QueryRequest;
import com.bl1nk.contracts.rag.QueryResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Asks rag-service for the chunks that ground an answer, acting for the task's tenant; its RestClient is built the
 * common way (timeouts, task-service's own token for rag, traceparent, the {@code rag} circuit breaker).
 */
@Component
@EnableConfigurationProperties(RagClientProperties.class)
public class RagClient {

    /** Longest query text sent (rag-service's own limit). */
    static final int MAX_QUERY_LENGTH = 4000;

    private final RestClient http;
    private final int topK;

    @Autowired
    RagClient(DownstreamClients clients, RagClientProperties properties) {
        this(clients.restClient(properties.downstream()), properties.topK());
    }

    public RagClient(RestClient http, int topK) {
        this.http = http;
        this.topK = topK;
    }

    /** Top chunks for {@code query} across the knowledge bases. */
    public List<RetrievedChunk> query(UUID tenantId, List<UUID> knowledgeBaseIds, String query) {
        if (knowledgeBaseIds.isEmpty()) {
            return List.of();
        }
        QueryRequest body = new QueryRequest(
                query.length() > MAX_QUERY_LENGTH ? query.substring(0, MAX_QUERY_LENGTH) : query,
                null,
                topK,
                knowledgeBaseIds.size() > 1 ? knowledgeBaseIds.subList(1, knowledgeBaseIds.size()) : null,
                null);
        QueryResponse response;
        try (IdentityHolder.Scope ignored = IdentityHolder.bind(actingFor(tenantId))) {
            response = http.post()
                    .uri("/api/v1/knowledge-bases/{id}/query", knowledgeBaseIds.getFirst())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .exchange((request, answer) -> {
                        int status = answer.getStatusCode().value();
                        if (status != 200) {
                            throw new RagUnavailableException(
                                    "rag-service answered " + status + ": "
                                            + abbreviate(
                                                    new String(answer.getBody().readAllBytes())),
                                    status == 429 || status >= 500,
                                    null);
                        }
                        return answer.bodyTo(QueryResponse.class);
                    });
        } catch (RestClientException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new RagUnavailableException("interrupted", false, e);
            }
            throw new RagUnavailableException("rag-service unreachable: " + e, true, e);
        }
        if (response == null || response.results() == null) {
            return List.of();
        }
        return response.results().stream()
                .map(r -> new RetrievedChunk(
                        r.chunkId(),
                        r.knowledgeBaseId(),
                        r.document() == null ? null : r.document().id(),
                        r.document() == null ? null : r.document().name(),
                        r.score() == null ? 0 : r.score(),
                        r.content() != null ? r.content() : r.snippet() != null ? r.snippet() : ""))
                .toList();
    }

    /** The identity task-service acts with for a task of {@code tenantId}. */
    static Identity actingFor(UUID tenantId) {
        return Identity.service("task-service", tenantId, Set.of(Identity.DEVELOPER), Set.of());
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 500 ? s.substring(0, 500) : s;
    }
}
