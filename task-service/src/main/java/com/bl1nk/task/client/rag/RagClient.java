package com.bl1nk.task.client.rag;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Asks rag-service for the chunks that ground an answer, acting for the task's tenant. */
@Component
@EnableConfigurationProperties(RagClientProperties.class)
public class RagClient {

    private final RagClientProperties properties;
    private final IdentityTokenCodec tokens;
    private final ObjectMapper json;
    private final HttpClient http;

    RagClient(RagClientProperties properties, IdentityTokenCodec tokens, ObjectMapper json) {
        this.properties = properties;
        this.tokens = tokens;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Top chunks for {@code query} across the knowledge bases. */
    public List<RetrievedChunk> query(UUID tenantId, List<UUID> knowledgeBaseIds, String query) {
        if (knowledgeBaseIds.isEmpty()) {
            return List.of();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query.length() > 4000 ? query.substring(0, 4000) : query);
        body.put("topK", properties.topK());
        if (knowledgeBaseIds.size() > 1) {
            body.put("knowledgeBaseIds", knowledgeBaseIds.subList(1, knowledgeBaseIds.size()));
        }
        String token = tokens.mint(
                Identity.service("task-service", tenantId, Set.of(Identity.DEVELOPER), Set.of()),
                "rag",
                Duration.ofMinutes(1));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                        properties.baseUrl() + "/api/v1/knowledge-bases/" + knowledgeBaseIds.getFirst() + "/query"))
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .header(IdentityHeaders.IDENTITY, token)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        request.header(Traceparent.HEADER, TraceContext.outgoing().format());
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RagUnavailableException("interrupted", false, e);
        } catch (IOException e) {
            throw new RagUnavailableException("rag-service unreachable: " + e, true, e);
        }
        if (response.statusCode() != 200) {
            boolean retry = response.statusCode() == 429 || response.statusCode() >= 500;
            throw new RagUnavailableException(
                    "rag-service answered " + response.statusCode() + ": " + abbreviate(response.body()), retry, null);
        }
        List<RetrievedChunk> chunks = new ArrayList<>();
        for (JsonNode r : json.readTree(response.body()).path("results")) {
            chunks.add(new RetrievedChunk(
                    uuid(r.path("chunkId")),
                    uuid(r.path("knowledgeBaseId")),
                    uuid(r.path("document").path("id")),
                    r.path("document").path("name").asString(null),
                    r.path("score").asDouble(),
                    r.path("content").asString(r.path("snippet").asString(""))));
        }
        return chunks;
    }

    private static UUID uuid(JsonNode node) {
        try {
            return node.isString() ? UUID.fromString(node.asString()) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 500 ? s.substring(0, 500) : s;
    }
}
