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
 * An IP that keeps sending keys that do not authenticate is turned away with 429 before the database is asked; a key
 * already in the (MAC-sealed) cache keeps working, so a flood from a shared address does not lock out its users.
 */
class InvalidKeyFloodIT extends GatewayIntegrationTest {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    StreamKeys keys;

    @Test
    void afterTooManyInvalidKeysAnIpIsRefusedBeforeAnyDatabaseLookup() {
        TestTenant tenant = newTenant("flood");
        TestTenant quiet = newTenant("flood-quiet");
        // stay inside one counting minute (and well inside the 30 s key cache)
        await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().getEpochSecond() % 60 < 45);
        // the tenant's owner key has been used, so it is in the cache; the quiet tenant's key has not
        client().get()
                .uri("/api/v1/tenants/" + tenant.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk();
        redis.delete(keys.key("bl1nk:gateway:api-key:" + quiet.ownerKey().split("_")[1]))
                .block();
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
            // a real key that would need the database is not looked up now
            tooMany(quiet.ownerKey());
            // while one the cache knows still works
            client().get()
                    .uri("/api/v1/tenants/" + tenant.id())
                    .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                    .exchange()
                    .expectStatus()
                    .isOk();
        } finally {
            redis.delete(counter).block();
        }
        client().get()
                .uri("/api/v1/tenants/" + quiet.id())
                .header(HttpHeaders.AUTHORIZATION, bearer(quiet.ownerKey()))
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
