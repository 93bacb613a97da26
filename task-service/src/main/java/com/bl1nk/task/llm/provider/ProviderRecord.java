package com.bl1nk.task.llm.provider;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant provider row as stored: credentials still encrypted. */
record ProviderRecord(
        UUID id,
        UUID tenantId,
        String name,
        ProviderKind kind,
        String baseUrl,
        String region,
        String credentialsEnc,
        List<String> headerNames,
        List<ModelDefinition> models,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt) {}
