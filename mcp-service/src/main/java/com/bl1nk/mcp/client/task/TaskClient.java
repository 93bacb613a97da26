package com.bl1nk.mcp.client.task;

import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.mcp.client.ClientsProperties;
import com.bl1nk.mcp.client.Downstreams;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** Starts and reads tasks in task-service on behalf of the MCP caller (its identity token is forwarded). */
@Component
public class TaskClient {

    private final RestClient http;

    TaskClient(RestClient.Builder builder, ClientsProperties properties) {
        this.http = Downstreams.restClient(builder, properties.task());
    }

    /** Creates a task; {@code idempotencyKey} makes a retried MCP call start it only once. */
    public TaskView create(String identityToken, UUID agentId, String input, String idempotencyKey) {
        RestClient.RequestBodySpec spec = http.post()
                .uri("/api/v1/tasks")
                .header(IdentityHeaders.IDENTITY, identityToken)
                .contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            spec = spec.header("Idempotency-Key", idempotencyKey);
        }
        return spec.body(new Create(agentId, input)).retrieve().body(TaskView.class);
    }

    public TaskView get(String identityToken, UUID taskId) {
        return http.get()
                .uri("/api/v1/tasks/{id}", taskId)
                .header(IdentityHeaders.IDENTITY, identityToken)
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
