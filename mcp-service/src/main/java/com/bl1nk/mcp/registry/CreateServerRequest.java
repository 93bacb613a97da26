package com.bl1nk.mcp.registry;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * Registers an MCP server: an HTTP URL (transport {@code streamable_http} or {@code sse}) or an operator-allowed
 * {@code stdio} command; {@code headers} (e.g. Authorization) are encrypted at rest and never returned.
 */
public record CreateServerRequest(
        @NotBlank @Pattern(regexp = "^[a-z0-9][a-z0-9_-]{0,62}$", message = "must be 1-63 of a-z, 0-9, _ and -") String name,

        @NotBlank @Pattern(regexp = "^(streamable_http|sse|stdio)$", message = "must be streamable_http, sse or stdio")
        String transport,

        @Size(max = 2048) String url,
        @Size(max = 512) String command,
        @Size(max = 64) List<@NotNull @Size(max = 1024) String> args,
        @Size(max = 20) Map<String, @NotNull @Size(max = 8192) String> headers,
        Boolean enabled) {}
