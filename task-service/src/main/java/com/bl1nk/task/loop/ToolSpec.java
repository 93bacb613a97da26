package com.bl1nk.task.loop;

import tools.jackson.databind.JsonNode;

/**
 * A function offered to the model.
 *
 * @param name function name (a-z, 0-9, _ and -)
 * @param description what it does
 * @param parameters JSON schema of its arguments
 */
public record ToolSpec(String name, String description, JsonNode parameters) {}
