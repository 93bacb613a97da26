package com.bl1nk.mcp.endpoint;

import com.bl1nk.common.error.ProblemWriter;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityFilter;
import com.bl1nk.mcp.error.McpErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Binds every MCP session at {@code /mcp} to the tenant and principal that opened it: a request naming a session
 * another caller opened, or one that does not exist (any more), is a problem+json 404 before the MCP transport sees
 * it, so knowing a session id gives nobody access to it. Bindings live as long as the transport keeps idle sessions.
 */
class McpSessionGuard extends OncePerRequestFilter {

    /** The Streamable HTTP session header. */
    static final String SESSION_HEADER = "Mcp-Session-Id";

    private final String endpoint;
    private final Duration idleTimeout;
    private final long maxSessions;
    private final int maxSessionsPerTenant;
    private final Clock clock;
    private final Map<String, Binding> sessions = new ConcurrentHashMap<>();

    McpSessionGuard(String endpoint, Duration idleTimeout, long maxSessions, int maxSessionsPerTenant, Clock clock) {
        this.endpoint = endpoint;
        this.idleTimeout = idleTimeout;
        this.maxSessions = maxSessions;
        this.maxSessionsPerTenant = maxSessionsPerTenant;
        this.clock = clock;
    }

    private record Binding(UUID tenantId, String principal, Instant lastSeen) {
        boolean belongsTo(Identity identity) {
            return tenantId.equals(identity.tenantId()) && principal.equals(identity.principal());
        }
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.equals(endpoint);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Identity identity = (Identity) request.getAttribute(IdentityFilter.ATTRIBUTE);
        if (identity == null) {
            chain.doFilter(request, response); // the identity filter already answered 401
            return;
        }
        String session = request.getHeader(SESSION_HEADER);
        if (session == null || session.isBlank()) {
            if (openSessions(identity.tenantId()) >= maxSessionsPerTenant) {
                // one tenant cannot take the whole (global) session table
                response.setHeader("Retry-After", "60");
                ProblemWriter.write(
                        request,
                        response,
                        McpErrorCode.QUOTA_EXCEEDED,
                        "This tenant already has " + maxSessionsPerTenant
                                + " MCP sessions open; close one (DELETE /mcp) or let one idle out");
                return;
            }
            // a new session may be opened: remember who opened it as soon as the transport names it
            chain.doFilter(request, new HttpServletResponseWrapper(response) {
                @Override
                public void setHeader(String name, String value) {
                    bindIfSession(name, value, identity);
                    super.setHeader(name, value);
                }

                @Override
                public void addHeader(String name, String value) {
                    bindIfSession(name, value, identity);
                    super.addHeader(name, value);
                }
            });
            return;
        }
        String id = session.strip();
        Binding binding = sessions.get(id);
        Instant now = clock.instant();
        if (binding == null
                || !binding.belongsTo(identity)
                || now.isAfter(binding.lastSeen().plus(idleTimeout))) {
            ProblemWriter.write(
                    request,
                    response,
                    McpErrorCode.MCP_SESSION_NOT_FOUND,
                    "There is no MCP session " + abbreviate(id) + " for this caller; initialize a new one");
            return;
        }
        sessions.put(id, new Binding(binding.tenantId(), binding.principal(), now));
        try {
            chain.doFilter(request, response);
        } finally {
            if ("DELETE".equals(request.getMethod())) {
                sessions.remove(id);
            }
        }
    }

    private void bindIfSession(String name, String value, Identity identity) {
        if (SESSION_HEADER.equalsIgnoreCase(name) && value != null && !value.isBlank()) {
            if (sessions.size() >= maxSessions) {
                evictIdle();
            }
            sessions.putIfAbsent(
                    value.strip(), new Binding(identity.tenantId(), identity.principal(), clock.instant()));
        }
    }

    /** Sessions of {@code tenant} not idle past the timeout. */
    private long openSessions(UUID tenant) {
        Instant cutoff = clock.instant().minus(idleTimeout);
        return sessions.values().stream()
                .filter(b -> b.tenantId().equals(tenant) && !b.lastSeen().isBefore(cutoff))
                .count();
    }

    private void evictIdle() {
        Instant cutoff = clock.instant().minus(idleTimeout);
        sessions.entrySet().removeIf(e -> e.getValue().lastSeen().isBefore(cutoff));
    }

    /** How many sessions are bound (for tests and metrics). */
    int size() {
        return sessions.size();
    }

    private static String abbreviate(String id) {
        String safe = id.replaceAll("[^A-Za-z0-9-]", "?");
        return Objects.requireNonNull(safe.length() > 64 ? safe.substring(0, 64) + "…" : safe);
    }
}
