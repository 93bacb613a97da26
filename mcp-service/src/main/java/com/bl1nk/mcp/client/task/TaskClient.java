package com.bl1nk.mcp.client.task;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.common.identity.IdentityProperties;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.mcp.client.ClientsProperties;
import com.bl1nk.mcp.client.Downstreams;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Starts and reads tasks in task-service on behalf of the MCP caller (mcp-service's own token for it, carrying the caller's tenant and roles). */
@Component
public class TaskClient {

    private final RestClient http;
    private final IdentityTokenCodec tokens;
    private final Duration tokenTtl;

    TaskClient(
            RestClient.Builder builder,
            ClientsProperties properties,
            IdentityTokenCodec tokens,
            IdentityProperties identity) {
        this.http = Downstreams.restClient(builder, properties.task());
        this.tokens = tokens;
        this.tokenTtl = identity.serviceTokenTtl();
    }

    /** mcp-service's own token for task-service, acting for {@code caller}. */
    private String tokenFor(Identity caller) {
        return tokens.mint(caller, "task", tokenTtl);
    }

    /** Creates a task; {@code idempotencyKey} makes a retried MCP call start it only once. */
    public TaskView create(Identity caller, UUID agentId, String input, String idempotencyKey) {
        RestClient.RequestBodySpec spec = http.post()
                .uri("/api/v1/tasks")
                .header(IdentityHeaders.IDENTITY, tokenFor(caller))
                .contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            spec = spec.header("Idempotency-Key", idempotencyKey);
        }
        return spec.body(new Create(agentId, input)).retrieve().body(TaskView.class);
    }

    public TaskView get(Identity caller, UUID taskId) {
        return http.get()
                .uri("/api/v1/tasks/{id}", taskId)
                .header(IdentityHeaders.IDENTITY, tokenFor(caller))
                .retrieve()
                .body(TaskView.class);
    }

    record Create(UUID agentId, String input) {}

    /** The parts of a task the MCP tools return. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskView(
            UUID id,
            UUID agentId,
            String status,
            String statusReason,
            String output,
            String createdAt,
            String finishedAt) {}
}
