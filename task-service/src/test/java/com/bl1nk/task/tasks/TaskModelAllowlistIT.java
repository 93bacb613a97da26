package com.bl1nk.task.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.testsupport.TestIdentities;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A key with a model allowlist starts only agents whose model the list covers; the refusal writes no task. */
class TaskModelAllowlistIT extends TaskItBase {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aTaskForAnAgentWhoseModelTheKeyMayNotUseIs403AndNothingIsWritten() throws Exception {
        UUID tenant = newTenant();
        UUID allowedAgent = createAgent(tenant, Map.of("name", "allowed", "instructions", "Hi.", "model", "mock-gpt"));
        UUID otherAgent = createAgent(tenant, Map.of("name", "other", "instructions", "Hi.", "model", "gpt-4o-mini"));
        UUID defaultAgent = createAgent(tenant, Map.of("name", "default", "instructions", "Hi."));
        List<String> allowlist = List.of("mock-*");

        HttpResponse<String> refused = createTaskWith(tenant, allowlist, otherAgent);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(read(refused).path("code").asString()).isEqualTo("model_not_allowed");
        assertThat(read(refused).path("detail").asString())
                .contains("gpt-4o-mini")
                .contains("allowlist");
        assertThat(jdbc.sql("select count(*) from task.tasks where tenant_id = :t and agent_id = :a")
                        .param("t", tenant)
                        .param("a", otherAgent)
                        .query(Integer.class)
                        .single())
                .isZero();

        assertThat(createTaskWith(tenant, allowlist, allowedAgent).statusCode()).isEqualTo(201);
        assertThat(createTaskWith(tenant, allowlist, defaultAgent).statusCode())
                .as("the default model (mock-gpt) is what the allowlist is checked against")
                .isEqualTo(201);
        assertThat(createTaskWith(tenant, null, otherAgent).statusCode())
                .as("a key without an allowlist may start any agent")
                .isEqualTo(201);
    }

    @Test
    void aTaskIsRefusedWhenAnAgentItMayDelegateToUsesAModelTheKeyMayNotUse() throws Exception {
        UUID tenant = newTenant();
        createAgent(tenant, Map.of("name", "dear-helper", "instructions", "Hi.", "model", "gpt-4o"));
        UUID lead = createAgent(
                tenant,
                Map.of(
                        "name",
                        "cheap-lead",
                        "instructions",
                        "Hi.",
                        "model",
                        "mock-gpt",
                        "allowedSubAgents",
                        List.of("dear-helper"),
                        "maxDelegationDepth",
                        1));

        HttpResponse<String> refused = createTaskWith(tenant, List.of("mock-*"), lead);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(read(refused).path("detail").asString())
                .contains("dear-helper")
                .contains("gpt-4o");
        assertThat(jdbc.sql("select count(*) from task.tasks where tenant_id = :t")
                        .param("t", tenant)
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(createTaskWith(tenant, List.of("mock-*", "gpt-4o"), lead).statusCode())
                .isEqualTo(201);
    }

    private HttpResponse<String> createTaskWith(UUID tenant, List<String> allowlist, UUID agentId) throws Exception {
        UUID key = UUID.randomUUID();
        String token = TestIdentities.codec()
                .mint(
                        new Identity(tenant, "key:" + key, Set.of(Identity.DEVELOPER), Set.of(), key, allowlist),
                        "task",
                        Duration.ofMinutes(5));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tasks"))
                .timeout(Duration.ofSeconds(30))
                .header(IdentityHeaders.IDENTITY, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        toJson(Map.of("agentId", agentId.toString(), "input", "hello"))))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
