package com.bl1nk.gateway.apikey;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Optional body of {@code POST /api/v1/api-keys/{id}/rotate}.
 *
 * @param deadline until when the old key keeps working: {@code now}, or an ISO-8601 instant from now up to the
 *     configured maximum (default 30 days); absent = the configured default (24 hours)
 */
public record RotateApiKeyRequest(
        @Schema(example = "2027-01-01T00:00:00Z", description = "'now' or an ISO-8601 instant")
        String deadline) {}
