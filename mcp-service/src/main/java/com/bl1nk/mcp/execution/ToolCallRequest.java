package com.bl1nk.mcp.execution;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Map;

/** Arguments of a tool call (validated against the tool's JSON Schema) and an optional timeout in milliseconds. */
public record ToolCallRequest(
        Map<String, Object> arguments, @Min(1) @Max(600_000) Integer timeoutMs) {}
