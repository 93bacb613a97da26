package com.bl1nk.rag.embedding;

import java.util.UUID;

/**
 * Who a provider embedding call is billed to; carried into the {@code ModelCallMetered} event.
 *
 * @param tenantId tenant that pays
 * @param apiKeyId API key that made the request, if any
 */
public record MeteringContext(UUID tenantId, UUID apiKeyId) {}
