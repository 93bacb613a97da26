package com.bl1nk.common.identity;

/** Header names of the identity hand-over between the gateway and the services. */
public final class IdentityHeaders {

    /** Carries the signed identity token (JWT) from the gateway, or a worker, to a service. */
    public static final String IDENTITY = "X-Bl1nk-Identity";

    private IdentityHeaders() {}
}
