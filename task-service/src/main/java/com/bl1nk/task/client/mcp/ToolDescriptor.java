package com.bl1nk.task.client.mcp;

import tools.jackson.databind.JsonNode;

/** A tool as the model is shown it. */
public record ToolDescriptor(String toolId, String name, String description, JsonNode inputSchema) {}
