package com.bl1nk.mcp.client.rag;

import com.bl1nk.common.client.DownstreamClients;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHolder;
import com.bl1nk.contracts.rag.QueryRequest;
import com.bl1nk.contracts.rag.QueryResponse;
import com.bl1nk.mcp.client.ClientsProperties;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Queries a knowledge base in rag-service on behalf of the MCP caller (mcp-service's own token for it, carrying the
 * caller's tenant and roles); built the common way by common-lib's {@code DownstreamClients}.
 */
@Component
public class RagClient {

    private final RestClient http;

    @Autowired
    RagClient(DownstreamClients clients, ClientsProperties properties) {
        this(clients.restClient(properties.rag().named("rag")));
    }

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
