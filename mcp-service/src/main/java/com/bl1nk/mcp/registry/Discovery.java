package com.bl1nk.mcp.registry;

import com.bl1nk.mcp.connect.ConnectProperties;
import com.bl1nk.mcp.connect.McpConnector;
import com.bl1nk.mcp.connect.McpSession;
import com.bl1nk.mcp.connect.ServerConnectException;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Asks an MCP server what it offers (tools, and prompts/resources when it advertises them), page by page with a
 * bound on pages and items so a hostile server cannot make discovery run forever.
 */
@Component
class Discovery {

    private static final int MAX_PAGES = 50;
    private static final int MAX_LISTED = 200;

    private final ConnectProperties connect;
    private final RegistryProperties registry;

    Discovery(ConnectProperties connect, RegistryProperties registry) {
        this.connect = connect;
        this.registry = registry;
    }

    /** What one discovery run saw. */
    record Discovered(
            Map<String, Object> serverInfo,
            List<McpSchema.Tool> tools,
            List<Map<String, Object>> prompts,
            List<Map<String, Object>> resources) {}

    Discovered discover(McpSession session) {
        McpAsyncClient client = session.client();
        Duration timeout = connect.requestTimeout();
        try {
            List<McpSchema.Tool> tools = new ArrayList<>();
            String cursor = null;
            for (int page = 0; page < MAX_PAGES; page++) {
                McpSchema.ListToolsResult result =
                        client.listTools(cursor).timeout(timeout).block();
                if (result == null) {
                    break;
                }
                tools.addAll(result.tools() == null ? List.of() : result.tools());
                if (tools.size() > registry.maxToolsPerServer()) {
                    throw ServerConnectException.unreachable(
                            "it offers more than " + registry.maxToolsPerServer() + " tools", null);
                }
                cursor = result.nextCursor();
                if (cursor == null || cursor.isEmpty()) {
                    break;
                }
            }
            McpSchema.ServerCapabilities caps = client.getServerCapabilities();
            List<Map<String, Object>> prompts = new ArrayList<>();
            if (caps != null && caps.prompts() != null) {
                McpSchema.ListPromptsResult result =
                        client.listPrompts(null).timeout(timeout).block();
                if (result != null && result.prompts() != null) {
                    for (McpSchema.Prompt p : result.prompts()) {
                        if (prompts.size() >= MAX_LISTED) {
                            break;
                        }
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", p.name());
                        m.put("description", p.description() == null ? "" : p.description());
                        prompts.add(m);
                    }
                }
            }
            List<Map<String, Object>> resources = new ArrayList<>();
            if (caps != null && caps.resources() != null) {
                McpSchema.ListResourcesResult result =
                        client.listResources(null).timeout(timeout).block();
                if (result != null && result.resources() != null) {
                    for (McpSchema.Resource r : result.resources()) {
                        if (resources.size() >= MAX_LISTED) {
                            break;
                        }
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("uri", r.uri());
                        m.put("name", r.name());
                        if (r.mimeType() != null) {
                            m.put("mimeType", r.mimeType());
                        }
                        resources.add(m);
                    }
                }
            }
            Map<String, Object> info = new LinkedHashMap<>();
            McpSchema.Implementation impl = client.getServerInfo();
            if (impl != null) {
                info.put("name", impl.name());
                info.put("version", impl.version());
            }
            return new Discovered(info, tools, prompts, resources);
        } catch (RuntimeException e) {
            throw McpConnector.translate(e, "discovery");
        }
    }
}
