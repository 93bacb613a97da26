package com.bl1nk.gateway.sso;

import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.gateway.error.GatewayErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Started logins, kept in Redis under {@code bl1nk:gateway:sso:attempt:<hash of state>} for the login timeout and taken
 * out exactly once (GETDEL), so a state or code cannot be replayed. Each attempt is bound to the browser that started
 * it: a random value in an HttpOnly cookie whose hash the attempt holds; a callback from another browser is refused.
 */
@Component
class LoginAttempts {

    /** The cookie binding a login attempt to its browser. */
    static final String COOKIE = "bl1nk_sso_attempt";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One login in flight.
     *
     * @param tenantId the tenant signed in to
     * @param issuer the provider's issuer when it started (a changed configuration fails the callback)
     * @param clientId the client id when it started
     * @param nonce the nonce the ID token must carry
     * @param codeVerifier the PKCE verifier
     * @param redirectUri the redirect URI sent to the provider, sent again with the code
     * @param returnTo where the browser goes after the login
     * @param browserHash SHA-256 (hex) of the browser-binding cookie
     */
    record Attempt(
            UUID tenantId,
            String issuer,
            String clientId,
            String nonce,
            String codeVerifier,
            String redirectUri,
            String returnTo,
            String browserHash) {}

    /**
     * A freshly started attempt and its secrets for the browser.
     *
     * @param state the {@code state} parameter
     * @param browser the cookie value binding it to the browser
     */
    record Started(Attempt attempt, String state, String browser) {}

    private final ReactiveStringRedisTemplate redis;
    private final StreamKeys keys;
    private final SsoProperties properties;

    LoginAttempts(ReactiveStringRedisTemplate redis, StreamKeys keys, SsoProperties properties) {
        this.redis = redis;
        this.keys = keys;
        this.properties = properties;
    }

    /**
     * Creates and stores an attempt with a fresh browser-binding value of ours (never one a client brought: a cookie
     * planted from a sibling subdomain or over plain http must not become the binding of this login).
     */
    Mono<Started> start(SsoProvider provider, UUID tenantId, String redirectUri, String returnTo) {
        String state = random();
        String binding = random();
        Attempt attempt = new Attempt(
                tenantId,
                provider.issuer(),
                provider.clientId(),
                random(),
                random() + random(),
                redirectUri,
                returnTo,
                sha256(binding));
        return redis.opsForValue()
                .set(key(state), JSON.writeValueAsString(attempt), properties.loginTimeout())
                .thenReturn(new Started(attempt, state, binding));
    }

    /**
     * Takes the attempt of {@code state} out of the store (once); refuses an unknown, expired or used state, and one
     * started in another browser or for another tenant.
     */
    Mono<Attempt> consume(String state, String browser, UUID tenantId) {
        if (state == null || state.isBlank() || state.length() > 128) {
            return Mono.error(stateInvalid("missing_state", "The callback has no valid state parameter"));
        }
        return redis.opsForValue()
                .getAndDelete(key(state))
                .switchIfEmpty(Mono.error(stateInvalid(
                        "unknown_state",
                        "This login is unknown, expired (after "
                                + properties.loginTimeout().toMinutes()
                                + " min) or already completed; start the login again")))
                .map(json -> {
                    Attempt attempt;
                    try {
                        attempt = JSON.readValue(json, Attempt.class);
                    } catch (JacksonException e) {
                        throw stateInvalid("unknown_state", "This login's stored state is unreadable; start again");
                    }
                    boolean sameBrowser = browser != null
                            && MessageDigest.isEqual(
                                    sha256(browser).getBytes(StandardCharsets.US_ASCII),
                                    attempt.browserHash().getBytes(StandardCharsets.US_ASCII));
                    if (!sameBrowser) {
                        throw stateInvalid(
                                "other_browser",
                                "This login was started in another browser (or its cookie " + COOKIE
                                        + " is missing); start the login again here");
                    }
                    if (!attempt.tenantId().equals(tenantId)) {
                        throw stateInvalid("other_tenant", "This login was started for another tenant");
                    }
                    return attempt;
                });
    }

    private String key(String state) {
        return keys.key("bl1nk:gateway:sso:attempt:" + sha256(state));
    }

    /** 256 random bits, base64url without padding (43 characters). */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String value) {
        return HexFormat.of().formatHex(digest(value));
    }

    /** The PKCE S256 challenge of a verifier. */
    static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest(verifier));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SsoLoginException stateInvalid(String reason, String detail) {
        return SsoLoginException.of(GatewayErrorCode.SSO_STATE_INVALID, reason, detail);
    }
}
