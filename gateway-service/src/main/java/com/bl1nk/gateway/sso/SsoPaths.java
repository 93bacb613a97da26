package com.bl1nk.gateway.sso;

/** The sign-in paths of one tenant, shared by the API's view and the login endpoints. */
final class SsoPaths {

    static final String BASE = "/api/v1/auth/sso";

    private SsoPaths() {}

    static String start(String slug) {
        return BASE + "/" + slug + "/start";
    }

    static String callback(String slug) {
        return BASE + "/" + slug + "/callback";
    }
}
