package com.bl1nk.task.github;

import static com.bl1nk.testsupport.TestTenants.TENANT_A;
import static com.bl1nk.testsupport.TestTenants.TENANT_B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.mockllm.MockLlmConfig;
import com.bl1nk.mockllm.MockLlmServer;
import com.bl1nk.testsupport.Bl1nkIntegrationTest;
import com.bl1nk.testsupport.ProblemAssertions;
import com.bl1nk.testsupport.TestIdentities;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Webhook to task to reply, end to end in task-service: real payloads from {@code @octokit/webhooks-examples}, the
 * real tasks feature and agent loop against mock-llm, and a fake GitHub API on loopback.
 */
@Bl1nkIntegrationTest(
        properties = {
            "bl1nk.task.llm.mode=mock",
            "bl1nk.task.clients.billing.enabled=false",
            "bl1nk.task.github.poll-interval=200ms",
            "bl1nk.task.github.request-timeout=2s"
        })
class GithubWebhookIT {

    private static final String SECRET = "whsec-test-0123456789";
    private static final long INSTALLATION = 7001;
    private static final long OTHER_TENANTS_INSTALLATION = 7002;
    private static final AtomicInteger NUMBERS = new AtomicInteger(100);
    private static final FakeGithub GITHUB = startGithub();
    private static final MockLlmServer LLM =
            MockLlmServer.start(MockLlmConfig.defaults().port(0));
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static boolean configured;
    private static String helperAgentId;

    @Autowired
    RestTestClient client;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    GithubConfiguration.GithubPoller poller;

    @Autowired
    GithubStore githubStore;

    @Autowired
    AgentTasks agentTasks;

    @Autowired
    GithubProperties githubProperties;

    @Autowired
    GithubAppSettings githubApp;

    @Autowired
    MeterRegistry registry;

    @DynamicPropertySource
    static void github(DynamicPropertyRegistry registry) {
        registry.add("bl1nk.task.github.api-base-url", () -> GITHUB.baseUrl().toString());
        registry.add("bl1nk.task.github.app-id", () -> FakeGithub.APP_ID);
        registry.add("bl1nk.task.github.private-key", GITHUB::privateKeyPem);
        registry.add("bl1nk.task.github.webhook-secrets", () -> "old-secret-being-rotated," + SECRET);
        registry.add("bl1nk.task.llm.mock-base-url", LLM::baseUrl);
    }

