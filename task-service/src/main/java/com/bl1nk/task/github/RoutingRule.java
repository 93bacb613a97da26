package com.bl1nk.task.github;

import java.time.Instant;
import java.util.UUID;

/** Which agent answers which GitHub event, and with what prompt. */
record RoutingRule(
        UUID id,
        UUID tenantId,
        long installationId,
        String repository,
        String event,
        String trigger,
        String label,
        String agentName,
        String promptTemplate,
        boolean enabled,
        Instant createdAt) {}
