package com.bl1nk.mcp.registry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of {@code mcp.tools} joined with its server's name and state. */
record ToolRow(
        UUID id,
        UUID tenantId,
        UUID serverId,
        String serverName,
        boolean serverEnabled,
        String name,
        String qualifiedName,
        String title,
        String description,
        String inputSchema,
        String schemaHash,
        String approvalState,
        String approvedHash,
        String approvedBy,
        Instant approvedAt,
        List<String> allowedCallers,
        Instant removedAt,
        Instant createdAt,
        Instant updatedAt) {}
