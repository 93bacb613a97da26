package com.bl1nk.mcp.registry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A row of {@code mcp.servers}; credentials stay encrypted here. */
record ServerRow(
        UUID id,
        UUID tenantId,
        String name,
        String transport,
        String url,
        String command,
        List<String> args,
        String credentialsCiphertext,
        List<String> credentialHeaderNames,
        boolean enabled,
        String status,
        String lastError,
        String serverInfo,
        String prompts,
        String resources,
        Instant discoveredAt,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {}
