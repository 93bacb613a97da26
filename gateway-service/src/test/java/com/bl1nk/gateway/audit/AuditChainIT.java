package com.bl1nk.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.identity.SignedStatements;
import com.bl1nk.common.identity.WorkloadKey;
import com.bl1nk.common.json.CanonicalJson;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.GatewayApplication;
import com.bl1nk.gateway.apikey.CreatedApiKey;
import com.bl1nk.gateway.audit.AuditRepository.StoredLink;
import com.bl1nk.gateway.support.GatewayIntegrationTest;
import com.bl1nk.testsupport.TestDatabase;
import com.bl1nk.testsupport.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log is tamper-evident: every tenant's events form a hash chain whose head the gateway signs, and verifying
 * names the first edited, deleted, reordered or truncated event, also when the tamperer rehashes what they changed.
 * Tampering is done as the database owner, which no service connects as.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuditChainIT extends GatewayIntegrationTest {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    @Autowired
    AuditRepository repository;

    @Autowired
    AuditCheckpoints checkpoints;

    @Autowired
    AuditVerifier verifier;

    @Autowired
    JsonMapper json;

    @Test
    void aTenantsAuditedActionsVerifyIntactThroughTheEndpointAndOnlyForItsManagers() {
        TestTenant a = newTenant("chain-a");
        TestTenant b = newTenant("chain-b");
        CreatedApiKey viewer = createKey(a.ownerKey(), null, "viewer", List.of("viewer"), List.of());
        createKey(a.ownerKey(), null, "developer", List.of("developer"), List.of());
        await().atMost(Duration.ofSeconds(15)).until(() -> chained(a.id()) >= 2 && chained(b.id()) >= 1);
        checkpoints.signChangedChains();

        client().get()
                .uri("/api/v1/audit-events/verification")
                .header(HttpHeaders.AUTHORIZATION, bearer(a.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenantId")
                .isEqualTo(a.id().toString())
                .jsonPath("$.intact")
                .isEqualTo(true)
                .jsonPath("$.chainedEvents")
                .isEqualTo((int) chained(a.id()))
                .jsonPath("$.checkpoints")
                .isEqualTo(1)
                .jsonPath("$.firstBrokenLink")
                .doesNotExist();
        client().get()
                .uri("/api/v1/audit-events/verification")
                .header(HttpHeaders.AUTHORIZATION, bearer(b.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenantId")
                .isEqualTo(b.id().toString())
                .jsonPath("$.chainedEvents")
                .isEqualTo((int) chained(b.id()));
        for (String path : List.of("/api/v1/audit-events/verification", "/api/v1/audit-events/export")) {
            client().get()
                    .uri(path)
                    .header(HttpHeaders.AUTHORIZATION, bearer(viewer.key()))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            client().get().uri(path).exchange().expectStatus().isUnauthorized();
        }
    }

    @Test
    void theRecordedTimeIsTheWritersNotTheProducers() {
        UUID tenant = UUID.randomUUID();
        Instant claimed = Instant.parse("2001-01-01T00:00:00Z");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        append(
                tenant,
                new AuditRecorded(tenant, "service:test", "thing.done", "thing", "1", "success", Map.of(), claimed));

        StoredLink stored = repository.chainPage(tenant, 0, 10).getFirst();
        assertThat(stored.link().occurredAt()).isEqualTo(claimed.toString());
        assertThat(Instant.parse(stored.link().recordedAt())).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(stored.prevHash()).isEqualTo(ChainLink.GENESIS);
    }

    @Test
    void anEditedEventIsNamed() {
        UUID tenant = chainOf(5);
        owner().sql("update identity.audit_events set details = '{\"amount\": 1}' where tenant_id = :t and seq = 3")
                .param("t", tenant)
                .update();

        assertBroken(tenant, 3, "event_edited", 2);
    }

    @Test
    void aDeletedEventIsNamed() {
        UUID tenant = chainOf(5);
        owner().sql("delete from identity.audit_events where tenant_id = :t and seq = 2")
                .param("t", tenant)
                .update();

        assertBroken(tenant, 2, "event_missing", 1);
    }

    @Test
    void reorderedEventsAreNamed() {
        UUID tenant = chainOf(5);
        JdbcClient owner = owner();
        owner.sql("update identity.audit_events set seq = -2 where tenant_id = :t and seq = 2")
                .param("t", tenant)
                .update();
        owner.sql("update identity.audit_events set seq = 2 where tenant_id = :t and seq = 4")
                .param("t", tenant)
                .update();
        owner.sql("update identity.audit_events set seq = 4 where tenant_id = :t and seq = -2")
                .param("t", tenant)
                .update();

        assertBroken(tenant, 2, "link_broken", 1);
    }

    @Test
    void aTruncatedHistoryIsNamedEvenWhenTheHeadIsRewound() {
        UUID tenant = chainOf(5);
        JdbcClient owner = owner();
        owner.sql("delete from identity.audit_events where tenant_id = :t and seq > 3")
                .param("t", tenant)
                .update();
        String third = owner.sql("select hash from identity.audit_events where tenant_id = :t and seq = 3")
                .param("t", tenant)
                .query(String.class)
                .single();
        owner.sql("update identity.audit_chain_heads set last_seq = 3, last_hash = :h where tenant_id = :t")
                .param("h", third)
                .param("t", tenant)
                .update();

        AuditVerification result = assertBroken(tenant, 4, "truncated", 3);
        assertThat(result.firstBrokenLink().detail())
                .contains("ends at event #3")
                .contains("up to #5");
    }

    @Test
    void anEditWhoseHashesWereRecomputedContradictsTheSignedCheckpoint() {
        UUID tenant = chainOf(5);
        // the tamperer knows the hash rule and rewrites event 2 and every hash after it
        List<StoredLink> links = repository.chainPage(tenant, 0, 10);
        JdbcClient owner = owner();
        String prev = links.get(0).hash();
        for (StoredLink row : links.subList(1, links.size())) {
            ChainLink link = row.link();
            if (link.seq() == 2) {
                link = new ChainLink(
                        link.seq(),
                        link.eventId(),
                        link.tenantId(),
                        link.actor(),
                        "nothing.happened",
                        link.resourceType(),
                        link.resourceId(),
                        link.outcome(),
                        link.details(),
                        link.traceId(),
                        link.occurredAt(),
                        link.recordedAt());
            }
            String hash = link.hash(json, prev);
            owner.sql("update identity.audit_events set action = :action, prev_hash = :prev, hash = :hash"
                            + " where tenant_id = :t and seq = :seq")
                    .param("action", link.action())
                    .param("prev", prev)
                    .param("hash", hash)
                    .param("t", tenant)
                    .param("seq", link.seq())
                    .update();
            prev = hash;
        }

        AuditVerification result = assertBroken(tenant, 5, "checkpoint_mismatch", 4);
        assertThat(result.firstBrokenLink().detail()).contains("not what the gateway signed");
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsRefused() {
        UUID tenant = chainOf(3);
        String hash = repository.head(tenant).orElseThrow().lastHash();
        String forged = SignedStatements.sign(
                WorkloadKey.generate("gateway"),
                AuditCheckpoints.TYPE,
                Map.of("tid", tenant.toString(), "seq", 3L, "hash", hash, "iat", 1L));
        owner().sql("update identity.audit_checkpoints set statement = :s where tenant_id = :t")
                .param("s", forged)
                .param("t", tenant)
                .update();

        AuditVerification result = assertBroken(tenant, 3, "checkpoint_invalid", 2);
        assertThat(result.firstBrokenLink().detail()).contains("not a known key of gateway");
    }

    @Test
    void theGatewaysRoleCanNeitherRewriteNorRemoveAuditRowsOrCheckpoints() {
        UUID tenant = chainOf(2);
        for (String sql : List.of(
                "update identity.audit_events set action = 'x' where tenant_id = :t",
                "delete from identity.audit_events where tenant_id = :t",
                "update identity.audit_checkpoints set hash = repeat('0', 64) where tenant_id = :t",
                "delete from identity.audit_checkpoints where tenant_id = :t")) {
            assertThatThrownBy(() -> jdbc.sql(sql).param("t", tenant).update())
                    .hasStackTraceContaining("permission denied");
        }
        assertThat(verifier.verify(tenant).intact()).isTrue();
    }

    @Test
    void theExportCarriesEverythingNeededToRecomputeTheChainElsewhere() {
        TestTenant tenant = newTenant("chain-export");
        createKey(tenant.ownerKey(), null, "one", List.of("viewer"), List.of());
        createKey(tenant.ownerKey(), null, "two", List.of("viewer"), List.of());
        await().atMost(Duration.ofSeconds(15)).until(() -> chained(tenant.id()) >= 3);
        checkpoints.signChangedChains();

        String body = client().get()
                .uri("/api/v1/audit-events/export")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : body.strip().split("\n")) {
            lines.add(json.readValue(line, MAP));
        }
        assertThat(lines.getFirst())
                .containsEntry("type", "chain")
                .containsEntry("tenantId", tenant.id().toString());
        assertThat((List<?>) lines.getFirst().get("publicKeys")).isNotEmpty();
        // recompute every link from the export alone
        String prev = ChainLink.GENESIS;
        int events = 0;
        Map<Long, String> hashAt = new HashMap<>();
        for (Map<String, Object> line : lines) {
            if ("event".equals(line.get("type"))) {
                assertThat(line.get("prevHash")).isEqualTo(prev);
                String hash = CanonicalJson.sha256Hex(prev + "\n" + CanonicalJson.of(json, line.get("link")));
                assertThat(line.get("hash")).isEqualTo(hash);
                prev = hash;
                events++;
                hashAt.put(((Number) ((Map<?, ?>) line.get("link")).get("seq")).longValue(), hash);
            }
        }
        assertThat(events).isEqualTo((int) chained(tenant.id()));
        Map<String, Object> checkpoint = lines.getLast();
        assertThat(checkpoint).containsEntry("type", "checkpoint");
        Map<String, Object> claims = checkpoints.verify((String) checkpoint.get("statement"));
        assertThat(claims.get("hash")).isEqualTo(hashAt.get(((Number) claims.get("seq")).longValue()));
    }

    @Test
    void theVerifyCommandPrintsEachTenantAndExitsNonZeroWhenOneIsBroken(CapturedOutput output) {
        UUID intact = chainOf(2);
        UUID broken = chainOf(3);
        owner().sql("delete from identity.audit_events where tenant_id = :t and seq = 2")
                .param("t", broken)
                .update();

        assertThat(runCommand(intact.toString())).isZero();
        assertThat(output.getOut()).contains("intact  tenant " + intact + ": 2 events, 1 signed checkpoints");
        assertThat(runCommand(broken.toString())).isEqualTo(1);
        assertThat(output.getOut()).contains("BROKEN  tenant " + broken + " at event #2: event_missing");
        assertThat(runCommand("no-such-tenant")).isEqualTo(2);
    }

    private int runCommand(String tenant) {
        List<String> args = new ArrayList<>(List.of(AuditVerifyCommand.NAME, tenant));
        TestInfrastructure.properties().forEach((key, value) -> {
            if (value != null && !key.equals("spring.datasource.username")) {
                args.add("--" + key + "=" + value);
            }
        });
        args.add("--spring.datasource.username=bl1nk_gateway");
        args.add("--bl1nk.identity.service=gateway");
        args.add("--bl1nk.gateway.routes.task=" + TASK.url());
        args.add("--bl1nk.gateway.routes.rag=" + RAG.url());
        args.add("--bl1nk.gateway.routes.mcp=" + MCP.url());
        args.add("--bl1nk.gateway.routes.billing=" + BILLING.url());
        return AuditVerifyCommand.run(GatewayApplication.class, args.toArray(String[]::new));
    }

    private AuditVerification assertBroken(UUID tenant, long seq, String problem, long intactThrough) {
        AuditVerification result = verifier.verify(tenant);
        assertThat(result.intact()).isFalse();
        assertThat(result.firstBrokenLink().seq()).isEqualTo(seq);
        assertThat(result.firstBrokenLink().problem()).isEqualTo(problem);
        assertThat(result.verifiedThroughSeq()).isEqualTo(intactThrough);
        return result;
    }

    /** A new tenant id with {@code n} chained events and a checkpoint over all of them. */
    private UUID chainOf(int n) {
        UUID tenant = UUID.randomUUID();
        for (int i = 1; i <= n; i++) {
            append(
                    tenant,
                    new AuditRecorded(
                            tenant,
                            "service:test",
                            "thing.done",
                            "thing",
                            "r" + i,
                            "success",
                            Map.of("n", i, "nested", Map.of("z", 1, "a", List.of(1.5, "x"))),
                            Instant.now()));
        }
        checkpoints.signChangedChains();
        assertThat(verifier.verify(tenant).intact()).isTrue();
        return tenant;
    }

    private void append(UUID tenant, AuditRecorded event) {
        assertThat(repository.insertOnce(UUID.randomUUID(), event, null, Instant.now()))
                .isTrue();
    }

    private long chained(UUID tenant) {
        return jdbc.sql("select count(*) from identity.audit_events where tenant_id = :t and seq is not null")
                .param("t", tenant)
                .query(Long.class)
                .single();
    }

    /** A connection as the database owner: what someone who bypasses every service could do. */
    private static JdbcClient owner() {
        return JdbcClient.create(TestDatabase.get().dataSource());
    }
}