    private static FakeGithub startGithub() {
        try {
            return new FakeGithub();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        GITHUB.close();
        LLM.close();
    }

    @BeforeEach
    void configureOnce() {
        if (configured) {
            return;
        }
        post(TENANT_A, "/api/v1/agents", Map.of("name", "triage", "instructions", "You triage GitHub issues."));
        helperAgentId = postJson(
                        TENANT_A, "/api/v1/agents", Map.of("name", "helper", "instructions", "You help with anything."))
                .path("id")
                .asString();
        bindInstallation(TENANT_A, INSTALLATION).expectStatus().isCreated();
        bindInstallation(TENANT_B, OTHER_TENANTS_INSTALLATION).expectStatus().isCreated();
        post(
                TENANT_A,
                "/api/v1/github/routing-rules",
                Map.of(
                        "installationId", INSTALLATION,
                        "event", "issue_comment",
                        "trigger", "command",
                        "allowedAgents", List.of("*"),
                        "promptTemplate", "{{request}}\nIssue: {{title}}\n{{body}}\nRecent comments:\n{{comments}}"));
        post(
                TENANT_A,
                "/api/v1/github/routing-rules",
                Map.of(
                        "installationId", INSTALLATION,
                        "event", "issues",
                        "trigger", "opened",
                        "agentName", "triage",
                        "promptTemplate", "Triage this new issue: {{title}}"));
        post(
                TENANT_A,
                "/api/v1/github/routing-rules",
                Map.of(
                        "installationId", INSTALLATION,
                        "event", "pull_request",
                        "trigger", "opened",
                        "agentName", "triage",
                        "promptTemplate", "Review this pull request: {{title}}\n{{diff}}"));
        configured = true;
    }

    @Test
    void aBl1nkCommentYieldsOneTaskAndExactlyOneReplyComment() throws Exception {
        int number = NUMBERS.incrementAndGet();
        byte[] body = commentPayload(INSTALLATION, "octo/repo", number, "/bl1nk triage what is this about?");
        String delivery = UUID.randomUUID().toString();

        JsonNode accepted = webhook("issue_comment", delivery, body, SECRET)
                .expectStatus()
                .isAccepted()
                .returnResult(JsonNode.class)
                .getResponseBody();
        assertThat(accepted.path("status").asString()).isEqualTo("queued");

        JsonNode done = awaitDelivery(TENANT_A, delivery, "replied");
        UUID taskId = UUID.fromString(done.path("taskId").asString());
        List<FakeGithub.Posted> replies = GITHUB.commentsOn("octo/repo", number);
        assertThat(replies).hasSize(1);
        assertThat(replies.getFirst().body()).contains("mock answer").contains(GithubDeliveryProcessor.marker(taskId));
        assertThat(GITHUB.reactions).anyMatch(path -> path.contains("/issues/comments/"));

        JsonNode task = get(TENANT_A, "/api/v1/tasks/" + taskId);
        assertThat(task.path("status").asString()).isEqualTo("succeeded");
        assertThat(task.path("input").asString("")).contains("what is this about?");
    }

    @Test
    void theSameDeliverySentTwiceYieldsOneTask() throws Exception {
        int number = NUMBERS.incrementAndGet();
        byte[] body = commentPayload(INSTALLATION, "octo/repo", number, "/bl1nk triage once please");
        String delivery = UUID.randomUUID().toString();

        webhook("issue_comment", delivery, body, SECRET).expectStatus().isAccepted();
        JsonNode second = webhook("issue_comment", delivery, body, SECRET)
                .expectStatus()
                .isAccepted()
                .returnResult(JsonNode.class)
                .getResponseBody();

        assertThat(second.path("status").asString()).isEqualTo("duplicate");
        awaitDelivery(TENANT_A, delivery, "replied");
        assertThat(deliveries(TENANT_A))
                .filteredOn(d -> d.path("deliveryId").asString().equals(delivery))
                .hasSize(1);
        assertThat(GITHUB.commentsOn("octo/repo", number)).hasSize(1);
    }

    @Test
    void aReplyWhoseResponseWasLostIsNotPostedTwice() throws Exception {
        int number = NUMBERS.incrementAndGet();
        GITHUB.loseNextPostResponse();
        String delivery = queueComment(number, "/bl1nk triage go", SECRET);

        JsonNode done = awaitDelivery(TENANT_A, delivery, "replied");
        assertThat(done.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(GITHUB.commentsOn("octo/repo", number)).hasSize(1);
    }

    @Test
    void issuesOpenedBecomeACommentAndPullRequestsOpenedBecomeAReview() throws Exception {
        int issueNumber = NUMBERS.incrementAndGet();
        ObjectNode issue = OctokitExamples.example("issues", "opened");
        retarget(issue, INSTALLATION, "octo/issues", issueNumber);
        String issueDelivery = UUID.randomUUID().toString();
        webhook("issues", issueDelivery, JSON.writeValueAsBytes(issue), SECRET)
                .expectStatus()
                .isAccepted();

        int prNumber = NUMBERS.incrementAndGet();
        ObjectNode pr = OctokitExamples.example("pull_request", "opened");
        retarget(pr, INSTALLATION, "octo/pulls", prNumber);
        String prDelivery = UUID.randomUUID().toString();
        webhook("pull_request", prDelivery, JSON.writeValueAsBytes(pr), SECRET)
                .expectStatus()
                .isAccepted();

        awaitDelivery(TENANT_A, issueDelivery, "replied");
        JsonNode prDone = awaitDelivery(TENANT_A, prDelivery, "replied");
        assertThat(GITHUB.commentsOn("octo/issues", issueNumber)).hasSize(1);
        assertThat(GITHUB.reviews).filteredOn(r -> r.number() == prNumber).hasSize(1);
        JsonNode prTask = get(TENANT_A, "/api/v1/tasks/" + prDone.path("taskId").asString());
        assertThat(prTask.path("input").asString("")).contains("+hello");
    }

    @Test
    void badSignaturesAre401AndNothingIsStored() throws Exception {
        byte[] body = commentPayload(INSTALLATION, "octo/repo", NUMBERS.incrementAndGet(), "/bl1nk triage hi");
        String delivery = UUID.randomUUID().toString();
        byte[] tampered = new String(body, StandardCharsets.UTF_8)
                .replace("/bl1nk triage hi", "/bl1nk triage rm")
                .getBytes(StandardCharsets.UTF_8);

        ProblemAssertions.assertProblem(
                client.post()
                        .uri("/api/v1/webhooks/github")
                        .header("X-GitHub-Event", "issue_comment")
                        .header("X-GitHub-Delivery", delivery)
                        .header("X-Hub-Signature-256", WebhookSignatures.signatureHeader(body, SECRET))
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(tampered)
                        .exchange(),
                401,
                "unauthenticated");
        ProblemAssertions.assertProblem(webhook("issue_comment", delivery, body, "wrong-secret"), 401, null);
        ProblemAssertions.assertProblem(
                client.post()
                        .uri("/api/v1/webhooks/github")
                        .header("X-GitHub-Event", "issue_comment")
                        .header("X-GitHub-Delivery", delivery)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(body)
                        .exchange(),
                401,
                null);
        ProblemAssertions.assertProblem(
                client.post()
                        .uri("/api/v1/webhooks/github")
                        .header("X-GitHub-Event", "issue_comment")
                        .header("X-GitHub-Delivery", delivery)
                        .header("X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(body)
                        .exchange(),
                401,
                null);

        assertThat(deliveries(TENANT_A))
                .noneMatch(d -> d.path("deliveryId").asString().equals(delivery));
    }

    @Test
    void unroutedEventsAre204() throws Exception {
        byte[] star = "{\"action\":\"created\"}".getBytes(StandardCharsets.UTF_8);
        webhook("star", UUID.randomUUID().toString(), star, SECRET)
                .expectStatus()
                .isNoContent();
        webhook(
                        "issue_comment",
                        UUID.randomUUID().toString(),
                        commentPayload(INSTALLATION, "octo/repo", 1, "just a normal comment"),
                        SECRET)
                .expectStatus()
                .isNoContent();
        webhook(
                        "issue_comment",
                        UUID.randomUUID().toString(),
                        commentPayload(999_999, "octo/repo", 1, "/bl1nk triage unmapped installation"),
                        SECRET)
                .expectStatus()
                .isNoContent();
    }

    @Test
    void deliveriesAreCountedByWhatBecameOfThemWithoutNamingRepositoryOrTenant() throws Exception {
        double queued = deliveries("queued");
        double rejected = deliveries("rejected");
        double ignored = deliveries("ignored");
        double replied = registry.get("bl1nk.webhook.processed")
                .tag("outcome", "replied")
                .counter()
                .count();
        int number = NUMBERS.incrementAndGet();
        byte[] body = commentPayload(INSTALLATION, "octo/repo", number, "/bl1nk triage count me");
        String delivery = UUID.randomUUID().toString();

        webhook("issue_comment", delivery, body, SECRET).expectStatus().isAccepted();
        webhook("issue_comment", UUID.randomUUID().toString(), body, "wrong-secret")
                .expectStatus()
                .isUnauthorized();
        webhook("star", UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8), SECRET)
                .expectStatus()
                .isNoContent();
        awaitDelivery(TENANT_A, delivery, "replied");

        assertThat(deliveries("queued")).isEqualTo(queued + 1);
        assertThat(deliveries("rejected")).isEqualTo(rejected + 1);
        assertThat(deliveries("ignored")).isEqualTo(ignored + 1);
        assertThat(registry.get("bl1nk.webhook.processed")
                        .tag("outcome", "replied")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(replied + 1);
        assertThat(registry.find("bl1nk.webhook.deliveries").meters())
                .allSatisfy(m -> assertThat(m.getId().getTags())
                        .extracting(Tag::getKey)
                        .containsExactlyInAnyOrder("source", "outcome"));
    }

    private double deliveries(String outcome) {
        return registry.get("bl1nk.webhook.deliveries")
                .tag("source", "github")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    @Test
    void malformedJsonWithAValidSignatureIs400() {
        byte[] body = "{not json".getBytes(StandardCharsets.UTF_8);
        ProblemAssertions.assertProblem(
                webhook("issue_comment", UUID.randomUUID().toString(), body, SECRET), 400, "malformed_body");
    }

    @Test
    void tenantBCannotSeeOrChangeTenantAsGithubSetup() throws Exception {
        String delivery = queueComment(NUMBERS.incrementAndGet(), "/bl1nk nosuchagent x", SECRET);
        JsonNode failed = awaitDelivery(TENANT_A, delivery, "failed");
        assertThat(failed.path("reason").asString()).contains("nosuchagent");
        String id = failed.path("id").asString();
        String ruleId = get(TENANT_A, "/api/v1/github/routing-rules")
                .path("items")
                .get(0)
                .path("id")
                .asString();

        assertThat(deliveries(TENANT_B))
                .noneMatch(d -> d.path("deliveryId").asString().equals(delivery));
        ProblemAssertions.assertProblem(
                client.get()
                        .uri("/api/v1/github/deliveries/{id}", id)
                        .headers(TestIdentities.asOwner(TENANT_B))
                        .exchange(),
                404,
                "not_found");
        ProblemAssertions.assertProblem(
                client.post()
                        .uri("/api/v1/github/deliveries/{id}/redeliver", id)
                        .headers(TestIdentities.asOwner(TENANT_B))
                        .exchange(),
                404,
                "not_found");
        ProblemAssertions.assertProblem(
                client.delete()
                        .uri("/api/v1/github/routing-rules/{id}", ruleId)
                        .headers(TestIdentities.asOwner(TENANT_B))
                        .exchange(),
                404,
                "not_found");
        // a tenant owner cannot bind installations at all (it could claim another organisation's)
        ProblemAssertions.assertProblem(
                client.post()
                        .uri("/api/v1/github/installations")
                        .headers(TestIdentities.asOwner(TENANT_B))
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of("installationId", 7999))
                        .exchange(),
                403,
                null);
        // and even the operator cannot move tenant A's installation to tenant B
        ProblemAssertions.assertProblem(bindInstallation(TENANT_B, INSTALLATION), 409, "installation_taken");
        assertThat(get(TENANT_B, "/api/v1/github/installations").path("items").toString())
                .doesNotContain(String.valueOf(INSTALLATION));

        // the owner may redeliver it: it fails again for the same reason, and stays visible only to tenant A
        client.post()
                .uri("/api/v1/github/deliveries/{id}/redeliver", id)
                .headers(TestIdentities.asOwner(TENANT_A))
                .exchange()
                .expectStatus()
                .isAccepted();
        awaitDelivery(TENANT_A, delivery, "failed");
    }

    @Test
    void badRoutingRulesAre400AndNothingIsStored() {
        int before = get(TENANT_A, "/api/v1/github/routing-rules").path("items").size();
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                Map.of("installationId", INSTALLATION, "event", "push", "trigger", "opened", "promptTemplate", "x"),
                Map.of("event", "issues", "trigger", "opened", "agentName", "triage", "promptTemplate", "x"),
                Map.of("installationId", INSTALLATION, "event", "issues", "trigger", "command", "promptTemplate", "x"),
                Map.of("installationId", INSTALLATION, "event", "issues", "trigger", "opened", "promptTemplate", "x"),
                Map.of(
                        "installationId",
                        INSTALLATION,
                        "repository",
                        "not a repo",
                        "event",
                        "issues",
                        "trigger",
                        "opened",
                        "agentName",
                        "triage",
                        "promptTemplate",
                        "x"))) {
            ProblemAssertions.assertProblem(
                    client.post()
                            .uri("/api/v1/github/routing-rules")
                            .headers(TestIdentities.asOwner(TENANT_A))
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(bad)
                            .exchange(),
                    400,
                    null);
        }
        ProblemAssertions.assertProblem(
                client.post()
                        .uri("/api/v1/github/routing-rules")
                        .headers(TestIdentities.asOwner(TENANT_A))
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(Map.of(
                                "installationId",
                                OTHER_TENANTS_INSTALLATION,
                                "event",
                                "issues",
                                "trigger",
                                "opened",
                                "agentName",
                                "triage",
                                "promptTemplate",
                                "x"))
                        .exchange(),
                404,
                "not_found");
        assertThat(get(TENANT_A, "/api/v1/github/routing-rules").path("items").size())
                .isEqualTo(before);
    }

    @Test
    void theOperatorStoresTheAppEncryptedAndItsSecretsApplyAtOnce() throws Exception {
        String rotated = "whsec-stored-in-the-database-42";
        Map<String, Object> app = Map.of(
                "appId", FakeGithub.APP_ID,
                "privateKey", GITHUB.privateKeyPem(),
                "webhookSecrets", List.of(SECRET, rotated));
        try {
            // a tenant owner is not the platform operator
            ProblemAssertions.assertProblem(
                    client.put()
                            .uri("/api/v1/github/app")
                            .headers(TestIdentities.asOwner(TENANT_A))
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(app)
                            .exchange(),
                    403,
                    "missing_scope");
            // a key that is not an RSA private key is refused and nothing is stored
            JsonNode bad = ProblemAssertions.assertProblem(
                    appRequest("PUT", Map.of("appId", 12, "privateKey", "not a pem", "webhookSecrets", List.of("s"))),
                    400,
                    "validation_failed");
            assertThat(bad.path("errors").toString()).contains("privateKey");
            ProblemAssertions.assertProblem(
                    appRequest("PUT", Map.of("appId", 12, "privateKey", GITHUB.privateKeyPem())),
                    400,
                    "validation_failed");
            assertThat(jdbc.sql("select count(*) from task.github_app")
                            .query(Integer.class)
                            .single())
                    .isZero();
            JsonNode before = appView();
            assertThat(before.path("source").asString()).isEqualTo("environment");
            assertThat(before.path("webhookSecretCount").asInt()).isEqualTo(2);

            JsonNode stored = JSON.readTree(appRequest("PUT", app)
                    .expectStatus()
                    .isOk()
                    .returnResult(String.class)
                    .getResponseBody());
            assertThat(stored.path("source").asString()).isEqualTo("database");
            assertThat(stored.path("appId").asLong()).isEqualTo(FakeGithub.APP_ID);
            assertThat(stored.path("privateKeyConfigured").asBoolean()).isTrue();
            assertThat(stored.path("webhookSecretCount").asInt()).isEqualTo(2);
            assertThat(stored.toString()).doesNotContain("PRIVATE KEY").doesNotContain(rotated);

            // at rest only ciphertext: neither the key nor a secret appears in the row
            String row = jdbc.sql("select private_key_enc || ' ' || webhook_secrets_enc from task.github_app")
                    .query(String.class)
                    .single();
            String keyBody = GITHUB.privateKeyPem().lines().skip(1).findFirst().orElseThrow();
            assertThat(row).doesNotContain(keyBody).doesNotContain(rotated).doesNotContain(SECRET);

            // the stored secrets replace the environment's at once
            webhook("star", UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8), rotated)
                    .expectStatus()
                    .isNoContent();
            ProblemAssertions.assertProblem(
                    webhook(
                            "star",
                            UUID.randomUUID().toString(),
                            "{}".getBytes(StandardCharsets.UTF_8),
                            "old-secret-being-rotated"),
                    401,
                    "unauthenticated");

            // and the App's key signs the calls to GitHub: a /bl1nk comment still gets exactly one reply
            int number = NUMBERS.incrementAndGet();
            String delivery = queueComment(number, "/bl1nk triage stored app", rotated);
            awaitDelivery(TENANT_A, delivery, "replied");
            assertThat(GITHUB.commentsOn("octo/repo", number)).hasSize(1);
        } finally {
            appRequest("DELETE", null).expectStatus().isNoContent();
        }
        assertThat(appView().path("source").asString()).isEqualTo("environment");
        appRequest("DELETE", null).expectStatus().isNotFound();
    }

