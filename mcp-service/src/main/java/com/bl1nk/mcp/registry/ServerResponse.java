package com.bl1nk.mcp.registry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A registered server; credential values are never included, only the header names that are configured. */
public record ServerResponse(
        UUID id,
        String name,
        String transport,
        String url,
        String command,
        List<String> args,
        List<String> credentialHeaders,
        boolean enabled,
        String status,
        String lastError,
        Object serverInfo,
        Object prompts,
        Object resources,
        Instant discoveredAt,
        Instant createdAt,
        Instant updatedAt,
        List<ToolResponse> tools) {}
