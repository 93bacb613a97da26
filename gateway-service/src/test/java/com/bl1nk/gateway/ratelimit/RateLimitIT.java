package com.bl1nk.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.gateway.apikey.CreatedApiKey;
import com.bl1nk.gateway.support.GatewayIntegrationTest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.StatusAssertions;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

class RateLimitIT extends GatewayIntegrationTest {

    @Test
    void overTheKeysLimitAnswers429WithRetryAfterAndRateLimitHeaders() {
        TestTenant tenant = newTenant("ratelimit-key");
        CreatedApiKey key = createKey(tenant.ownerKey(), null, "limited", List.of("viewer"), List.of());
        jdbc.sql("update identity.api_keys set rate_limit_per_minute = 2 where id = :id")
                .param("id", key.id())
                .update();

        for (String remaining : List.of("1", "0")) {
            client().get()
                    .uri("/api/v1/tasks/" + UUID.randomUUID())
                    .header(HttpHeaders.AUTHORIZATION, bearer(key.key()))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .valueEquals("RateLimit-Limit", "2")
                    .expectHeader()
                    .valueEquals("RateLimit-Remaining", remaining);
        }
        String refused = "/api/v1/tasks/" + UUID.randomUUID();
        client().get()
                .uri(refused)
                .header(HttpHeaders.AUTHORIZATION, bearer(key.key()))
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .value(
                        HttpHeaders.RETRY_AFTER,
                        value -> assertThat(Long.parseLong(value)).isBetween(1L, 60L))
                .expectHeader()
                .valueEquals("RateLimit-Remaining", "0")
                .expectHeader()
                .exists("X-Trace-Id")
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("rate_limited")
                .jsonPath("$.retryAfterSeconds")
                .exists();
        assertThat(TASK.received(refused)).isFalse();
    }

    @Test
    void anotherKeyOfTheSameTenantHasItsOwnBudget() {
        TestTenant tenant = newTenant("ratelimit-other");
        CreatedApiKey limited = createKey(tenant.ownerKey(), null, "limited", List.of("viewer"), List.of());
        jdbc.sql("update identity.api_keys set rate_limit_per_minute = 1 where id = :id")
                .param("id", limited.id())
                .update();
        get(client(), "/api/v1/tasks/" + UUID.randomUUID(), limited.key()).isOk();
        get(client(), "/api/v1/tasks/" + UUID.randomUUID(), limited.key()).isEqualTo(429);

        get(client(), "/api/v1/tasks/" + UUID.randomUUID(), tenant.ownerKey()).isOk();
    }

    @Test
    void webhookPathsAreLimitedPerClientIp() {
        WebTestClient fromOneIp = clientFrom(randomLoopbackAddress());
        for (int i = 0; i < PER_IP_PER_MINUTE; i++) {
            postWebhook(fromOneIp).isOk();
        }
        postWebhook(fromOneIp).isEqualTo(429);

        postWebhook(clientFrom(randomLoopbackAddress())).isOk();
    }

    private static StatusAssertions get(WebTestClient client, String path, String key) {
        return client.get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(key))
                .exchange()
                .expectStatus();
    }

    private static StatusAssertions postWebhook(WebTestClient client) {
        return client.post()
                .uri("/api/v1/webhooks/github")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"zen\":\"ok\"}")
                .exchange()
                .expectStatus();
    }

    /** A client whose connections come from {@code address}, so the per-IP bucket is this test's own. */
    private WebTestClient clientFrom(String address) {
        HttpClient http = HttpClient.create().bindAddress(() -> new InetSocketAddress(address, 0));
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(http))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static String randomLoopbackAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "127." + random.nextInt(1, 255) + "." + random.nextInt(1, 255) + "." + random.nextInt(2, 255);
    }
}
