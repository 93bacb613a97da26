package com.bl1nk.mcp.client;

import com.bl1nk.common.client.DownstreamClients;
import com.bl1nk.mcp.client.rag.RagClient;
import com.bl1nk.mcp.client.task.TaskClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * mcp-service's clients of the services behind its own tools, each a RestClient built the common way (timeouts, its own
 * token for the downstream acting for the MCP caller, traceparent, a circuit breaker named after the downstream).
 */
@Configuration(proxyBeanMethods = false)
public class ClientsConfiguration {

    @Bean
    RagClient ragClient(DownstreamClients clients, ClientsProperties properties) {
        return new RagClient(clients.restClient(properties.rag().named("rag")));
    }

    @Bean
    TaskClient taskClient(DownstreamClients clients, ClientsProperties properties) {
        return new TaskClient(clients.restClient(properties.task().named("task")));
    }
}
