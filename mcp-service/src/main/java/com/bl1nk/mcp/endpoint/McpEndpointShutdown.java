package com.bl1nk.mcp.endpoint;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.mcp.server.webmvc.transport.WebMvcStreamableServerTransportProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Closes open MCP sessions (and their long-lived SSE streams) before the web server's graceful shutdown starts, so an
 * idle MCP client does not hold shutdown for the whole grace period.
 */
@Component
class McpEndpointShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(McpEndpointShutdown.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private final WebMvcStreamableServerTransportProvider transport;
    private volatile boolean running;

    McpEndpointShutdown(WebMvcStreamableServerTransportProvider transport) {
        this.transport = transport;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        try {
            transport.closeGracefully().block(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            log.info("MCP sessions did not close within {}: {}", CLOSE_TIMEOUT, e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Higher than the web server's graceful-shutdown phase, so this stops first. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
