package com.bl1nk.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.gateway.support.GatewayIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;

/**
 * An IP that keeps sending keys that do not authenticate is turned away with 429 before any key is looked up: even a
 * real key from it waits until the minute is over.
 */
class InvalidKeyFloodIT extends GatewayIntegrationTest {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    StreamKeys keys;

    @Test
    void afterTooManyInvalidKeysAnIpIsRefusedBeforeAnyLookup() {
        TestTenant tenant = newTenant("flood");
        // stay inside one counting minute
        await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().getEpochSecond() % 60 < 45);
        String counter =
                keys.key("bl1nk:gateway:invalid-keys:127.0.0.1:" + Instant.now().getEpochSecond() / 60);
        redis.opsForValue()
                .set(counter, Integer.toString(INVALID_KEYS_PER_MINUTE - 3), Duration.ofSeconds(61))
                .block();
        try {
            for (int i = 0; i < 3; i++) {
                unauthenticated(madeUpKey(), "The API key is not valid");
            }
            assertThat(redis.opsForValue().get(counter).block()).isEqualTo(Integer.toString(INVALID_KEYS_PER_MINUTE));

            tooMany(madeUpKey());
            // a real key from the same address is not even looked up now
            tooMany(tenant.ownerKey());
        } finally {
            redis.delete(counter).block();
        }
        client().get()
                .uri("/api/v1/tenants/" + tenant.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk();
    }

    private static String madeUpKey() {
        return "bl1nk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "_" + "x".repeat(40);
    }

    private void unauthenticated(String key, String detail) {
        client().get()
                .uri("/api/v1/tenants/" + UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, bearer(key))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo(detail);
    }

    private void tooMany(String key) {
        client().get()
                .uri("/api/v1/tenants/" + UUID.randomUUID())
                .header(HttpHeaders.AUTHORIZATION, bearer(key))
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("too_many_invalid_keys");
    }
}
