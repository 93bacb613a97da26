package com.bl1nk.task.client.mcp;

import com.bl1nk.common.client.DownstreamClients;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHolder;
import com.bl1nk.contracts.mcp.InternalToolCallRequest;
import com.bl1nk.contracts.mcp.ToolCallResponse;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Describes and calls MCP tools through mcp-service, which checks the tenant's policy and holds the credentials; its
 * two RestClients are built the common way (timeouts, task-service's own token for mcp, traceparent, the {@code mcp}
 * circuit breaker they share) and differ in their read timeout: the short describe timeout, and the tool-call timeout
 * plus five seconds so that mcp-service's own timeout answers first.
 */
@Component
@EnableConfigurationProperties(McpClientProperties.class)
public class McpClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient describeHttp;
    private final RestClient callHttp;
    private final McpClientProperties properties;

    @Autowired
    McpClient(DownstreamClients clients, McpClientProperties properties) {
        this(
                clients.restClient(properties.downstream()),
                clients.restClient(properties
                        .downstream()
                        .withReadTimeout(properties.callTimeout().plusSeconds(5))),
                properties);
    }

    /** {@code describeHttp} and {@code callHttp} differ only in their read timeout. */
    public McpClient(RestClient describeHttp, RestClient callHttp, McpClientProperties properties) {
        this.describeHttp = describeHttp;
        this.callHttp = callHttp;
        this.properties = properties;
    }

    /** The tool's name, description and input schema; a generic object schema when mcp-service gives none. */
    public ToolDescriptor describe(UUID tenantId, String toolId) {
        ToolView view = send(
                tenantId,
                () -> describeHttp.get().uri("/api/v1/mcp/tools/{id}", toolId).exchange((request, response) -> {
                    int status = response.getStatusCode().value();
                    if (status != 200) {
                        throw new McpUnavailableException(
                                "mcp-service answered " + status + " describing tool " + toolId,
                                retryable(status),
                                null);
                    }
                    return response.bodyTo(ToolView.class);
                }));
        JsonNode schema = view == null ? null : view.inputSchema();
        if (schema == null || !schema.isObject()) {
            ObjectNode generic = JSON.createObjectNode();
            generic.put("type", "object");
            schema = generic;
        }
        return new ToolDescriptor(
                toolId,
                view == null || view.name() == null ? toolId : view.name(),
                view == null || view.description() == null ? "" : view.description(),
                schema);
    }

    /**
     * Calls the tool for an agent's task through mcp-service's internal path (which checks the agent against the
     * tool's allowed callers); {@code idempotencyKey} lets mcp-service recognise a repeat after a worker crash.
     */
    public ToolResult call(
            UUID tenantId, String toolId, String argumentsJson, String idempotencyKey, UUID agentId, UUID taskId) {
        JsonNode arguments;
        try {
            arguments = JSON.readTree(argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson);
        } catch (RuntimeException e) {
            return new ToolResult("The arguments were not valid JSON: " + e.getMessage(), true);
        }
        if (!arguments.isObject()) {
            return new ToolResult("The arguments must be a JSON object", true);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> argumentMap = JSON.treeToValue(arguments, Map.class);
        InternalToolCallRequest body = new InternalToolCallRequest(
                argumentMap,
                Math.toIntExact(properties.callTimeout().toMillis()),
                agentId.toString(),
                taskId.toString());
        return send(
                tenantId,
                () -> callHttp.post()
                        .uri("/internal/v1/mcp/tools/{id}/call", toolId)
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Idempotency-Key", idempotencyKey)
                        .body(body)
                        .exchange((request, response) -> {
                            int status = response.getStatusCode().value();
                            if (status == 200 || status == 201) {
                                return toResult(response.bodyTo(ToolCallResponse.class));
                            }
                            if (retryable(status)) {
                                throw new McpUnavailableException(
                                        "mcp-service answered " + status + " calling " + toolId, true, null);
                            }
                            // Policy refusals and bad arguments are the tool's answer: the model reads them and may try
                            // otherwise.
                            return new ToolResult(
                                    "Tool call refused (" + status + "): "
                                            + detail(new String(
                                                    response.getBody().readAllBytes())),
                                    true);
                        }));
    }

    private static ToolResult toResult(ToolCallResponse response) {
        if (response == null) {
            return new ToolResult("", false);
        }
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> part :
                response.content() == null ? List.<Map<String, Object>>of() : response.content()) {
            if (part.containsKey("text")) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(part.get("text"));
            }
        }
        if (text.isEmpty() && response.structuredContent() != null) {
            text.append(JSON.writeValueAsString(response.structuredContent()));
        }
        if (text.isEmpty()) {
            text.append(JSON.writeValueAsString(response));
        }
        return new ToolResult(text.toString(), Boolean.TRUE.equals(response.isError()));
    }

    /** Runs one exchange acting for the task's tenant, mapping transport failures and an open circuit alike. */
    private static <T> T send(UUID tenantId, Supplier<T> exchange) {
        try (IdentityHolder.Scope ignored =
                IdentityHolder.bind(Identity.service("task-service", tenantId, Set.of(Identity.DEVELOPER), Set.of()))) {
            return exchange.get();
        } catch (RestClientException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new McpUnavailableException("interrupted", false, e);
            }
            throw new McpUnavailableException("mcp-service unreachable: " + e, true, e);
        }
    }

    private static String detail(String body) {
        try {
            return JSON.readTree(body).path("detail").asString(body);
        } catch (RuntimeException e) {
            return body;
        }
    }

    private static boolean retryable(int status) {
        return status == 429 || status >= 500;
    }

    /** What task-service reads of mcp-service's tool description ({@code GET /api/v1/mcp/tools/{id}}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ToolView(String name, String description, JsonNode inputSchema) {}
}
