package com.bl1nk.mcp.config;

import com.bl1nk.common.net.UrlGuard;
import com.bl1nk.mcp.client.ClientsProperties;
import com.bl1nk.mcp.connect.ConnectProperties;
import com.bl1nk.mcp.connect.McpConnector;
import com.bl1nk.mcp.connect.McpSessionPool;
import com.bl1nk.mcp.execution.ExecutionProperties;
import com.bl1nk.mcp.quota.QuotaExceededException;
import com.bl1nk.mcp.quota.QuotaProperties;
import com.bl1nk.mcp.quota.TenantSlots;
import com.bl1nk.mcp.registry.RegistryProperties;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires mcp-service's properties and infrastructure beans. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({
    ConnectProperties.class,
    RegistryProperties.class,
    ExecutionProperties.class,
    ClientsProperties.class,
    QuotaProperties.class
})
class McpServiceConfiguration {

    /** Live stdio server processes per tenant (bl1nk.mcp.quotas.max-stdio-processes-per-tenant). */
    @Bean
    TenantSlots stdioProcessSlots(QuotaProperties quotas) {
        return new TenantSlots(quotas.maxStdioProcessesPerTenant(), QuotaExceededException::stdioProcesses);
    }

    @Bean
    McpConnector mcpConnector(
            ConnectProperties properties,
            ExecutionProperties execution,
            UrlGuard guard,
            Clock clock,
            TenantSlots stdioProcessSlots) {
        return new McpConnector(properties, guard, clock, execution.maxTimeout().plusSeconds(5), stdioProcessSlots);
    }

    @Bean
    McpSessionPool mcpSessionPool(McpConnector connector, ConnectProperties properties, Clock clock) {
        return new McpSessionPool(connector, properties, clock);
    }
}
