package com.bl1nk.mcp.endpoint;

import com.bl1nk.common.autoconfigure.IdentityAutoConfiguration;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityFilter;
import com.bl1nk.common.identity.IdentityHeaders;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the Streamable HTTP transport so every MCP request carries the identity the common identity filter already
 * verified (no token → 401 before MCP sees the request), and registers bl1nk's tools.
 */
@Configuration(proxyBeanMethods = false)
class McpEndpointConfiguration {

    /** Transport-context key of the caller's {@link Identity}. */
    static final String IDENTITY = "bl1nk.identity";

    /** Transport-context key of the caller's identity token, forwarded to rag-service and task-service. */
    static final String TOKEN = "bl1nk.identity-token";

    @Bean
    WebMvcStreamableServerTransportProvider webMvcStreamableServerTransportProvider(
            JsonMapper jsonMapper,
            @Value("${spring.ai.mcp.server.streamable-http.mcp-endpoint:/mcp}") String endpoint,
            @Value("${spring.ai.mcp.server.streamable-http.keep-alive-interval:15s}") Duration keepAlive,
            @Value("${bl1nk.mcp.endpoint.session-idle-timeout:30m}") Duration idleTimeout,
            @Value("${bl1nk.mcp.endpoint.max-sessions:10000}") long maxSessions) {
        return WebMvcStreamableServerTransportProvider.builder()
                .jsonMapper(new JacksonMcpJsonMapper(jsonMapper))
                .mcpEndpoint(endpoint)
                .keepAliveInterval(keepAlive)
                .sessionIdleTimeout(idleTimeout)
                .maxSessions(maxSessions)
                .contextExtractor(request -> context(request.servletRequest()))
                .build();
    }

    private static McpTransportContext context(HttpServletRequest request) {
        Map<String, Object> values = new HashMap<>();
        Object identity = request.getAttribute(IdentityFilter.ATTRIBUTE);
        if (identity instanceof Identity verified) {
            values.put(IDENTITY, verified);
            String token = request.getHeader(IdentityHeaders.IDENTITY);
            if (token != null) {
                values.put(TOKEN, token.strip());
            }
        }
        return McpTransportContext.create(values);
    }

    /** Sessions belong to whoever opened them; runs right after the identity filter. */
    @Bean
    FilterRegistrationBean<McpSessionGuard> bl1nkMcpSessionGuard(
            @Value("${spring.ai.mcp.server.streamable-http.mcp-endpoint:/mcp}") String endpoint,
            @Value("${bl1nk.mcp.endpoint.session-idle-timeout:30m}") Duration idleTimeout,
            @Value("${bl1nk.mcp.endpoint.max-sessions:10000}") long maxSessions,
            @Value("${bl1nk.mcp.endpoint.max-sessions-per-tenant:100}") int maxSessionsPerTenant) {
        FilterRegistrationBean<McpSessionGuard> registration = new FilterRegistrationBean<>(
                new McpSessionGuard(endpoint, idleTimeout, maxSessions, maxSessionsPerTenant, Clock.systemUTC()));
        registration.setName("bl1nkMcpSessionGuard");
        registration.setOrder(IdentityAutoConfiguration.IDENTITY_FILTER_ORDER + 1);
        return registration;
    }

    /** The starter collects beans of type {@code List<SyncToolSpecification>} (not single specifications). */
    @Bean
    List<McpServerFeatures.SyncToolSpecification> bl1nkToolSpecifications(Bl1nkTools tools) {
        return List.of(tools.searchKnowledgeBase(), tools.runAgentTask(), tools.getTaskResult());
    }
}
