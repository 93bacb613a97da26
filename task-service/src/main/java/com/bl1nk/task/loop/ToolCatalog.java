package com.bl1nk.task.loop;

import com.bl1nk.task.client.mcp.McpClient;
import com.bl1nk.task.client.mcp.McpUnavailableException;
import com.bl1nk.task.client.mcp.ToolDescriptor;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Offers the model the agent's MCP tools under valid, unique function names, plus the built-in {@code delegate} tool
 * when the agent may still delegate; a tool mcp-service cannot describe is still offered with a generic schema.
 */
@Component
class ToolCatalog {

    /** Name of the built-in delegation tool. */
    static final String DELEGATE = "delegate";

    private final McpClient mcp;
    private final ObjectMapper json;
    private final LoopProperties properties;

    ToolCatalog(McpClient mcp, ObjectMapper json, LoopProperties properties) {
        this.mcp = mcp;
        this.json = json;
        this.properties = properties;
    }

    /** Fills the run's tool specs and the map from function name to MCP tool id. */
    void describe(LoopRun run) {
        for (String toolId : run.agent.allowedTools()) {
            ToolDescriptor d;
            try {
                d = mcp.describe(run.task.tenantId(), toolId);
            } catch (McpUnavailableException e) {
                ObjectNode generic = json.createObjectNode();
                generic.put("type", "object");
                d = new ToolDescriptor(toolId, toolId, "MCP tool " + toolId, generic);
            }
            String name = uniqueName(run, functionName(d.name()));
            run.toolIds.put(name, toolId);
            run.toolSpecs.add(new ToolSpec(name, d.description(), d.inputSchema()));
        }
        if (!run.agent.allowedSubAgents().isEmpty() && run.task.depth() < run.task.maxDepth()) {
            run.toolSpecs.add(delegateSpec(run));
        }
    }

    static String functionName(String raw) {
        String cleaned = raw.replaceAll("[^a-zA-Z0-9_-]", "_");
        if (cleaned.isEmpty()) {
            cleaned = "tool";
        }
        return cleaned.length() > 60 ? cleaned.substring(0, 60) : cleaned;
    }

    private static String uniqueName(LoopRun run, String base) {
        String name = base;
        for (int i = 2; run.toolIds.containsKey(name) || DELEGATE.equals(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }

    /** The delegate tool's JSON schema: a bounded list of {agent, input} with the allowed agents as an enum. */
    private ToolSpec delegateSpec(LoopRun run) {
        ObjectNode schema = json.createObjectNode();
        schema.put("type", "object");
        ObjectNode tasksProp = schema.putObject("properties").putObject("tasks");
        tasksProp.put("type", "array");
        tasksProp.put("minItems", 1);
        tasksProp.put("maxItems", properties.maxDelegations());
        ObjectNode item = tasksProp.putObject("items");
        item.put("type", "object");
        ObjectNode itemProps = item.putObject("properties");
        ArrayNode names = itemProps.putObject("agent").put("type", "string").putArray("enum");
        run.agent.allowedSubAgents().forEach(names::add);
        itemProps.putObject("input").put("type", "string");
        item.putArray("required").add("agent").add("input");
        schema.putArray("required").add("tasks");
        return new ToolSpec(
                DELEGATE,
                "Hand sub-tasks to other agents; they run in parallel and their answers come back together."
                        + " Agents: " + String.join(", ", run.agent.allowedSubAgents()),
                schema);
    }
}
