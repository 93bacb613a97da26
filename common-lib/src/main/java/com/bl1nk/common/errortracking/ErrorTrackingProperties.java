package com.bl1nk.common.errortracking;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Error tracking settings; everything stays off until a DSN is set.
 *
 * @param dsn where events go ({@code BL1NK_SENTRY_DSN}); blank turns error tracking off
 * @param environment the environment events are filed under, e.g. {@code production} or {@code staging}
 * @param release the release events are filed under; blank means this build's version
 */
@ConfigurationProperties("bl1nk.sentry")
public record ErrorTrackingProperties(
        @DefaultValue("") String dsn,
        @DefaultValue("production") String environment,
        @DefaultValue("") String release) {}
