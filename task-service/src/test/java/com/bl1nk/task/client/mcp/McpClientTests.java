package com.bl1nk.task.client.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.client.Downstream;
import com.bl1nk.common.client.DownstreamClients;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.contracts.examples.ContractExamples;
import com.bl1nk.contracts.mcp.InternalToolCallRequest;
import com.bl1nk.contracts.mcp.ToolCallResponse;
import com.bl1nk.task.tasks.FakeDownstream;
import com.bl1nk.testsupport.TestDownstreams;
import com.bl1nk.testsupport.TestIdentities;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** task-service's side of the internal tool-call contract, against a real HTTP server answering the example. */
class McpClientTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID TENANT = UUID.randomUUID();

    private final FakeDownstream mcp = FakeDownstream.start();
    private final McpClient client = client(mcp.baseUrl());

    private static McpClient client(String baseUrl) {
        DownstreamClients clients = TestDownstreams.clients("task");
        Downstream downstream = new Downstream("mcp", baseUrl, Duration.ofSeconds(1), Duration.ofSeconds(2));
        return new McpClient(
                clients.restClient(downstream),
                clients.restClient(downstream.withReadTimeout(Duration.ofSeconds(5))),
                new McpClientProperties(baseUrl, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30)));
    }

    @AfterEach
    void stop() {
        mcp.close();
    }

    @Test
    void sendsAnInternalToolCallRequestAndReadsTheExampleAnswer() {
        mcp.on(
                "POST",
                "/internal/v1/mcp/tools/",
                call -> new FakeDownstream.Reply(200, ContractExamples.json(ToolCallResponse.class)));
        UUID agent = UUID.randomUUID();
        UUID task = UUID.randomUUID();

        ToolResult result = client.call(TENANT, "lookup tool", "{\"q\":\"x\"}", "idem-1", agent, task);

        assertThat(result).isEqualTo(new ToolResult("42", false));
        FakeDownstream.Call call = mcp.calls().getFirst();
        assertThat(call.path()).isEqualTo("/internal/v1/mcp/tools/lookup tool/call");
        assertThat(call.header("Idempotency-Key")).isEqualTo("idem-1");
        assertThat(JSON.readValue(call.body(), InternalToolCallRequest.class))
                .isEqualTo(new InternalToolCallRequest(Map.of("q", "x"), 30_000, agent.toString(), task.toString()));
        assertThat(TestIdentities.codec("mcp")
                        .verify(call.header(IdentityHeaders.IDENTITY))
                        .identity()
                        .tenantId())
                .isEqualTo(TENANT);
    }

    @Test
    void aRefusalIsTheToolsAnswerAndAServerErrorIsTransient() {
        mcp.on(
                "POST",
                "/internal/v1/mcp/tools/",
                call -> new FakeDownstream.Reply(403, "{\"detail\":\"agent may not call this tool\"}"));
        assertThat(client.call(TENANT, "t", "{}", "k", UUID.randomUUID(), UUID.randomUUID()))
                .isEqualTo(new ToolResult("Tool call refused (403): agent may not call this tool", true));

        mcp.on("POST", "/internal/v1/mcp/tools/", call -> new FakeDownstream.Reply(502, "{}"));
        assertThatThrownBy(() -> client.call(TENANT, "t", "{}", "k", UUID.randomUUID(), UUID.randomUUID()))
                .isInstanceOfSatisfying(
                        McpUnavailableException.class,
                        e -> assertThat(e.isTransient()).isTrue());
    }

    @Test
    void argumentsThatAreNotAJsonObjectNeverLeaveTheService() {
        assertThat(client.call(TENANT, "t", "[1,2]", "k", UUID.randomUUID(), UUID.randomUUID())
                        .isError())
                .isTrue();
        assertThat(mcp.calls()).isEmpty();
    }

    @Test
    void describesAToolWithAGenericSchemaWhenNoneIsGiven() {
        mcp.on(
                "GET",
                "/api/v1/mcp/tools/",
                call -> new FakeDownstream.Reply(
                        200, "{\"id\":\"t\",\"name\":\"lookup\",\"description\":\"Looks up\"}"));

        ToolDescriptor tool = client.describe(TENANT, "t");

        assertThat(tool.name()).isEqualTo("lookup");
        assertThat(tool.description()).isEqualTo("Looks up");
        assertThat(tool.inputSchema().path("type").asString()).isEqualTo("object");
    }
}
