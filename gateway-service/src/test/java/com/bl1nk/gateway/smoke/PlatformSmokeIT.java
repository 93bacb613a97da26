package com.bl1nk.gateway.smoke;

import static com.bl1nk.gateway.smoke.RunningPlatform.ALL;
import static com.bl1nk.gateway.smoke.RunningPlatform.GATEWAY;
import static com.bl1nk.gateway.smoke.RunningPlatform.SERVICE_PORTS;
import static com.bl1nk.gateway.smoke.RunningPlatform.bl1nk;
import static com.bl1nk.gateway.smoke.RunningPlatform.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The foundation's promise, checked on the real {@code ./bl1nk up}: everything healthy, one call per service through
 * the gateway, 401 without or with a revoked key and around the gateway, a second {@code up} is safe, and
 * {@code down} stops exactly what {@code up} started. Runs after every other platform IT because it ends the platform.
 */
@Order(100)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformSmokeIT {

    /** One authenticated read per service, through the gateway. */
    private static final Map<String, String> ONE_CALL_PER_SERVICE = Map.of(
            "gateway-service", "/api/v1/api-keys",
            "task-service", "/v1/models",
            "rag-service", "/api/v1/knowledge-bases",
            "mcp-service", "/api/v1/mcp/servers",
            "billing-service", "/api/v1/budgets");

    private static final String UNSIGNED_TOKEN = "eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ4In0.";

    private static RunningPlatform platform;

    @BeforeAll
    static void up() {
        platform = RunningPlatform.get();
    }

    @Test
    @Order(1)
    void saysItRunsAgainstMockLlmWithoutProviderKeys() {
        assertThat(platform.upOutput()).contains("mock-llm").contains("offline");
        assertThat(platform.upOutput()).contains("http://localhost:" + GATEWAY);
        assertThat(platform.state().resolve("bootstrap-admin-key")).doesNotExist();
    }

    @Test
    @Order(2)
    void oneAuthenticatedRequestPerServiceSucceedsThroughTheGateway() throws Exception {
        for (Map.Entry<String, String> call : ONE_CALL_PER_SERVICE.entrySet()) {
            HttpResponse<String> response = platform.get(GATEWAY, call.getValue(), bearer(platform.adminKey()));
            assertThat(response.statusCode())
                    .as("%s %s -> %s", call.getKey(), call.getValue(), response.body())
                    .isEqualTo(200);
        }
    }

    @Test
    @Order(3)
    void missingAndUnknownKeysGet401ProblemJson() throws Exception {
        assertProblem(platform.get(GATEWAY, "/api/v1/knowledge-bases", Map.of()), 401);
        assertProblem(
                platform.get(GATEWAY, "/api/v1/knowledge-bases", bearer("bl1nk_nosuchkey_" + "x".repeat(32))), 401);
    }

    @Test
    @Order(4)
    void aRevokedKeyGets401() throws Exception {
        HttpResponse<String> created = platform.send(HttpRequest.newBuilder(uri(GATEWAY, "/api/v1/api-keys"))
                .header("Authorization", "Bearer " + platform.adminKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"smoke\",\"roles\":[\"developer\"]}"))
                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = field(created.body(), "key");
        String id = field(created.body(), "id");
        assertThat(platform.get(GATEWAY, "/api/v1/knowledge-bases", bearer(key)).statusCode())
                .isEqualTo(200);

        HttpResponse<String> revoked = platform.send(HttpRequest.newBuilder(uri(GATEWAY, "/api/v1/api-keys/" + id))
                .header("Authorization", "Bearer " + platform.adminKey())
                .DELETE()
                .build());
        assertThat(revoked.statusCode()).as(revoked.body()).isIn(200, 204);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertProblem(platform.get(GATEWAY, "/api/v1/knowledge-bases", bearer(key)), 401));
    }

    @Test
    @Order(5)
    void servicesRefuseRequestsThatBypassTheGateway() throws Exception {
        for (Map.Entry<String, Integer> service : SERVICE_PORTS.entrySet()) {
            String path = ONE_CALL_PER_SERVICE.get(service.getKey());
            assertProblem(platform.get(service.getValue(), path, Map.of()), 401);
            assertProblem(platform.get(service.getValue(), path, Map.of("X-Bl1nk-Identity", UNSIGNED_TOKEN)), 401);
        }
    }

    @Test
    @Order(6)
    void aForgedIdentityHeaderSentThroughTheGatewayIsIgnored() throws Exception {
        // a forged identity header without a key gets nothing
        assertProblem(
                platform.get(GATEWAY, "/api/v1/knowledge-bases", Map.of("X-Bl1nk-Identity", UNSIGNED_TOKEN)), 401);
        // with a valid key, the forged header is replaced by the gateway's own token
        HttpResponse<String> withKey = platform.get(
                GATEWAY,
                "/api/v1/knowledge-bases",
                Map.of("Authorization", "Bearer " + platform.adminKey(), "X-Bl1nk-Identity", UNSIGNED_TOKEN));
        assertThat(withKey.statusCode()).as(withKey.body()).isEqualTo(200);
    }

    @Test
    @Order(7)
    void secondUpIsSafeAndReportsWhatRuns() throws Exception {
        RunningPlatform.Result again = bl1nk("up");
        assertThat(again.exitCode()).as(again.output()).isZero();
        for (String service : ALL) {
            assertThat(again.output()).contains(service + " already running");
        }
        assertThat(again.output()).contains("./bl1nk admin-key");
        RunningPlatform.Result status = bl1nk("status");
        assertThat(status.output()).contains("gateway-service").doesNotContain("stopped");
    }

    @Test
    @Order(8)
    void aLostAdminKeyIsReplacedFromTheHost() throws Exception {
        RunningPlatform.Result issued = bl1nk("admin-key");
        assertThat(issued.exitCode()).as(issued.output()).isZero();
        Matcher key = Pattern.compile("Admin key:\\s+(bl1nk_\\S+)").matcher(issued.output());
        assertThat(key.find()).as(issued.output()).isTrue();
        assertThat(key.group(1)).isNotEqualTo(platform.adminKey());

        HttpResponse<String> tenants = platform.get(GATEWAY, "/api/v1/knowledge-bases", bearer(key.group(1)));
        assertThat(tenants.statusCode()).as(tenants.body()).isEqualTo(200);
        HttpResponse<String> audit = platform.get(GATEWAY, "/api/v1/audit-events?limit=50", bearer(key.group(1)));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                platform.get(GATEWAY, "/api/v1/audit-events?limit=50", bearer(key.group(1)))
                                        .body())
                        .contains("system:admin-key"));
        assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
    }

    @Test
    @Order(9)
    void downStopsExactlyWhatUpStarted() throws Exception {
        List<Long> pids = new ArrayList<>();
        for (String service : ALL) {
            pids.add(Long.parseLong(
                    Files.readString(platform.state().resolve("pids").resolve(service + ".pid"))
                            .trim()));
        }
        RunningPlatform.Result down = bl1nk("down");
        platform.markStopped();
        assertThat(down.exitCode()).as(down.output()).isZero();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("pid %d still alive", pid)
                    .isFalse();
        }
        assertThat(portOpen(GATEWAY)).isFalse();
        assertThat(bl1nk("status").output()).doesNotContain("healthy");
    }

    private static Map<String, String> bearer(String key) {
        return Map.of("Authorization", "Bearer " + key);
    }

    /** A problem+json refusal, or under {@code /v1/} the same refusal in OpenAI's error shape. */
    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (response.uri().getPath().startsWith("/v1/")) {
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(response.body()).contains("\"error\"").contains("\"type\"");
            return;
        }
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"status\":" + status);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as("field %s in %s", name, json).isTrue();
        return m.group(1);
    }

    private static boolean portOpen(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
