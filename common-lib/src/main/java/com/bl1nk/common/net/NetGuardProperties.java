package com.bl1nk.common.net;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Operator allowlist for the SSRF guard: production leaves both empty/false, tests and on-premise installs name the
 * internal hosts they really mean to reach.
 *
 * @param allowedHosts host names, IP literals or CIDR blocks (e.g. {@code 10.1.0.0/16}) that may be reached even though
 *     they are internal
 * @param allowLoopback whether loopback addresses (127.0.0.0/8, ::1) may be reached; never in production
 */
@ConfigurationProperties("bl1nk.net")
public record NetGuardProperties(
        List<String> allowedHosts, @DefaultValue("false") boolean allowLoopback) {

    public NetGuardProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }
}
