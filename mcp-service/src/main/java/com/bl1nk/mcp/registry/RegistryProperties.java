package com.bl1nk.mcp.registry;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Registry rules: whether tools seen at registration are trusted right away, how many tools one server may offer,
 * and how often discovery is refreshed in the background.
 *
 * @param autoApproveNewTools tools discovered at registration or newly added are approved (by the registrant) at once
 * @param maxToolsPerServer discovery stops (and fails) beyond this many tools
 * @param refreshInterval enabled servers are re-discovered this often; zero turns the background refresh off
 */
@Validated
@ConfigurationProperties("bl1nk.mcp.registry")
public record RegistryProperties(
        @DefaultValue("true") boolean autoApproveNewTools,
        @DefaultValue("500") @Min(1) @Max(10_000) int maxToolsPerServer,
        @DefaultValue("10m") @NotNull Duration refreshInterval) {}