    private RestTestClient.ResponseSpec appRequest(String method, Map<String, Object> body) {
        RestTestClient.RequestBodySpec request = client.method(org.springframework.http.HttpMethod.valueOf(method))
                .uri("/api/v1/github/app")
                .headers(TestIdentities.as(
                        TestIdentities.identity(TENANT_A, Set.of(Identity.OWNER), Set.of("platform:admin"))));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange();
    }

    private JsonNode appView() {
        return JSON.readTree(appRequest("GET", null)
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseBody());
    }

    /** What a killed process leaves: it stops at once, in the middle of its work, and never comes back. */
    static final class WorkerKilled extends Error {
        WorkerKilled() {
            super("worker killed right after GitHub stored the reply");
        }
    }

    @Test
    void aWorkerKilledAfterPostingButBeforeRecordingItLeavesExactlyOneComment() throws Exception {
        int number = NUMBERS.incrementAndGet();
        String delivery;
        // a second replica whose process dies right after GitHub has stored its reply
        GithubClient dying = new GithubClient(githubProperties, githubApp::current, Clock.systemUTC(), JSON) {
            @Override
            JsonNode createIssueComment(long installationId, String repository, long issue, String body) {
                super.createIssueComment(installationId, repository, issue, body);
                throw new WorkerKilled();
            }
        };
        GithubDeliveryProcessor doomedReplica =
                new GithubDeliveryProcessor(githubStore, dying, agentTasks, githubProperties, JSON, Clock.systemUTC());
        poller.stop(); // this replica's own loop stays out of the way until the other one has died
        try {
            delivery = queueComment(number, "/bl1nk triage survive a crash", SECRET);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        try {
                            doomedReplica.runOnce();
                            return false;
                        } catch (WorkerKilled killed) {
                            return true;
                        }
                    });
            assertThat(GITHUB.commentsOn("octo/repo", number)).hasSize(1);
            JsonNode orphaned = deliveries(TENANT_A).stream()
                    .filter(d -> d.path("deliveryId").asString().equals(delivery))
                    .findFirst()
                    .orElseThrow();
            assertThat(orphaned.path("status").asString()).isEqualTo("task_created");
            assertThat(orphaned.path("replyState").asString()).isEqualTo("posting");
            // the dead replica's lease runs out (two minutes in production; here the clock is moved on)
            jdbc.sql("update task.github_deliveries set next_attempt_at = now() where delivery_id = ?")
                    .param(delivery)
                    .update();
        } finally {
            poller.start();
        }

        JsonNode done = awaitDelivery(TENANT_A, delivery, "replied");
        List<FakeGithub.Posted> replies = GITHUB.commentsOn("octo/repo", number);
        assertThat(replies).hasSize(1);
        assertThat(done.path("replyGithubId").asLong())
                .isEqualTo(replies.getFirst().id());
    }

    @Test
    void aDeliveryProcessedWhileGithubIsUnreachableSaysSoWithTheCause() throws Exception {
        int deadPort;
        try (java.net.ServerSocket socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        GithubProperties p = githubProperties;
        GithubProperties unreachable = new GithubProperties(
                p.webhookSecrets(),
                p.appId(),
                p.privateKey(),
                java.net.URI.create("http://127.0.0.1:" + deadPort),
                p.maxPayloadBytes(),
                p.requestTimeout(),
                p.maxDiffBytes(),
                p.recentComments(),
                p.pollInterval(),
                p.maxReplyAttempts());
        GithubClient offline = new GithubClient(unreachable, githubApp::current, Clock.systemUTC(), JSON);
        GithubDeliveryProcessor cutOff = new GithubDeliveryProcessor(
                githubStore, offline, agentTasks, githubProperties, JSON, Clock.systemUTC());
        poller.stop(); // only the replica that cannot reach GitHub works on deliveries until it has failed once
        String reason;
        try {
            String delivery = queueComment(NUMBERS.incrementAndGet(), "/bl1nk triage while GitHub is away", SECRET);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        cutOff.runOnce();
                        return delivery(TENANT_A, delivery)
                                .path("reason")
                                .asString("")
                                .contains("could not be reached");
                    });
            reason = delivery(TENANT_A, delivery).path("reason").asString();
        } finally {
            poller.start();
        }

        assertThat(reason)
                .startsWith("GitHub (127.0.0.1:" + deadPort + ") could not be reached: could not connect")
                .doesNotContain("null");
    }

    // ---- who may set a rule off, and which agents a command may name

    @Test
    void aCommandFromSomeoneWithNoStakeInTheRepositoryRunsNothingAndTheDeliverySaysWhy() throws Exception {
        int number = NUMBERS.incrementAndGet();
        String asked = "outsider-" + UUID.randomUUID();
        Map<String, String> refused = new LinkedHashMap<>();
        for (String association : List.of("NONE", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR")) {
            String delivery = UUID.randomUUID().toString();
            JsonNode answer = webhook(
                            "issue_comment",
                            delivery,
                            commentPayload(INSTALLATION, "octo/repo", number, "/bl1nk triage " + asked, association),
                            SECRET)
                    .expectStatus()
                    .isOk()
                    .returnResult(JsonNode.class)
                    .getResponseBody();
            assertThat(answer.path("status").asString()).isEqualTo("ignored");
            refused.put(delivery, association);
        }

        // a member's command on the same issue runs; by the time it is answered the poller has long been past the
        // others
        String member = UUID.randomUUID().toString();
        webhook(
                        "issue_comment",
                        member,
                        commentPayload(INSTALLATION, "octo/repo", number, "/bl1nk triage a member asks", "MEMBER"),
                        SECRET)
                .expectStatus()
                .isAccepted();
        awaitDelivery(TENANT_A, member, "replied");

        String wildcardRule = installationWideCommandRule();
        for (Map.Entry<String, String> r : refused.entrySet()) {
            JsonNode delivery = delivery(TENANT_A, r.getKey());
            assertThat(delivery.path("status").asString()).isEqualTo("ignored");
            assertThat(delivery.path("reason").asString())
                    .contains("author_association " + r.getValue() + " of the commenter is not allowed")
                    .contains(wildcardRule)
                    .contains("OWNER, MEMBER, COLLABORATOR");
            assertThat(delivery.path("ruleId").asString()).isEqualTo(wildcardRule);
            assertThat(delivery.hasNonNull("taskId")).isFalse();
        }
        assertThat(tasksAsking(asked)).isZero();
        assertThat(GITHUB.commentsOn("octo/repo", number)).hasSize(1);
    }

    @Test
    void aRuleThatAllowsContributorsLetsAContributorRunButNotAStranger() throws Exception {
        JsonNode rule = postJson(
                TENANT_A,
                "/api/v1/github/routing-rules",
                Map.of(
                        "installationId", INSTALLATION,
                        "repository", "octo/community",
                        "event", "issue_comment",
                        "trigger", "command",
                        "agentName", "triage",
                        "allowedAssociations", List.of("contributor", "OWNER", "MEMBER", "COLLABORATOR"),
                        "promptTemplate", "{{request}}"));
        assertThat(strings(rule.path("allowedAssociations")))
                .containsExactly("OWNER", "MEMBER", "COLLABORATOR", "CONTRIBUTOR");
        assertThat(strings(rule.path("allowedAgents"))).isEmpty();
        JsonNode listed = listedRule(rule.path("id").asString());
        assertThat(strings(listed.path("allowedAssociations")))
                .containsExactly("OWNER", "MEMBER", "COLLABORATOR", "CONTRIBUTOR");
        assertThat(strings(listed.path("allowedAgents"))).isEmpty();

        int number = NUMBERS.incrementAndGet();
        String contributor = UUID.randomUUID().toString();
        webhook(
                        "issue_comment",
                        contributor,
                        commentPayload(
                                INSTALLATION,
                                "octo/community",
                                number,
                                "/bl1nk triage from a contributor",
                                "CONTRIBUTOR"),
                        SECRET)
                .expectStatus()
                .isAccepted();
        String stranger = UUID.randomUUID().toString();
        String asked = "stranger-" + UUID.randomUUID();
        webhook(
                        "issue_comment",
                        stranger,
                        commentPayload(INSTALLATION, "octo/community", number, "/bl1nk triage " + asked, "NONE"),
                        SECRET)
                .expectStatus()
                .isOk();

        JsonNode ran = awaitDelivery(TENANT_A, contributor, "replied");
        assertThat(get(TENANT_A, "/api/v1/tasks/" + ran.path("taskId").asString())
                        .path("input")
                        .asString(""))
                .contains("from a contributor");
        JsonNode refused = delivery(TENANT_A, stranger);
        assertThat(refused.path("status").asString()).isEqualTo("ignored");
        assertThat(refused.path("reason").asString())
                .contains("author_association NONE of the commenter")
                .contains("OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR");
        assertThat(tasksAsking(asked)).isZero();
        assertThat(GITHUB.commentsOn("octo/community", number)).hasSize(1);
    }

    @Test
    void anIssueOrPullRequestOpenedBySomeoneWithNoStakeInTheRepositoryRunsNothing() throws Exception {
        int issueNumber = NUMBERS.incrementAndGet();
        ObjectNode issue = OctokitExamples.example("issues", "opened");
        retarget(issue, INSTALLATION, "octo/issues", issueNumber);
        ((ObjectNode) issue.path("issue")).put("author_association", "NONE");
        String issueDelivery = UUID.randomUUID().toString();
        webhook("issues", issueDelivery, JSON.writeValueAsBytes(issue), SECRET)
                .expectStatus()
                .isOk();

        int prNumber = NUMBERS.incrementAndGet();
        ObjectNode pr = OctokitExamples.example("pull_request", "opened");
        retarget(pr, INSTALLATION, "octo/pulls", prNumber);
        ((ObjectNode) pr.path("pull_request")).put("author_association", "FIRST_TIMER");
        String prDelivery = UUID.randomUUID().toString();
        webhook("pull_request", prDelivery, JSON.writeValueAsBytes(pr), SECRET)
                .expectStatus()
                .isOk();

        JsonNode refusedIssue = delivery(TENANT_A, issueDelivery);
        assertThat(refusedIssue.path("status").asString()).isEqualTo("ignored");
        assertThat(refusedIssue.path("reason").asString())
                .contains("author_association NONE of the author of the issue");
        JsonNode refusedPr = delivery(TENANT_A, prDelivery);
        assertThat(refusedPr.path("status").asString()).isEqualTo("ignored");
        assertThat(refusedPr.path("reason").asString())
                .contains("author_association FIRST_TIMER of the author of the pull request");
        assertThat(refusedPr.hasNonNull("taskId")).isFalse();
    }

    @Test
    void namingAnAgentTheRuleDoesNotAllowRunsNothing() throws Exception {
        // a rule that names its agent lets a commenter name that agent only
        postJson(
                TENANT_A,
                "/api/v1/github/routing-rules",
                Map.of(
                        "installationId", INSTALLATION,
                        "repository", "octo/guarded",
                        "event", "issue_comment",
                        "trigger", "command",
                        "agentName", "triage",
                        "promptTemplate", "{{request}}"));
        // one that lists an agent by id lets a commenter name that agent
        JsonNode byId = postJson(
                TENANT_A,
                "/api/v1/github/routing-rules",
                Map.of(
                        "installationId", INSTALLATION,
                        "repository", "octo/helped",
                        "event", "issue_comment",
                        "trigger", "command",
                        "allowedAgents", List.of(helperAgentId),
                        "promptTemplate", "{{request}}"));
        assertThat(strings(byId.path("allowedAgents"))).containsExactly(helperAgentId);

        int number = NUMBERS.incrementAndGet();
        String asked = "not-allowed-" + UUID.randomUUID();
        String helperOnGuarded = UUID.randomUUID().toString();
        webhook(
                        "issue_comment",
                        helperOnGuarded,
                        commentPayload(INSTALLATION, "octo/guarded", number, "/bl1nk helper " + asked, "OWNER"),
                        SECRET)
                .expectStatus()
                .isOk();
        String triageOnHelped = UUID.randomUUID().toString();
        webhook(
                        "issue_comment",
                        triageOnHelped,
                        commentPayload(INSTALLATION, "octo/helped", number, "/bl1nk triage " + asked, "OWNER"),
                        SECRET)
                .expectStatus()
                .isOk();
        // the same agents do run where a rule allows them
        String helperOnHelped = queueComment("octo/helped", number, "/bl1nk helper by id");
        String triageOnGuarded = queueComment("octo/guarded", number, "/bl1nk triage by name");
        awaitDelivery(TENANT_A, helperOnHelped, "replied");
        awaitDelivery(TENANT_A, triageOnGuarded, "replied");

        JsonNode guarded = delivery(TENANT_A, helperOnGuarded);
        assertThat(guarded.path("status").asString()).isEqualTo("ignored");
        assertThat(guarded.path("agentName").asString()).isEqualTo("helper");
        assertThat(guarded.path("reason").asString()).contains("agent 'helper'").contains("allows triage");
        JsonNode helped = delivery(TENANT_A, triageOnHelped);
        assertThat(helped.path("status").asString()).isEqualTo("ignored");
        assertThat(helped.path("reason").asString()).contains("agent 'triage'").contains(helperAgentId);
        assertThat(tasksAsking(asked)).isZero();
        assertThat(GITHUB.commentsOn("octo/guarded", number)).hasSize(1);
        assertThat(GITHUB.commentsOn("octo/helped", number)).hasSize(1);
    }

    @Test
    void badCommenterSettingsAre400NamingTheFieldAndNothingIsStored() {
        int before = rulesOfTenantA();
        Map<String, Object> command = Map.of(
                "installationId", INSTALLATION,
                "event", "issue_comment",
                "trigger", "command",
                "agentName", "triage",
                "promptTemplate", "{{request}}");
        Map<String, Object> opened = Map.of(
                "installationId", INSTALLATION,
                "event", "issues",
                "trigger", "opened",
                "agentName", "triage",
                "promptTemplate", "x");
        Map<String, Object> commandWithoutAgent = new LinkedHashMap<>(command);
        commandWithoutAgent.remove("agentName");
        List<Map.Entry<String, Map<String, Object>>> bad = List.of(
                Map.entry("allowedAssociations", with(command, "allowedAssociations", List.of("OWNER", "ADMIN"))),
                Map.entry("allowedAssociations", with(opened, "allowedAssociations", List.of())),
                Map.entry("allowedAgents", with(command, "allowedAgents", List.of("not an agent!"))),
                Map.entry("allowedAgents", with(opened, "allowedAgents", List.of("helper"))),
                Map.entry("allowedAgents", commandWithoutAgent));

        for (Map.Entry<String, Map<String, Object>> b : bad) {
            JsonNode problem = ProblemAssertions.assertProblem(
                    client.post()
                            .uri("/api/v1/github/routing-rules")
                            .headers(TestIdentities.asOwner(TENANT_A))
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(b.getValue())
                            .exchange(),
                    400,
                    "validation_failed");
            assertThat(problem.path("errors").get(0).path("field").asString())
                    .as(b.getValue().toString())
                    .isEqualTo(b.getKey());
        }
        assertThat(rulesOfTenantA()).isEqualTo(before);
    }

    @Test
    void aRuleStoredBeforeCommenterSettingsExistedOnlyRunsForTheRepositorysPeopleAndItsOwnAgent() {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        insert into task.github_routing_rules
                          (id, tenant_id, installation_id, repository, event, trigger, agent_name, prompt_template)
                        values (?, ?, ?, 'octo/legacy', 'issue_comment', 'command', 'triage', '{{request}}')""").params(id, TENANT_A, INSTALLATION).update();

        JsonNode listed = listedRule(id.toString());
        assertThat(strings(listed.path("allowedAssociations"))).containsExactly("OWNER", "MEMBER", "COLLABORATOR");
        assertThat(strings(listed.path("allowedAgents"))).isEmpty();
    }

    // ---- helpers

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    private static List<String> strings(JsonNode array) {
        assertThat(array.isArray()).as(array.toString()).isTrue();
        List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    /** Tasks of tenant A whose input carries this text (every rule's prompt carries the command's request). */
    private int tasksAsking(String text) {
        return jdbc.sql("select count(*) from task.tasks where tenant_id = ? and strpos(input, ?) > 0")
                .params(TENANT_A, text)
                .query(Integer.class)
                .single();
    }

    private int rulesOfTenantA() {
        return jdbc.sql("select count(*) from task.github_routing_rules where tenant_id = ?")
                .param(TENANT_A)
                .query(Integer.class)
                .single();
    }

    private JsonNode listedRule(String id) {
        JsonNode items = get(TENANT_A, "/api/v1/github/routing-rules?limit=200").path("items");
        for (JsonNode item : items) {
            if (item.path("id").asString().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("routing rule " + id + " not listed in " + items);
    }

    /** The id of tenant A's installation-wide command rule, the one configured once for all tests. */
    private String installationWideCommandRule() {
        for (JsonNode item :
                get(TENANT_A, "/api/v1/github/routing-rules?limit=200").path("items")) {
            if (item.path("trigger").asString().equals("command") && !item.hasNonNull("repository")) {
                return item.path("id").asString();
            }
        }
        throw new AssertionError("no installation-wide command rule");
    }

    private JsonNode delivery(UUID tenant, String deliveryId) {
        return deliveries(tenant).stream()
                .filter(d -> d.path("deliveryId").asString().equals(deliveryId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("delivery " + deliveryId + " not listed"));
    }

    /** Sends a signed {@code /bl1nk} comment from the repository's owner; 202 expected. */
    private String queueComment(String repository, int number, String comment) throws Exception {
        String delivery = UUID.randomUUID().toString();
        webhook("issue_comment", delivery, commentPayload(INSTALLATION, repository, number, comment), SECRET)
                .expectStatus()
                .isAccepted();
        return delivery;
    }

    private RestTestClient.ResponseSpec webhook(String event, String delivery, byte[] body, String secret) {
        return client.post()
                .uri("/api/v1/webhooks/github")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", WebhookSignatures.signatureHeader(body, secret))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange();
    }

    /** Sends a signed {@code /bl1nk} comment on octo/repo#number from the bound installation; 202 expected. */
    private String queueComment(int number, String comment, String secret) throws Exception {
        String delivery = UUID.randomUUID().toString();
        webhook("issue_comment", delivery, commentPayload(INSTALLATION, "octo/repo", number, comment), secret)
                .expectStatus()
                .isAccepted();
        return delivery;
    }

    private static byte[] commentPayload(long installation, String repository, int number, String comment)
            throws Exception {
        return commentPayload(installation, repository, number, comment, "OWNER");
    }

    /** A {@code issue_comment.created} payload whose comment's author has this {@code author_association}. */
    private static byte[] commentPayload(
            long installation, String repository, int number, String comment, String authorAssociation)
            throws Exception {
        ObjectNode payload = OctokitExamples.example("issue_comment", "created");
        retarget(payload, installation, repository, number);
        ObjectNode commentNode = (ObjectNode) payload.path("comment");
        commentNode.put("body", comment);
        commentNode.put("id", 900_000L + number);
        commentNode.put("author_association", authorAssociation);
        ((ObjectNode) commentNode.path("user")).put("type", "User");
        return JSON.writeValueAsBytes(payload);
    }

    private static void retarget(ObjectNode payload, long installation, String repository, int number) {
        payload.putObject("installation").put("id", installation);
        ((ObjectNode) payload.path("repository")).put("full_name", repository);
        for (String subject : List.of("issue", "pull_request")) {
            if (payload.path(subject).isObject()) {
                ((ObjectNode) payload.path(subject)).put("number", number);
            }
        }
    }

    /** Installations are bound by the platform operator (scope platform:admin) to a tenant. */
    private RestTestClient.ResponseSpec bindInstallation(UUID tenant, long installation) {
        return client.post()
                .uri("/api/v1/github/installations")
                .headers(TestIdentities.as(
                        TestIdentities.identity(tenant, Set.of(Identity.OWNER), Set.of("platform:admin"))))
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("installationId", installation, "accountLogin", "octo"))
                .exchange();
    }

    private JsonNode awaitDelivery(UUID tenant, String deliveryId, String status) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    JsonNode delivery = deliveries(tenant).stream()
                            .filter(d -> d.path("deliveryId").asString().equals(deliveryId))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("delivery " + deliveryId + " not listed"));
                    assertThat(delivery.path("status").asString())
                            .as(delivery.toString())
                            .isEqualTo(status);
                    found[0] = delivery;
                });
        return found[0];
    }

    private List<JsonNode> deliveries(UUID tenant) {
        JsonNode page = get(tenant, "/api/v1/github/deliveries?limit=200");
        return JSON.convertValue(
                page.path("items"), JSON.getTypeFactory().constructCollectionType(List.class, JsonNode.class));
    }

    private JsonNode get(UUID tenant, String uri) {
        return client.get()
                .uri(uri)
                .headers(TestIdentities.asOwner(tenant))
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(JsonNode.class)
                .getResponseBody();
    }

    private JsonNode postJson(UUID tenant, String uri, Map<String, Object> body) {
        return client.post()
                .uri(uri)
                .headers(TestIdentities.asOwner(tenant))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus()
                .isCreated()
                .returnResult(JsonNode.class)
                .getResponseBody();
    }

    private void post(UUID tenant, String uri, Map<String, Object> body) {
        client.post()
                .uri(uri)
                .headers(TestIdentities.asOwner(tenant))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus()
                .is2xxSuccessful();
    }
}
