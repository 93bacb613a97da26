package com.bl1nk.mcp.client.rag;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHolder;
import com.bl1nk.contracts.rag.QueryRequest;
import com.bl1nk.contracts.rag.QueryResponse;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Queries a knowledge base in rag-service on behalf of the MCP caller (mcp-service's own token for it, carrying the
 * caller's tenant and roles); built by {@link com.bl1nk.mcp.client.ClientsConfiguration}.
 */
public class RagClient {

    private final RestClient http;

    public RagClient(RestClient http) {
        this.http = http;
    }

    /** Ranked hits (never a null list); throws RestClientResponseException for 4xx/5xx answers. */
    public QueryResponse search(Identity caller, UUID knowledgeBaseId, String query, int topK) {
        QueryResponse response;
        try (IdentityHolder.Scope ignored = IdentityHolder.bind(caller)) {
            response = http.post()
                    .uri("/api/v1/knowledge-bases/{id}/query", knowledgeBaseId)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new QueryRequest(query, null, topK, null, null))
                    .retrieve()
                    .body(QueryResponse.class);
        }
        if (response == null || response.results() == null) {
            return new QueryResponse(response == null ? null : response.mode(), List.of());
        }
        return response;
    }
}
