package com.bl1nk.mcp.client.task;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHolder;
import com.bl1nk.contracts.task.CreateTaskRequest;
import com.bl1nk.contracts.task.TaskResponse;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Starts and reads tasks in task-service on behalf of the MCP caller (mcp-service's own token for it, carrying the
 * caller's tenant and roles); built by {@link com.bl1nk.mcp.client.ClientsConfiguration}.
 */
public class TaskClient {

    private final RestClient http;

    public TaskClient(RestClient http) {
        this.http = http;
    }

    /** Creates a task; {@code idempotencyKey} makes a retried MCP call start it only once. */
    public TaskResponse create(Identity caller, UUID agentId, String input, String idempotencyKey) {
        try (IdentityHolder.Scope ignored = IdentityHolder.bind(caller)) {
            RestClient.RequestBodySpec spec = http.post().uri("/api/v1/tasks").contentType(MediaType.APPLICATION_JSON);
            if (idempotencyKey != null) {
                spec = spec.header("Idempotency-Key", idempotencyKey);
            }
            return spec.body(new CreateTaskRequest(agentId, input)).retrieve().body(TaskResponse.class);
        }
    }

    public TaskResponse get(Identity caller, UUID taskId) {
        try (IdentityHolder.Scope ignored = IdentityHolder.bind(caller)) {
            return http.get().uri("/api/v1/tasks/{id}", taskId).retrieve().body(TaskResponse.class);
        }
    }
}
