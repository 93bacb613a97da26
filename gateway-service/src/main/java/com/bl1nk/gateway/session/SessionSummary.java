package com.bl1nk.gateway.session;

import java.time.Instant;
import java.util.UUID;

/**
 * One of the user's sessions, for the session list. The id is a hash of the session id, never the id itself (which
 * would be as good as the cookie).
 *
 * @param id the handle to revoke it by
 * @param tenantId the tenant it acts in
 * @param method how it was started
 * @param createdAt when it started
 * @param lastSeenAt when it was last used
 * @param ip the client address it signed in from
 * @param userAgent the browser or client it signed in with
 * @param current whether it is the session of this request
 */
public record SessionSummary(
        String id,
        UUID tenantId,
        String method,
        Instant createdAt,
        Instant lastSeenAt,
        String ip,
        String userAgent,
        boolean current) {}
