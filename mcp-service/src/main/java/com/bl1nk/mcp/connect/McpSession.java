package com.bl1nk.mcp.connect;

import io.modelcontextprotocol.client.McpAsyncClient;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An initialised MCP client session with its age and last use, so the pool can close it when idle or too old (which
 * also ends a stdio server's process).
 */
public final class McpSession {

    private final ServerEndpoint endpoint;
    private final McpAsyncClient client;
    private final Instant openedAt;
    private final AtomicReference<Instant> lastUsed;

    McpSession(ServerEndpoint endpoint, McpAsyncClient client, Instant openedAt) {
        this.endpoint = endpoint;
        this.client = client;
        this.openedAt = openedAt;
        this.lastUsed = new AtomicReference<>(openedAt);
    }

    public McpAsyncClient client() {
        return client;
    }

    public ServerEndpoint endpoint() {
        return endpoint;
    }

    void touch(Instant now) {
        lastUsed.set(now);
    }

    boolean expired(Instant now, Duration idleTimeout, Duration maxLifetime) {
        return now.isAfter(openedAt.plus(maxLifetime))
                || now.isAfter(lastUsed.get().plus(idleTimeout));
    }

    /** Closes the session; bounded so a hung server cannot block the caller. */
    void close(Duration grace) {
        try {
            client.closeGracefully().block(grace);
        } catch (RuntimeException e) {
            client.close();
        }
    }
}
