package com.bl1nk.gateway.session;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sessions of signed-in people and the login throttle.
 *
 * @param cookieName name of the session cookie
 * @param cookieSecure whether the cookie is marked Secure (HTTPS only); turn off only for plain-HTTP loopback use
 *     ({@code BL1NK_SESSION_COOKIE_SECURE=false}, which {@code ./bl1nk up} sets when it binds to loopback)
 * @param idleTimeout a session unused this long ends
 * @param absoluteTimeout a session ends this long after sign-in, however busy
 * @param maxFailuresPerAccount failed sign-ins of one e-mail within {@code failureWindow} before it is locked
 * @param maxFailuresPerIp failed sign-ins from one client address within {@code failureWindow} before it is locked
 * @param failureWindow the window failed sign-ins are counted in
 * @param lockout the first lock's length; each further lock within a day doubles it
 * @param maxLockout the longest lock
 */
@Validated
@ConfigurationProperties("bl1nk.gateway.session")
public record SessionProperties(
        @NotBlank @DefaultValue("BL1NK_SESSION") String cookieName,
        @DefaultValue("true") boolean cookieSecure,
        @DefaultValue("30m") Duration idleTimeout,
        @DefaultValue("12h") Duration absoluteTimeout,
        @Min(1) @DefaultValue("5") int maxFailuresPerAccount,
        @Min(1) @DefaultValue("20") int maxFailuresPerIp,
        @DefaultValue("1m") Duration failureWindow,
        @DefaultValue("1m") Duration lockout,
        @DefaultValue("1h") Duration maxLockout) {}
