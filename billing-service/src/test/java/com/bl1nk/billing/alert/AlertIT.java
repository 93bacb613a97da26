package com.bl1nk.billing.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.billing.support.Api;
import com.bl1nk.billing.support.Api.Response;
import com.bl1nk.billing.support.BillingIT;
import com.bl1nk.billing.support.TestTenant;
import com.bl1nk.billing.support.UsageEvents;
import com.bl1nk.common.stream.StreamPublisher;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import tools.jackson.databind.JsonNode;

/** Threshold alerts end to end: usage crosses thresholds, each fires once, as audit event and signed webhook. */
class AlertIT extends BillingIT {

    @Autowired
    StreamPublisher publisher;

    private MockWebServer receiver;
    private final AtomicInteger received = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new MockWebServer();
        receiver.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                // the very first delivery fails, so the retry path (same webhook-id) is exercised too
                return new MockResponse.Builder()
                        .code(received.incrementAndGet() == 1 ? 503 : 204)
                        .build();
            }
        });
        receiver.start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void eachThresholdFiresOnceAsAuditEventAndSignedWebhook() throws Exception {
        TestTenant a = newTenant();
        Response hook = api.put(
                a.adminToken(),
                "/api/v1/budgets/alert-webhook",
                Map.of("url", receiver.url("/hooks/budget").toString()));
        assertThat(hook.status()).as(hook.toString()).isEqualTo(200);
        String secret = hook.json().path("secret").asString();
        assertThat(secret).startsWith("whsec_");
        String stored = jdbc.sql("select alert_webhook_secret from billing.tenant_settings where tenant_id = :t")
                .param("t", a.id())
                .query(String.class)
                .single();
        assertThat(stored).as("encrypted at rest").doesNotContain(secret.substring(6));
        assertThat(api.get(a.viewerToken(), "/api/v1/budgets/alert-webhook")
                        .json()
                        .path("secret")
                        .isNull())
                .isTrue();
        String budgetId = api.post(
                        a.adminToken(),
                        "/api/v1/budgets",
                        Map.of(
                                "scope",
                                "tenant",
                                "period",
                                "monthly",
                                "limitUsd",
                                "1",
                                "thresholds",
                                List.of(50, 80, 100)))
                .json()
                .path("id")
                .asString();

        // mock-gpt input costs 1 USD per million tokens, so tokens / 1e6 is the cost of each call
        List<Map<String, Object>> events = new ArrayList<>();
        for (long tokens : new long[] {300_000, 250_000, 100_000, 200_000, 150_000, 50_000}) {
            Map<String, Object> event = UsageEvents.event(a.id(), "mock-llm", "mock-gpt", tokens, 0, 0, Instant.now());
            events.add(event);
            UsageEvents.publish(publisher, event);
            int expected = events.size();
            await().atMost(Duration.ofSeconds(20)).until(() -> ledgerRows(a) == expected);
        }
        // a redelivered event crosses nothing again
        UsageEvents.publish(publisher, events.get(1));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("select count(*) from billing.budget_alerts where tenant_id = :t"
                                        + " and webhook_state = 'delivered' and audit_published_at is not null")
                                .param("t", a.id())
                                .query(Long.class)
                                .single()
                        == 3);

        Set<Integer> thresholds = new HashSet<>();
        Set<String> webhookIds = new HashSet<>();
        for (int i = 0; i < receiver.getRequestCount(); i++) {
            RecordedRequest request = receiver.takeRequest(5, TimeUnit.SECONDS);
            String id = request.getHeaders().get("webhook-id");
            String timestamp = request.getHeaders().get("webhook-timestamp");
            String body = request.getBody().string(StandardCharsets.UTF_8);
            assertThat(request.getHeaders().get("webhook-signature")).isEqualTo(sign(secret, id, timestamp, body));
            JsonNode payload = Api.JSON.readTree(body);
            assertThat(payload.path("type").asString()).isEqualTo("budget.threshold_crossed");
            assertThat(payload.path("data").path("budgetId").asString()).isEqualTo(budgetId);
            thresholds.add(payload.path("data").path("thresholdPercent").asInt());
            webhookIds.add(id);
        }
        assertThat(thresholds).containsExactlyInAnyOrder(50, 80, 100);
        assertThat(webhookIds).hasSize(3);
        assertThat(receiver.getRequestCount()).isEqualTo(4);

        // relayed from billing's audit outbox shortly after the alert commits (the webhook and the budget set up
        // above have their own events)
        await().atMost(Duration.ofSeconds(15)).until(() -> auditsOf(a).size() == 5);
        List<Map<Object, Object>> audits = auditsOf(a);
        assertThat(audits).hasSize(5).allMatch(f -> "AuditRecorded".equals(f.get("type")));
        assertThat(audits.stream()
                        .map(f -> Api.JSON
                                .readTree((String) f.get("payload"))
                                .path("action")
                                .asString())
                        .toList())
                .containsExactlyInAnyOrder(
                        "alert_webhook.set",
                        "budget.created",
                        "budget.threshold_crossed",
                        "budget.threshold_crossed",
                        "budget.threshold_crossed");

        Response list = api.get(a.viewerToken(), "/api/v1/budgets/alerts?budgetId=" + budgetId);
        assertThat(list.json().path("items")).hasSize(3);
        assertThat(list.json().path("items").get(0).path("webhookState").asString())
                .isEqualTo("delivered");
    }

    @Test
    void refusesWebhookUrlsPointingInsideTheNetworkAndStoresNothing() {
        TestTenant a = newTenant();
        for (String url : List.of(
                "http://169.254.169.254/latest/meta-data",
                "http://10.1.2.3/hook",
                "http://[fd00::1]/hook",
                "http://0x7f000001/hook",
                "ftp://example.com/hook",
                "not a url")) {
            Response response = api.put(a.adminToken(), "/api/v1/budgets/alert-webhook", Map.of("url", url));
            assertThat(response.status()).as(url).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
        assertThat(api.get(a.viewerToken(), "/api/v1/budgets/alert-webhook")
                        .json()
                        .path("configured")
                        .asBoolean())
                .isFalse();
        assertThat(api.put(a.viewerToken(), "/api/v1/budgets/alert-webhook", Map.of("url", "https://example.com"))
                        .status())
                .isEqualTo(403);
    }

    private long ledgerRows(TestTenant tenant) {
        return jdbc.sql("select count(*) from billing.usage_records where tenant_id = :t")
                .param("t", tenant.id())
                .query(Long.class)
                .single();
    }

    /** Standard Webhooks signature computed independently of the production signer. */
    private static String sign(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1,"
                + Base64.getEncoder()
                        .encodeToString(
                                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private List<Map<Object, Object>> auditsOf(TestTenant tenant) {
        return redis.opsForStream().range(streamKeys.key("bl1nk:audit"), Range.unbounded()).stream()
                .map(r -> r.getValue())
                .filter(f -> tenant.id().toString().equals(f.get("tenantId")))
                .toList();
    }
}
