package com.bl1nk.mcp.endpoint;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.contracts.rag.QueryResponse;
import com.bl1nk.contracts.task.TaskResponse;
import com.bl1nk.mcp.client.rag.RagClient;
import com.bl1nk.mcp.client.task.TaskClient;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

/**
 * bl1nk's MCP tools. Each runs as the MCP caller (tenant and roles from its identity token) and reports downstream
 * refusals as tool errors ({@code isError}) so the model can read them, while protocol errors stay the SDK's.
 */
@Component
class Bl1nkTools {

    private static final Logger log = LoggerFactory.getLogger(Bl1nkTools.class);
    private static final int MAX_TOP_K = 20;

    private final RagClient rag;
    private final TaskClient tasks;

    Bl1nkTools(RagClient rag, TaskClient tasks) {
        this.rag = rag;
        this.tasks = tasks;
    }

    McpServerFeatures.SyncToolSpecification searchKnowledgeBase() {
        McpSchema.Tool tool = McpSchema.Tool.builder(
                        "search_knowledge_base",
                        Map.of(
                                "type", "object",
                                "properties",
                                        Map.of(
                                                "knowledgeBaseId",
                                                Map.of(
                                                        "type", "string",
                                                        "format", "uuid",
                                                        "description", "Id of the knowledge base to search"),
                                                "query",
                                                Map.of(
                                                        "type",
                                                        "string",
                                                        "minLength",
                                                        1,
                                                        "maxLength",
                                                        4000,
                                                        "description",
                                                        "The question or search text"),
                                                "topK",
                                                Map.of(
                                                        "type",
                                                        "integer",
                                                        "minimum",
                                                        1,
                                                        "maximum",
                                                        MAX_TOP_K,
                                                        "description",
                                                        "How many passages to return (default 5)")),
                                "required", List.of("knowledgeBaseId", "query")))
                .title("Search a knowledge base")
                .description("Hybrid (vector + keyword) search over one of the tenant's bl1nk knowledge bases;"
                        + " returns the best-matching passages with their source documents.")
                .build();
        return spec(tool, (identity, args) -> {
            UUID kb = uuid(args, "knowledgeBaseId");
            String query = string(args, "query");
            int topK = args.get("topK") instanceof Number n ? Math.max(1, Math.min(MAX_TOP_K, n.intValue())) : 5;
            QueryResponse result = rag.search(identity.identity(), kb, query, topK);
            StringBuilder text = new StringBuilder();
            int i = 1;
            for (QueryResponse.Result hit : result.results()) {
                String source = hit.document() == null
                        ? "unknown document"
                        : hit.document().name();
                String passage = hit.content() != null ? hit.content() : hit.snippet();
                text.append('[')
                        .append(i++)
                        .append("] ")
                        .append(source)
                        .append(" (score ")
                        .append(String.format(java.util.Locale.ROOT, "%.3f", hit.score()))
                        .append(")\n")
                        .append(passage == null ? "" : passage)
                        .append("\n\n");
            }
            if (result.results().isEmpty()) {
                text.append("No passages matched.");
            }
            Map<String, Object> structured = new LinkedHashMap<>();
            structured.put(
                    "results",
                    result.results().stream()
                            .map(h -> {
                                Map<String, Object> m = new LinkedHashMap<>();
                                m.put("chunkId", String.valueOf(h.chunkId()));
                                m.put("score", h.score());
                                m.put(
                                        "document",
                                        h.document() == null
                                                ? null
                                                : h.document().name());
                                m.put(
                                        "documentId",
                                        h.document() == null
                                                ? null
                                                : String.valueOf(h.document().id()));
                                m.put("content", h.content() != null ? h.content() : h.snippet());
                                return m;
                            })
                            .toList());
            return McpSchema.CallToolResult.builder()
                    .addTextContent(text.toString().strip())
                    .structuredContent(structured)
                    .isError(false)
                    .build();
        });
    }

