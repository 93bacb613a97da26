package com.bl1nk.mcp.quota;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-tenant limits; the defaults are far above what a normal tenant uses and only stop abuse.
 *
 * @param maxServersPerTenant registered MCP servers a tenant may hold; registering one more is 409
 *     {@code quota_exceeded}
 * @param maxStdioProcessesPerTenant stdio MCP server processes of one tenant running at once (pooled sessions and
 *     discovery sessions alike); starting one more is 429 {@code quota_exceeded} and no process is started
 */
@Validated
@ConfigurationProperties("bl1nk.mcp.quotas")
public record QuotaProperties(
        @DefaultValue("50") @Min(1) @Max(100_000) int maxServersPerTenant,
        @DefaultValue("4") @Min(1) @Max(1_000) int maxStdioProcessesPerTenant) {}
