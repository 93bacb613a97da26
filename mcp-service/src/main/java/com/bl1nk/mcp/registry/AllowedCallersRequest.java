package com.bl1nk.mcp.registry;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Restricts who may call a tool: principals like {@code key:<apiKeyId>} or {@code agent:<agentId>}; an empty list
 * lets every caller of the tenant with a calling role use it.
 */
public record AllowedCallersRequest(
        @NotNull @Size(max = 200) List<@NotNull @Pattern(regexp = "^(key|agent|user|service):[A-Za-z0-9_.:-]{1,100}$") String> callers) {}