    McpServerFeatures.SyncToolSpecification runAgentTask() {
        McpSchema.Tool tool = McpSchema.Tool.builder(
                        "run_agent_task",
                        Map.of(
                                "type", "object",
                                "properties",
                                        Map.of(
                                                "agentId",
                                                Map.of(
                                                        "type", "string",
                                                        "format", "uuid",
                                                        "description", "Id of the bl1nk agent to run"),
                                                "input",
                                                Map.of(
                                                        "type",
                                                        "string",
                                                        "minLength",
                                                        1,
                                                        "maxLength",
                                                        100000,
                                                        "description",
                                                        "What the agent should do")),
                                "required", List.of("agentId", "input")))
                .title("Run an agent task")
                .description("Starts a task for one of the tenant's bl1nk agents and returns its id at once;"
                        + " poll get_task_result for the outcome.")
                .build();
        return spec(tool, (identity, args) -> {
            TaskResponse task = tasks.create(identity.identity(), uuid(args, "agentId"), string(args, "input"), null);
            return taskResult(task);
        });
    }

    McpServerFeatures.SyncToolSpecification getTaskResult() {
        McpSchema.Tool tool = McpSchema.Tool.builder(
                        "get_task_result",
                        Map.of(
                                "type", "object",
                                "properties",
                                        Map.of(
                                                "taskId",
                                                Map.of(
                                                        "type", "string",
                                                        "format", "uuid",
                                                        "description", "Id returned by run_agent_task")),
                                "required", List.of("taskId")))
                .title("Get a task's result")
                .description("Status of a bl1nk task and, once it finished, its output.")
                .build();
        return spec(tool, (identity, args) -> taskResult(tasks.get(identity.identity(), uuid(args, "taskId"))));
    }

    private static McpSchema.CallToolResult taskResult(TaskResponse task) {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("taskId", String.valueOf(task.id()));
        structured.put("status", task.status());
        if (task.statusReason() != null) {
            structured.put("statusReason", task.statusReason());
        }
        if (task.output() != null) {
            structured.put("output", task.output());
        }
        String text =
                "Task " + task.id() + " is " + task.status() + (task.output() != null ? ".\n\n" + task.output() : ".");
        return McpSchema.CallToolResult.builder()
                .addTextContent(text)
                .structuredContent(structured)
                .isError(false)
                .build();
    }

    /** The caller's verified identity and its token, from the MCP transport context. */
    record Caller(Identity identity, String token) {}

    private static McpServerFeatures.SyncToolSpecification spec(
            McpSchema.Tool tool, BiFunction<Caller, Map<String, Object>, McpSchema.CallToolResult> body) {
        return McpServerFeatures.SyncToolSpecification.builder()
                .tool(tool)
                .callHandler((McpSyncServerExchange exchange, McpSchema.CallToolRequest request) -> {
                    Object identity = exchange.transportContext().get(McpEndpointConfiguration.IDENTITY);
                    Object token = exchange.transportContext().get(McpEndpointConfiguration.TOKEN);
                    if (!(identity instanceof Identity verified) || !(token instanceof String t)) {
                        return error("This MCP session has no verified bl1nk identity");
                    }
                    Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
                    try {
                        return body.apply(new Caller(verified, t), args);
                    } catch (IllegalArgumentException e) {
                        return error(e.getMessage());
                    } catch (RestClientResponseException e) {
                        return error(downstreamMessage(tool.name(), e));
                    } catch (ResourceAccessException e) {
                        log.warn("{} could not reach its service: {}", tool.name(), e.getMessage());
                        return error("The service behind " + tool.name() + " is not reachable right now");
                    }
                })
                .build();
    }

    private static String downstreamMessage(String tool, RestClientResponseException e) {
        int status = e.getStatusCode().value();
        String body = e.getResponseBodyAsString();
        String detail = "";
        int at = body.indexOf("\"detail\"");
        if (at >= 0) {
            int start = body.indexOf('"', body.indexOf(':', at) + 1);
            int end = start < 0 ? -1 : body.indexOf('"', start + 1);
            if (start >= 0 && end > start) {
                detail = ": " + body.substring(start + 1, end);
            }
        }
        return switch (status) {
            case 404 -> tool + " failed: not found" + detail;
            case 401, 403 -> tool + " failed: not allowed" + detail;
            default ->
                status >= 500
                        ? tool + " failed: the service answered " + status
                        : tool + " failed (" + status + ")" + detail;
        };
    }

    private static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder()
                .addTextContent(message)
                .isError(true)
                .build();
    }

    private static UUID uuid(Map<String, Object> args, String name) {
        Object v = args.get(name);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(name + " is required (a UUID)");
        }
        try {
            return UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a UUID");
        }
    }

    private static String string(Map<String, Object> args, String name) {
        Object v = args.get(name);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return s;
    }
}
