package com.bl1nk.mockllm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tiny MCP server over stdio ({@code java -jar mock-llm-exec.jar --mcp-stdio}) with one offline tool,
 * {@code get_weather}, so the first-start demo can show a real MCP tool call without Node or the network; newline
 * delimited JSON-RPC 2.0 as the MCP stdio transport specifies.
 */
public final class McpStdioDemo {

    /** The tool's name as the model calls it. */
    public static final String TOOL = "get_weather";

    private static final int MAX_LINE = 1 << 20;

    private McpStdioDemo() {}

    /** Serves requests from {@code in} until it ends; every answer is one line on {@code out}. */
    public static void serve(InputStream in, OutputStream out) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank() || line.length() > MAX_LINE) {
                continue;
            }
            JsonNode answer = answer(line);
            if (answer != null) {
                out.write(Json.MAPPER.writeValueAsBytes(answer));
                out.write('\n');
                out.flush();
            }
        }
    }

    /** The answer to one JSON-RPC message, or {@code null} for a notification. */
    static JsonNode answer(String line) {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(line);
        } catch (JacksonException e) {
            return error(null, -32700, "parse error");
        }
        JsonNode id = request.get("id");
        if (id == null || id.isNull()) {
            return null; // notifications/initialized and friends need no answer
        }
        String method = request.path("method").asString("");
        ObjectNode result = Json.MAPPER.createObjectNode();
        switch (method) {
            case "initialize" -> {
                result.put(
                        "protocolVersion",
                        request.path("params").path("protocolVersion").asString("2025-06-18"));
                result.putObject("capabilities").putObject("tools");
                result.putObject("serverInfo").put("name", "bl1nk-demo-weather").put("version", "1.0.0");
            }
            case "ping" -> {
                // an empty result
            }
            case "tools/list" ->
                result.set(
                        "tools",
                        Json.MAPPER.valueToTree(List.of(Map.of(
                                "name",
                                TOOL,
                                "description",
                                "Today's weather in a city (demo data, offline)",
                                "inputSchema",
                                Map.of(
                                        "type", "object",
                                        "properties",
                                                Map.of("city", Map.of("type", "string", "description", "the city")),
                                        "required", List.of("city"))))));
            case "tools/call" -> {
                JsonNode params = request.path("params");
                if (!TOOL.equals(params.path("name").asString(""))) {
                    return error(
                            id, -32602, "unknown tool: " + params.path("name").asString(""));
                }
                String city = params.path("arguments").path("city").asString("nowhere");
                result.set(
                        "content",
                        Json.MAPPER.valueToTree(List.of(Map.of(
                                "type",
                                "text",
                                "text",
                                "Weather in " + city + ": 18 °C and a light breeze (demo data)"))));
                result.put("isError", false);
            }
            default -> {
                return error(id, -32601, "method not found: " + method);
            }
        }
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id);
        response.set("result", result);
        return response;
    }

    private static JsonNode error(JsonNode id, int code, String message) {
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id);
        response.putObject("error").put("code", code).put("message", message);
        return response;
    }
}
