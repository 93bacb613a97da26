package com.bl1nk.mcp.registry;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Approves the tool definition with exactly this hash (the one the approver reviewed). */
public record ApproveToolRequest(
        @NotBlank @Pattern(regexp = "^[0-9a-f]{64}$", message = "must be the tool's schemaHash") String schemaHash) {}
