package com.bl1nk.gateway.session;

/** Names of the attributes a signed-in session holds; all values are strings (or epoch-millisecond longs). */
final class SessionAttributes {

    static final String USER = "bl1nk.user";
    static final String TENANT = "bl1nk.tenant";
    static final String METHOD = "bl1nk.method";
    static final String CSRF = "bl1nk.csrf";
    static final String SIGNED_IN_AT = "bl1nk.signedInAt";
    static final String LAST_SEEN = "bl1nk.lastSeen";
    static final String IP = "bl1nk.ip";
    static final String USER_AGENT = "bl1nk.userAgent";
    /** Set when a tenant's own identity provider signed the person in: the only tenant the session may act in. */
    static final String CONFINED_TO = "bl1nk.confinedTo";

    private SessionAttributes() {}
}
