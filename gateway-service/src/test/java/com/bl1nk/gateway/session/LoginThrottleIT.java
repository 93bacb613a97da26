package com.bl1nk.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.gateway.support.SessionLimitsTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * The login throttle on the real Redis: the 6th attempt within a minute after five failures is refused (429 with
 * Retry-After), per account and per client address, the lock grows each time, and a successful sign-in clears only
 * its own account's count. The sign-in paths are also rate limited per address like the other open paths.
 */
class LoginThrottleIT extends SessionLimitsTest {

    @Test
    void theSixthAttemptOnOneAccountIsRefusedEvenFromNewAddressesAndTheLockGrows() {
        TestTenant tenant = newTenant("throttle-account");
        Session member = member(tenant.ownerKey(), "viewer", "throttled");
        for (int i = 0; i < 5; i++) {
            assertThat(attempt(member.email(), "wrong-password-" + i, address())
                            .getStatus()
                            .value())
                    .isEqualTo(401);
        }

        EntityExchangeResult<byte[]> sixth = attempt(member.email(), PASSWORD, address());
        assertThat(sixth.getStatus().value()).as("even the right password").isEqualTo(429);
        assertThat(code(sixth)).isEqualTo("login_throttled");
        long firstLock = Long.parseLong(sixth.getResponseHeaders().getFirst("Retry-After"));
        assertThat(firstLock).isBetween(1L, 2L);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> attempt(member.email(), "wrong-again", address())
                                .getStatus()
                                .value()
                        == 401);
        for (int i = 0; i < 4; i++) {
            attempt(member.email(), "wrong-password-" + i, address());
        }
        EntityExchangeResult<byte[]> locked = attempt(member.email(), PASSWORD, address());
        assertThat(locked.getStatus().value()).isEqualTo(429);
        assertThat(Long.parseLong(locked.getResponseHeaders().getFirst("Retry-After")))
                .as("the second lock is longer")
                .isGreaterThan(firstLock);

        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        attempt(member.email(), PASSWORD, address()).getStatus().value() == 200);
    }

    @Test
    void theSixthAttemptFromOneAddressIsRefusedWhicheverAccountItTries() {
        TestTenant tenant = newTenant("throttle-ip");
        Session member = member(tenant.ownerKey(), "viewer", "victim");
        String attacker = address();
        for (int i = 0; i < 5; i++) {
            assertThat(attempt(email("guess" + i), "wrong-password-" + i, attacker)
                            .getStatus()
                            .value())
                    .isEqualTo(401);
        }

        EntityExchangeResult<byte[]> sixth = attempt(member.email(), PASSWORD, attacker);
        assertThat(sixth.getStatus().value()).isEqualTo(429);
        assertThat(sixth.getResponseHeaders().getFirst("Retry-After")).isNotNull();
        assertThat(attempt(member.email(), PASSWORD, address()).getStatus().value())
                .as("the account itself is not locked")
                .isEqualTo(200);
    }

    @Test
    void aSuccessfulSignInDoesNotResetTheAddressCountForOtherAccounts() {
        TestTenant tenant = newTenant("throttle-reset");
        Session known = member(tenant.ownerKey(), "viewer", "known");
        String address = address();
        for (int i = 0; i < 4; i++) {
            attempt(email("other" + i), "wrong-password-" + i, address);
        }
        assertThat(attempt(known.email(), PASSWORD, address).getStatus().value())
                .isEqualTo(200);
        assertThat(attempt(email("other-last"), "wrong-password", address)
                        .getStatus()
                        .value())
                .isEqualTo(401);

        assertThat(attempt(email("other-next"), "wrong-password", address)
                        .getStatus()
                        .value())
                .isEqualTo(429);
    }

    @Test
    void theOpenSignInPathsAreRateLimitedPerAddress() {
        String address = address();
        int limited = 0;
        for (int i = 0; i < 13; i++) {
            EntityExchangeResult<byte[]> result = client().post()
                    .uri("/api/v1/auth/login")
                    .header("X-Forwarded-For", address)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of())
                    .exchange()
                    .expectBody()
                    .returnResult();
            if (result.getStatus().value() == 429) {
                limited++;
                assertThat(code(result)).isEqualTo("rate_limited");
            } else {
                assertThat(result.getStatus().value()).isEqualTo(400);
            }
        }
        assertThat(limited).isEqualTo(1);
    }

    private EntityExchangeResult<byte[]> attempt(String email, String password, String address) {
        return client().post()
                .uri("/api/v1/auth/login")
                .header("X-Forwarded-For", address)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password))
                .exchange()
                .expectBody()
                .returnResult();
    }

    private static String code(EntityExchangeResult<byte[]> result) {
        JsonNode body = JSON.readTree(result.getResponseBodyContent());
        return body.path("code").asString();
    }
}
