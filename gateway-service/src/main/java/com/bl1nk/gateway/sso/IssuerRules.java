package com.bl1nk.gateway.sso;

import com.bl1nk.common.net.NetGuardProperties;
import com.bl1nk.common.net.UrlBlockedException;
import com.bl1nk.common.net.UrlGuard;
import java.net.URI;
import java.util.List;

/**
 * What an issuer URL must be: one the SSRF guard lets the gateway reach, without query or fragment, and https unless
 * its host is internal and the operator allowlisted it ({@code bl1nk.net.allowed-hosts}) — an on-premise provider, or
 * the loopback one of the tests; a public host over plain http never.
 */
final class IssuerRules {

    /** A guard without any operator allowance: what it refuses is internal, so plain http needs the allowlist. */
    private static final UrlGuard STRICT = new UrlGuard(new NetGuardProperties(List.of(), false));

    private IssuerRules() {}

    /** Why {@code issuer} is not acceptable, or null when it is. */
    static String problem(UrlGuard guard, String issuer) {
        if (issuer == null || issuer.isEmpty()) {
            return "must not be blank";
        }
        if (issuer.length() > 2000) {
            return "must be at most 2000 characters";
        }
        URI uri;
        try {
            uri = guard.check(issuer);
        } catch (UrlBlockedException e) {
            return e.getBody().getDetail();
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return "must not have a query or fragment";
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && reachableWithoutAllowance(uri)) {
            return "must use https; plain http only for an internal host the operator allowlisted"
                    + " (bl1nk.net.allowed-hosts, environment BL1NK_NET_ALLOWEDHOSTS)";
        }
        return null;
    }

    private static boolean reachableWithoutAllowance(URI uri) {
        try {
            STRICT.checkUri(uri);
            return true;
        } catch (UrlBlockedException e) {
            return false;
        }
    }
}
