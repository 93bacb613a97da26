package com.bl1nk.mcp.client;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the services behind bl1nk's own MCP tools live (operator configuration, so not subject to the SSRF guard).
 *
 * @param rag rag-service, for {@code search_knowledge_base}
 * @param task task-service, for {@code run_agent_task} and {@code get_task_result}
 */
@Validated
@ConfigurationProperties("bl1nk.mcp.clients")
public record ClientsProperties(
        @DefaultValue @Valid Downstream rag,
        @DefaultValue @Valid Downstream task) {

    /**
     * One downstream service.
     *
     * @param baseUrl its base URL (direct, not through the gateway)
     * @param timeout read timeout of one call
     * @param connectTimeout TCP connect limit
     */
    public record Downstream(
            @NotNull URI baseUrl,
            @DefaultValue("30s") @NotNull Duration timeout,
            @DefaultValue("5s") @NotNull Duration connectTimeout) {

        /** This downstream for common-lib's client factory, {@code name} being its token audience and breaker. */
        public com.bl1nk.common.client.Downstream named(String name) {
            return new com.bl1nk.common.client.Downstream(name, baseUrl.toString(), connectTimeout, timeout);
        }
    }
}
