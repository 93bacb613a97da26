package com.bl1nk.gateway.session;

import java.time.Instant;
import java.util.UUID;
import org.springframework.web.server.WebSession;

/** A request's valid signed-in session, as read from its attributes. */
record SignedIn(WebSession session, UUID userId, UUID tenantId, String method, String csrfToken, Instant signedInAt) {

    static final String ATTRIBUTE = SignedIn.class.getName();
}
