package com.bl1nk.task.client.mcp;

import com.bl1nk.common.client.Downstream;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where mcp-service is and how long to wait for it.
 *
 * @param baseUrl mcp-service base URL (direct, not through the gateway)
 * @param connectTimeout TCP connect timeout
 * @param describeTimeout timeout of a tool description lookup
 * @param callTimeout timeout of one tool call
 */
@Validated
@ConfigurationProperties("bl1nk.task.clients.mcp")
public record McpClientProperties(
        @DefaultValue("http://127.0.0.1:8083") String baseUrl,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("5s") Duration describeTimeout,
        @DefaultValue("60s") Duration callTimeout) {

    /** mcp-service for common-lib's client factory (describe timeout): audience and circuit breaker {@code mcp}. */
    public Downstream downstream() {
        return new Downstream("mcp", baseUrl, connectTimeout, describeTimeout);
    }
}
