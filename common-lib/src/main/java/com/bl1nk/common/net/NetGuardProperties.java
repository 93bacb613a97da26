package com.bl1nk.common.net;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Operator allowlist for the SSRF guard: production leaves both empty/false, tests and on-premise installs name the
 * internal hosts they really mean to reach.
 *
 * @param allowedHosts host names, IP literals or CIDR blocks that may be reached even though they are internal, each
 *     optionally on one port only: {@code llm.corp:8000}, {@code 10.0.0.5:8080}, {@code [fd00::1]:443},
 *     {@code 10.1.0.0/16:443}; an entry without a port opens every port of it (environment:
 *     {@code BL1NK_NET_ALLOWEDHOSTS=10.0.0.5:8080,llm.corp:8000})
 * @param allowLoopback whether loopback addresses (127.0.0.0/8, ::1) may be reached; never in production
 */
@ConfigurationProperties("bl1nk.net")
public record NetGuardProperties(
        List<String> allowedHosts, @DefaultValue("false") boolean allowLoopback) {

    public NetGuardProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }
}
