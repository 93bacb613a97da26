package com.bl1nk.mcp.client.rag;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.common.identity.IdentityProperties;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.mcp.client.ClientsProperties;
import com.bl1nk.mcp.client.Downstreams;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Queries a knowledge base in rag-service on behalf of the MCP caller (mcp-service's own token for it, carrying the caller's tenant and roles). */
@Component
public class RagClient {

    private final RestClient http;
    private final IdentityTokenCodec tokens;
    private final Duration tokenTtl;

    RagClient(
            RestClient.Builder builder,
            ClientsProperties properties,
            IdentityTokenCodec tokens,
            IdentityProperties identity) {
        this.http = Downstreams.restClient(builder, properties.rag());
        this.tokens = tokens;
        this.tokenTtl = identity.serviceTokenTtl();
    }

    /** mcp-service's own token for rag-service, acting for {@code caller}. */
    private String tokenFor(Identity caller) {
        return tokens.mint(caller, "rag", tokenTtl);
    }

    /** Ranked hits; throws RestClientResponseException for 4xx/5xx answers. */
    public SearchResult search(Identity caller, UUID knowledgeBaseId, String query, int topK) {
        return http.post()
                .uri("/api/v1/knowledge-bases/{id}/query", knowledgeBaseId)
                .header(IdentityHeaders.IDENTITY, tokenFor(caller))
                .contentType(MediaType.APPLICATION_JSON)
                .body(new Query(query, topK))
                .retrieve()
                .body(SearchResult.class);
    }

    record Query(String query, int topK) {}

    /** What the tool needs from rag-service's query response. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SearchResult(String mode, List<Hit> results) {

        public SearchResult {
            results = results == null ? List.of() : List.copyOf(results);
        }
    }

    /** One hit with its source. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Hit(UUID chunkId, double score, Source document, String snippet, String content) {}

    /** The document a hit came from. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Source(UUID id, String name) {}
}
