package com.bl1nk.task.llm.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.PermissionCoverage;
import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.testsupport.AuditCoverage;
import com.bl1nk.testsupport.TestIdentities;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every state-changing route of task-service's public API records exactly one audit event in the transaction of its
 * change (never a provider key, a header value, the GitHub App's private key or a webhook secret), a refused change
 * records none, and docs/audit.md lists what is audited. In the model layer's context: its queue worker is off, so a
 * task stays queued until it is cancelled.
 */
class AuditCoverageIT extends LlmItBase {

    private static final String API_KEY = "sk-tenant-secret";
    private static final String HEADER_VALUE = "hdr-secret-value-77";

    @Autowired
    @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    StreamKeys streamKeys;

    private AuditCoverage audit;

    @BeforeEach
    void coverage() {
        audit = new AuditCoverage(
                "task", PermissionCoverage.routes(mapping), jdbc, "task", redis, streamKeys.key(AuditRecorded.STREAM));
    }

    @Test
    void everyStateChangingRouteRecordsOneEventWithoutSecrets() throws Exception {
        UUID tenant = UUID.randomUUID();
        audit.exempt("POST /api/v1/tasks", "work, not configuration: the task row keeps its creator and events")
                .exempt("POST /v1/chat/completions", "a model call (a task per call), metered on bl1nk:usage")
                .exempt("POST /api/v1/webhooks/github", "signed by GitHub, not a caller; kept as a delivery");

        // agents
        HttpResponse<String> agent = post(
                "/api/v1/agents",
                tenant,
                "{\"name\":\"audited\",\"instructions\":\"Be terse.\",\"model\":\"mock-gpt\"}");
        assertThat(agent.statusCode()).as(agent.body()).isEqualTo(201);
        String agentId = json(agent).path("id").asString();
        AuditRecorded created = audit.expectOne(tenant, "POST /api/v1/agents", "agent.created", "agent", agentId);
        assertThat(created.details()).containsEntry("name", "audited").containsEntry("version", 1);
        HttpResponse<String> updated = send(
                "PUT",
                "/api/v1/agents/" + agentId,
                token(tenant),
                "{\"name\":\"audited\",\"instructions\":\"Be terser.\",\"model\":\"mock-gpt\"}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(audit.expectOne(tenant, "PUT /api/v1/agents/{id}", "agent.updated", "agent", agentId)
                        .details())
                .containsEntry("version", 2);

        // task cancel (the task stays queued: no worker in this context)
        HttpResponse<String> task =
                post("/api/v1/tasks", tenant, "{\"agentId\":\"" + agentId + "\",\"input\":\"wait for me\"}");
        assertThat(task.statusCode()).as(task.body()).isEqualTo(201);
        String taskId = json(task).path("id").asString();
        audit.expectNone(tenant, "creating a task is not an audited configuration change");
        HttpResponse<String> cancel = post("/api/v1/tasks/" + taskId + "/cancel", tenant, null);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        audit.expectOne(tenant, "POST /api/v1/tasks/{id}/cancel", "task.cancelled", "task", taskId);
        assertThat(post("/api/v1/tasks/" + taskId + "/cancel", tenant, null).statusCode())
                .isEqualTo(200);
        audit.expectNone(tenant, "cancelling a finished task changes nothing");

        HttpResponse<String> deletedAgent = send("DELETE", "/api/v1/agents/" + agentId, token(tenant), null);
        assertThat(deletedAgent.statusCode()).as(deletedAgent.body()).isEqualTo(204);
        audit.expectOne(tenant, "DELETE /api/v1/agents/{id}", "agent.deleted", "agent", agentId);

        // providers (credentials are the provider's: never in the event)
        HttpResponse<String> provider =
                post("/api/v1/providers", tenant, """
                {"name":"own-llm","kind":"openai_compatible","baseUrl":"%s","apiKey":"%s",
                 "headers":{"X-Title":"%s"},"models":[{"id":"own-model"}]}
                """.formatted(TENANT_LLM.baseUrl(), API_KEY, HEADER_VALUE));
        assertThat(provider.statusCode()).as(provider.body()).isEqualTo(201);
        String providerId = json(provider).path("id").asString();
        AuditRecorded providerEvent = audit.expectOne(
                tenant, "POST /api/v1/providers", "provider.created", "provider", providerId, API_KEY, HEADER_VALUE);
        assertThat(providerEvent.details()).containsEntry("credentialsSet", List.of("apiKey", "headers"));
        HttpResponse<String> rotated =
                send("PATCH", "/api/v1/providers/" + providerId, token(tenant), "{\"apiKey\":\"sk-rotated-secret\"}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(audit.expectOne(
                                tenant,
                                "PATCH /api/v1/providers/{id}",
                                "provider.updated",
                                "provider",
                                providerId,
                                API_KEY,
                                "sk-rotated-secret",
                                HEADER_VALUE)
                        .details())
                .containsEntry("credentialsSet", List.of("apiKey"));
        HttpResponse<String> deletedProvider = send("DELETE", "/api/v1/providers/" + providerId, token(tenant), null);
        assertThat(deletedProvider.statusCode()).as(deletedProvider.body()).isEqualTo(204);
        audit.expectOne(tenant, "DELETE /api/v1/providers/{id}", "provider.deleted", "provider", providerId);

        // routing policies
        HttpResponse<String> policy =
                post("/api/v1/models/policies", tenant, "{\"name\":\"audited\",\"strategy\":\"cheapest\"}");
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(201);
        String policyId = json(policy).path("id").asString();
        audit.expectOne(tenant, "POST /api/v1/models/policies", "routing_policy.created", "routing_policy", policyId);
        HttpResponse<String> replaced = send(
                "PUT",
                "/api/v1/models/policies/" + policyId,
                token(tenant),
                "{\"name\":\"audited\",\"strategy\":\"fastest\"}");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        audit.expectOne(
                tenant, "PUT /api/v1/models/policies/{id}", "routing_policy.updated", "routing_policy", policyId);
        HttpResponse<String> deletedPolicy = send("DELETE", "/api/v1/models/policies/" + policyId, token(tenant), null);
        assertThat(deletedPolicy.statusCode()).as(deletedPolicy.body()).isEqualTo(204);
        audit.expectOne(
                tenant, "DELETE /api/v1/models/policies/{id}", "routing_policy.deleted", "routing_policy", policyId);

        // GitHub: installations are bound by the platform operator, in the chain of the tenant they feed
        long installation = ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2);
        HttpResponse<String> bound = send(
                "POST",
                "/api/v1/github/installations",
                operator(UUID.randomUUID()),
                "{\"installationId\":" + installation + ",\"accountLogin\":\"acme\",\"tenantId\":\"" + tenant + "\"}");
        assertThat(bound.statusCode()).as(bound.body()).isEqualTo(201);
        audit.expectOne(
                tenant,
                "POST /api/v1/github/installations",
                "github_installation.bound",
                "github_installation",
                String.valueOf(installation));
        HttpResponse<String> rule = post(
                "/api/v1/github/routing-rules",
                tenant,
                "{\"installationId\":" + installation + ",\"event\":\"issues\",\"trigger\":\"opened\","
                        + "\"agentName\":\"audited\",\"promptTemplate\":\"Triage {{issue.title}}\"}");
        assertThat(rule.statusCode()).as(rule.body()).isEqualTo(201);
        String ruleId = json(rule).path("id").asString();
        audit.expectOne(
                tenant,
                "POST /api/v1/github/routing-rules",
                "github_routing_rule.created",
                "github_routing_rule",
                ruleId,
                "Triage");
        HttpResponse<String> deletedRule =
                send("DELETE", "/api/v1/github/routing-rules/" + ruleId, token(tenant), null);
        assertThat(deletedRule.statusCode()).as(deletedRule.body()).isEqualTo(204);
        audit.expectOne(
                tenant,
                "DELETE /api/v1/github/routing-rules/{id}",
                "github_routing_rule.deleted",
                "github_routing_rule",
                ruleId);
        UUID delivery = UUID.randomUUID();
        jdbc.update(
                "insert into task.github_deliveries (delivery_id, id, tenant_id, installation_id, event, status,"
                        + " reason) values (?, ?, ?, ?, 'issues', 'failed', 'upstream down')",
                "audit-" + delivery,
                delivery,
                tenant,
                installation);
        HttpResponse<String> redelivered = post("/api/v1/github/deliveries/" + delivery + "/redeliver", tenant, null);
        assertThat(redelivered.statusCode()).as(redelivered.body()).isEqualTo(202);
        audit.expectOne(
                tenant,
                "POST /api/v1/github/deliveries/{id}/redeliver",
                "github_delivery.redelivered",
                "github_delivery",
                delivery.toString());

        // the GitHub App is the platform's: in the chain of the operator's tenant, without key or secrets
        UUID operatorTenant = UUID.randomUUID();
        String pem = rsaPrivateKeyPem();
        String webhookSecret = "whsec-audit-" + UUID.randomUUID();
        HttpResponse<String> app = send(
                "PUT",
                "/api/v1/github/app",
                operator(operatorTenant),
                JSON.writeValueAsString(
                        Map.of("appId", 4242, "privateKey", pem, "webhookSecrets", List.of(webhookSecret))));
        assertThat(app.statusCode()).as(app.body()).isEqualTo(200);
        try {
            audit.expectOne(
                    operatorTenant,
                    "PUT /api/v1/github/app",
                    "github_app.configured",
                    "github_app",
                    "4242",
                    webhookSecret,
                    pem.lines().skip(1).findFirst().orElseThrow());
        } finally {
            HttpResponse<String> removed = send("DELETE", "/api/v1/github/app", operator(operatorTenant), null);
            assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
        }
        audit.expectOne(operatorTenant, "DELETE /api/v1/github/app", "github_app.deleted", "github_app", "4242");

        audit.assertDocumented();
    }

    @Test
    void aRefusedChangeRecordsNoEvent() {
        UUID tenant = UUID.randomUUID();
        HttpResponse<String> agent =
                post("/api/v1/agents", tenant, "{\"name\":\"taken\",\"instructions\":\"x\",\"model\":\"mock-gpt\"}");
        assertThat(agent.statusCode()).as(agent.body()).isEqualTo(201);
        audit.expectOne(
                tenant,
                "POST /api/v1/agents",
                "agent.created",
                "agent",
                json(agent).path("id").asString());

        assertThat(post("/api/v1/agents", tenant, "{\"name\":\"taken\",\"instructions\":\"x\",\"model\":\"mock-gpt\"}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(send(
                                "PUT",
                                "/api/v1/agents/" + UUID.randomUUID(),
                                token(tenant),
                                "{\"name\":\"n\",\"instructions\":\"x\",\"model\":\"mock-gpt\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/agents/" + UUID.randomUUID(), token(tenant), null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(post(
                                "/api/v1/providers",
                                tenant,
                                "{\"name\":\"p\",\"kind\":\"telepathy\",\"apiKey\":\"" + API_KEY + "\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("DELETE", "/api/v1/providers/" + UUID.randomUUID(), token(tenant), null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(post("/api/v1/models/policies", tenant, "{\"strategy\":\"cheapest\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(send("DELETE", "/api/v1/models/policies/" + UUID.randomUUID(), token(tenant), null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(post("/api/v1/tasks/" + UUID.randomUUID() + "/cancel", tenant, null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(send("DELETE", "/api/v1/github/routing-rules/" + UUID.randomUUID(), token(tenant), null)
                        .statusCode())
                .isEqualTo(404);

        audit.expectNone(tenant, "refused changes (400, 404, 409) leave no audit event");
    }

    private static String operator(UUID tenant) {
        return TestIdentities.token(TestIdentities.identity(tenant, Set.of(Identity.OWNER), Set.of("platform:admin")));
    }

    private static String rsaPrivateKeyPem() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }
}
