package com.bl1nk.task.client.mcp;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/** Describes and calls MCP tools through mcp-service, which checks the tenant's policy and holds the credentials. */
@Component
@EnableConfigurationProperties(McpClientProperties.class)
public class McpClient {

    private final McpClientProperties properties;
    private final IdentityTokenCodec tokens;
    private final ObjectMapper json;
    private final HttpClient http;

    McpClient(McpClientProperties properties, IdentityTokenCodec tokens, ObjectMapper json) {
        this.properties = properties;
        this.tokens = tokens;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** The tool's name, description and input schema; a generic object schema when mcp-service gives none. */
    public ToolDescriptor describe(UUID tenantId, String toolId) {
        HttpRequest request = base(tenantId, "/api/v1/mcp/tools/" + encode(toolId), properties.describeTimeout())
                .GET()
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new McpUnavailableException(
                    "mcp-service answered " + response.statusCode() + " describing tool " + toolId,
                    retryable(response.statusCode()),
                    null);
        }
        JsonNode node = json.readTree(response.body());
        JsonNode schema = node.get("inputSchema");
        if (schema == null || !schema.isObject()) {
            ObjectNode generic = json.createObjectNode();
            generic.put("type", "object");
            schema = generic;
        }
        return new ToolDescriptor(
                toolId,
                node.path("name").asString(toolId),
                node.path("description").asString(""),
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
            arguments = json.readTree(argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson);
        } catch (RuntimeException e) {
            return new ToolResult("The arguments were not valid JSON: " + e.getMessage(), true);
        }
        if (!arguments.isObject()) {
            return new ToolResult("The arguments must be a JSON object", true);
        }
        ObjectNode body = json.createObjectNode();
        body.set("arguments", arguments);
        body.put("agentId", agentId.toString());
        body.put("taskId", taskId.toString());
        body.put("timeoutMs", properties.callTimeout().toMillis());
        HttpRequest request = base(
                        tenantId,
                        "/internal/v1/mcp/tools/" + encode(toolId) + "/call",
                        properties.callTimeout().plusSeconds(5))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = send(request);
        int status = response.statusCode();
        if (status == 200 || status == 201) {
            return parseResult(json.readTree(response.body()));
        }
        if (retryable(status)) {
            throw new McpUnavailableException("mcp-service answered " + status + " calling " + toolId, true, null);
        }
        // Policy refusals and bad arguments are the tool's answer: the model reads them and may try otherwise.
        String detail = response.body();
        try {
            detail = json.readTree(response.body()).path("detail").asString(detail);
        } catch (RuntimeException ignored) {
            // keep the raw body
        }
        return new ToolResult("Tool call refused (" + status + "): " + detail, true);
    }

    private ToolResult parseResult(JsonNode node) {
        StringBuilder text = new StringBuilder();
        JsonNode content = node.has("result") && node.get("result").isObject() ? node.get("result") : node;
        for (JsonNode part : content.path("content")) {
            if (part.has("text")) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(part.get("text").asString());
            }
        }
        if (text.isEmpty() && content.has("structuredContent")) {
            text.append(content.get("structuredContent").toString());
        }
        if (text.isEmpty()) {
            text.append(content.toString());
        }
        return new ToolResult(text.toString(), content.path("isError").asBoolean(false));
    }

    private HttpRequest.Builder base(UUID tenantId, String path, Duration timeout) {
        String token = tokens.mint(
                Identity.service("task-service", tenantId, Set.of(Identity.DEVELOPER), Set.of()),
                "mcp",
                Duration.ofMinutes(1));
        return HttpRequest.newBuilder(URI.create(properties.baseUrl() + path))
                .timeout(timeout)
                .header(IdentityHeaders.IDENTITY, token)
                .header(Traceparent.HEADER, TraceContext.outgoing().format());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new McpUnavailableException("interrupted", false, e);
        } catch (IOException e) {
            throw new McpUnavailableException("mcp-service unreachable: " + e, true, e);
        }
    }

    private static boolean retryable(int status) {
        return status == 429 || status >= 500;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
