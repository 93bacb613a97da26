package com.bl1nk.mcp.endpoint;

import static com.bl1nk.testsupport.TestTenants.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.mcp.support.McpServiceIT;
import com.bl1nk.mcp.support.NodeInterop;
import com.bl1nk.testsupport.ProblemAssertions;
import com.bl1nk.testsupport.TestIdentities;
import java.util.UUID;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * The official TypeScript SDK client against bl1nk's own {@code /mcp} (directly on the service with an identity
 * token; the gateway adds the API-key step): lists tools, calls them, and gets nothing without a token.
 */
class Bl1nkMcpEndpointIT extends McpServiceIT {

    private String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    @Test
    void typeScriptSdkClientListsToolsAndSearchesTheKnowledgeBase() {
        String token = TestIdentities.token(TENANT_A);
        UUID kb = UUID.randomUUID();

        String out = NodeInterop.runTsClient(
                url(),
                IdentityHeaders.IDENTITY,
                token,
                "search_knowledge_base",
                "{\"knowledgeBaseId\":\"" + kb + "\",\"query\":\"refund policy\",\"topK\":3}");

        JsonNode result = lastJsonLine(out);
        assertThat(result.get("ok").asBoolean()).as(out).isTrue();
        assertThat(result.get("tools").valueStream().map(JsonNode::asString))
                .contains("search_knowledge_base", "run_agent_task", "get_task_result");
        JsonNode call = result.get("result");
        assertThat(call.get("isError").asBoolean()).isFalse();
        assertThat(call.get("content").get(0).get("text").asString())
                .contains("refunds.md")
                .contains("Refunds are granted within 30 days");

        RecordedRequest downstream = DOWNSTREAM_REQUESTS.stream()
                .filter(r -> r.getTarget().equals("/api/v1/knowledge-bases/" + kb + "/query"))
                .findFirst()
                .orElseThrow();
        // mcp-service calls rag with its own token for rag, acting for the MCP caller; the caller's token stays here
        String relayed = downstream.getHeaders().get(IdentityHeaders.IDENTITY);
        assertThat(relayed).isNotEqualTo(token);
        IdentityTokenCodec.Verified seenByRag = TestIdentities.codec("rag").verify(relayed);
        assertThat(seenByRag.issuer()).isEqualTo("mcp");
        assertThat(seenByRag.identity().tenantId()).isEqualTo(TENANT_A);
        assertThat(seenByRag.identity().principal())
                .isEqualTo(TestIdentities.owner(TENANT_A).principal());
        assertThat(downstream.getBody().utf8()).contains("refund policy").contains("\"topK\":3");
    }

    @Test
    void typeScriptSdkClientRunsAnAgentTaskAndReadsItsResult() {
        String token = TestIdentities.token(TENANT_A);
        JsonNode run = lastJsonLine(NodeInterop.runTsClient(
                url(),
                IdentityHeaders.IDENTITY,
                token,
                "run_agent_task",
                "{\"agentId\":\"" + UUID.randomUUID() + "\",\"input\":\"summarise\"}"));
        assertThat(run.get("ok").asBoolean()).isTrue();
        String taskId = run.get("result").get("structuredContent").get("taskId").asString();

        JsonNode result = lastJsonLine(NodeInterop.runTsClient(
                url(), IdentityHeaders.IDENTITY, token, "get_task_result", "{\"taskId\":\"" + taskId + "\"}"));
        assertThat(result.get("result").get("content").get(0).get("text").asString())
                .contains("succeeded")
                .contains("The answer is 42.");
    }

    @Test
    void withoutAnIdentityTheEndpointAnswers401() {
        JsonNode result = lastJsonLine(NodeInterop.runTsClient(url(), null, null, "search_knowledge_base", "{}"));
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("error").asString()).contains("401");

        var response = client.post()
                .uri("/mcp")
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}")
                .exchange()
                .expectBody(String.class)
                .returnResult();
        ProblemAssertions.assertProblem(response, 401, "unauthenticated");
    }

    private static JsonNode lastJsonLine(String output) {
        String[] lines = output.strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }
}
