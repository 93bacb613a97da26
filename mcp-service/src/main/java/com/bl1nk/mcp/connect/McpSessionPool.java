package com.bl1nk.mcp.connect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;

/**
 * Keeps one initialised session per registered server so a tool call does not pay for a handshake (or a process
 * start); sessions are replaced when the registration changes and closed when idle, too old, or failing.
 */
public class McpSessionPool implements DisposableBean {

    private static final Duration CLOSE_GRACE = Duration.ofSeconds(3);

    private final McpConnector connector;
    private final ConnectProperties properties;
    private final Clock clock;
    private final Map<UUID, McpSession> sessions = new ConcurrentHashMap<>();
    private final Map<UUID, Object> locks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    public McpSessionPool(McpConnector connector, ConnectProperties properties, Clock clock) {
        this.connector = connector;
        this.properties = properties;
        this.clock = clock;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("mcp-session-sweeper").factory());
        long period = Math.max(1, Math.min(properties.idleTimeout().toSeconds() / 2, 30));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.SECONDS);
    }

    /** A live session for the endpoint, opening (or re-opening) one when needed. */
    public McpSession acquire(ServerEndpoint endpoint) {
        Instant now = clock.instant();
        McpSession current = sessions.get(endpoint.serverId());
        if (usable(current, endpoint, now)) {
            current.touch(now);
            return current;
        }
        synchronized (locks.computeIfAbsent(endpoint.serverId(), id -> new Object())) {
            current = sessions.get(endpoint.serverId());
            if (usable(current, endpoint, now)) {
                current.touch(now);
                return current;
            }
            if (current != null) {
                sessions.remove(endpoint.serverId(), current);
                current.close(CLOSE_GRACE);
            }
            McpSession opened = connector.open(endpoint);
            sessions.put(endpoint.serverId(), opened);
            return opened;
        }
    }

    /** Opens a session that is not pooled (discovery of a registration not yet stored); the caller closes it. */
    public McpSession openUnpooled(ServerEndpoint endpoint) {
        return connector.open(endpoint);
    }

    /** Closes a session the caller owns. */
    public void release(McpSession session) {
        session.close(CLOSE_GRACE);
    }

    /** Drops and closes the pooled session of a server (after a transport failure, an update or a delete). */
    public void invalidate(UUID serverId) {
        McpSession removed = sessions.remove(serverId);
        if (removed != null) {
            removed.close(CLOSE_GRACE);
        }
    }

    /** Number of open pooled sessions (for tests and metrics). */
    public int size() {
        return sessions.size();
    }

    void sweep() {
        Instant now = clock.instant();
        sessions.forEach((id, session) -> {
            if (session.expired(now, properties.idleTimeout(), properties.maxLifetime())
                    && sessions.remove(id, session)) {
                session.close(CLOSE_GRACE);
            }
        });
    }

    private boolean usable(McpSession session, ServerEndpoint endpoint, Instant now) {
        return session != null
                && session.endpoint().version().equals(endpoint.version())
                && !session.expired(now, properties.idleTimeout(), properties.maxLifetime());
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
        sessions.values().forEach(s -> s.close(CLOSE_GRACE));
        sessions.clear();
    }
}
