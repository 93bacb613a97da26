package com.bl1nk.mcp.registry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A discovered tool as the API shows it; {@code callable} is false while it waits for (re-)approval, was removed by
 * its server, or the server is disabled.
 */
public record ToolResponse(
        UUID id,
        UUID serverId,
        String serverName,
        String name,
        String qualifiedName,
        String title,
        String description,
        Object inputSchema,
        String schemaHash,
        String approvalState,
        boolean callable,
        String approvedBy,
        Instant approvedAt,
        List<String> allowedCallers,
        Instant removedAt,
        Instant createdAt,
        Instant updatedAt) {}
