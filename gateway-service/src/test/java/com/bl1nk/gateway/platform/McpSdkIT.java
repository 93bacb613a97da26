package com.bl1nk.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 6's promise on the real platform: the official TypeScript MCP SDK client connects to bl1nk's {@code /mcp}
 * through the gateway with an API key (Streamable HTTP), lists bl1nk's tools and finds a passage of a Markdown document
 * ingested through rag-service's API with {@code search_knowledge_base}; without a key the gateway answers 401.
 */
@Order(20)
class McpSdkIT {

    private static final String DOC = "zephyr-handbook.md";
    private static final String SECRET_FACT = "PLUM-ORCHID-42";
    private static final String MARKDOWN = """
            # Zephyr launch handbook

            ## Launch codes

            The launch code of the zephyr-7 probe is %s. Only the mission lead may read it aloud.

            ## Weather rules

            Launches are scrubbed when the crosswind exceeds 30 knots at the pad.
            """.formatted(SECRET_FACT);

    private static PlatformApi api;
    private static PlatformApi.Tenant tenant;
    private static UUID kb;

    @BeforeAll
    static void knowledgeBaseWithOneDocument() {
        api = PlatformApi.get();
        tenant = api.newTenant("mcp-sdk");
        kb = api.createKnowledgeBase(tenant.key(), "zephyr");
        api.ingestMarkdown(tenant.key(), kb, DOC, MARKDOWN);
        NodeE2e.ensureInstalled();
    }

    @Test
    void theTypeScriptSdkListsToolsAndSearchesTheKnowledgeBaseThroughTheGateway() {
        JsonNode run = mcp(
                tenant.key(),
                "search_knowledge_base",
                Map.of("knowledgeBaseId", kb.toString(), "query", "What is the launch code of the zephyr-7 probe?"));
        assertThat(run.path("ok").asBoolean()).as("%s", run).isTrue();
        List<String> tools = new ArrayList<>();
        run.path("tools").forEach(t -> tools.add(t.path("name").asString()));
        assertThat(tools).contains("search_knowledge_base", "run_agent_task", "get_task_result");
        assertThat(run.path("server").path("name").asString()).isEqualTo("bl1nk");

        JsonNode result = run.path("result");
        assertThat(result.path("isError").asBoolean()).as("%s", result).isFalse();
        String text = result.path("content").get(0).path("text").asString();
        assertThat(text).contains(SECRET_FACT).contains(DOC);
        JsonNode best = result.path("structuredContent").path("results").get(0);
        assertThat(best.path("document").asString()).isEqualTo(DOC);
        assertThat(best.path("content").asString()).contains(SECRET_FACT);
    }

    @Test
    void withoutAKeyTheSdkIsRefusedWith401() {
        JsonNode run = mcp("", null, Map.of());
        assertThat(run.path("ok").asBoolean()).as("%s", run).isFalse();
        assertThat(run.path("tools").isNull()).isTrue();
        assertThat(run.path("error").asString() + " " + run.path("code")).contains("401");

        HttpResponse<String> raw = PlatformApi.send(api.request(null, "/mcp")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
                         "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""")));
        PlatformApi.expectProblem(raw, 401);
        assertThat(raw.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
    }

    @Test
    void anotherTenantsKeyFindsNothingInThisKnowledgeBase() {
        PlatformApi.Tenant other = api.newTenant("mcp-sdk-other");
        JsonNode run = mcp(
                other.key(),
                "search_knowledge_base",
                Map.of("knowledgeBaseId", kb.toString(), "query", "What is the launch code of the zephyr-7 probe?"));
        assertThat(run.path("ok").asBoolean()).as("%s", run).isTrue();
        JsonNode result = run.path("result");
        assertThat(result.toString()).doesNotContain(SECRET_FACT);
        assertThat(result.path("isError").asBoolean()).as("%s", result).isTrue();
    }

    private static JsonNode mcp(String key, String tool, Map<String, Object> args) {
        return NodeE2e.script(
                "mcp-client.mjs",
                Map.of(
                        "BL1NK_MCP_URL",
                        api.gateway() + "/mcp",
                        "BL1NK_API_KEY",
                        key,
                        "BL1NK_TOOL",
                        tool == null ? "" : tool,
                        "BL1NK_TOOL_ARGS",
                        PlatformApi.JSON.writeValueAsString(args)));
    }
}
