package com.bl1nk.contracts.mcp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Result of a tool call. {@code isError} is the tool's own failure (outcome {@code tool_error}, still HTTP 200);
 * protocol and transport failures are problems (502/504) instead. {@code content} blocks are text, image, audio,
 * resource or resource_link, cut to the output cap with a notice when {@code truncated}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ToolCallResponse(
        UUID callId,
        UUID toolId,
        String qualifiedName,
        String outcome,
        Boolean isError,
        List<Map<String, Object>> content,
        Object structuredContent,
        Boolean truncated,
        Long outputBytes,
        Long durationMs) {}
