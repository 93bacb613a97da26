package com.bl1nk.mockllm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The demo's stdio MCP server: the handshake, its one tool, and JSON-RPC errors for anything else. */
class McpStdioDemoTests {

    @Test
    void answersTheHandshakeListsItsToolAndCallsIt() throws Exception {
        List<JsonNode> answers = exchange(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-03-26\"}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"get_weather\","
                        + "\"arguments\":{\"city\":\"Lyon\"}}}");

        assertThat(answers).hasSize(3); // the notification gets no answer
        assertThat(answers.get(0).path("result").path("protocolVersion").asString())
                .isEqualTo("2025-03-26");
        assertThat(answers.get(0).path("result").path("capabilities").has("tools"))
                .isTrue();
        assertThat(answers.get(1)
                        .path("result")
                        .path("tools")
                        .get(0)
                        .path("name")
                        .asString())
                .isEqualTo(McpStdioDemo.TOOL);
        assertThat(answers.get(2).path("id").asInt()).isEqualTo(3);
        assertThat(answers.get(2)
                        .path("result")
                        .path("content")
                        .get(0)
                        .path("text")
                        .asString())
                .startsWith("Weather in Lyon:");
    }

    @Test
    void unknownMethodsToolsAndGarbageGetJsonRpcErrors() throws Exception {
        List<JsonNode> answers = exchange(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"rm\"}}",
                "not json");

        assertThat(answers)
                .extracting(a -> a.path("error").path("code").asInt())
                .containsExactly(-32601, -32602, -32700);
    }

    private static List<JsonNode> exchange(String... lines) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        McpStdioDemo.serve(
                new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)), out);
        return out.toString(StandardCharsets.UTF_8)
                .lines()
                .map(Json.MAPPER::readTree)
                .toList();
    }
}
