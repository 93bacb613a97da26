package com.bl1nk.rag.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.stream.StreamFields;
import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.contracts.ingest.DocumentIngestRequested;
import com.bl1nk.rag.error.RagErrorCode;
import com.bl1nk.rag.support.Api;
import com.bl1nk.rag.support.RagIntegrationTest;
import com.bl1nk.rag.support.Tenants;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The tenant quotas of the shared context ({@value #QUOTA_STORED_BYTES} stored bytes, {@value #QUOTA_KNOWLEDGE_BASES}
 * knowledge bases per tenant, {@value #QUOTA_DOCUMENTS} documents per knowledge base): filling up to a limit works,
 * one more is refused with a problem naming the limit and the usage and leaves no row and no ingest message, other
 * tenants are unaffected, deleting frees room, and dedupe and replacement keep working at the limit.
 */
class QuotaIT extends RagIntegrationTest {

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    StreamKeys keys;

    @Autowired
    DataSource dataSource;

    @Test
    void uploadsFillTheStoredBytesQuotaAndOneMoreIsRefusedWithNothingWrittenOrQueued() {
        Tenants.Tenant tenant = Tenants.newTenant();
        UUID kb = createProviderKnowledgeBase(tenant, "archive");
        UUID one = uploadText(tenant, kb, "one.txt", "text/plain", sized("one", 150_000));
        UUID two = uploadText(tenant, kb, "two.txt", "text/plain", sized("two", 150_000));
        UUID three = uploadText(tenant, kb, "three.txt", "text/plain", sized("three", 100_000));
        assertThat(storedBytes(tenant)).isEqualTo(QUOTA_STORED_BYTES);
        long queued = ingestMessages(tenant);
        assertThat(queued).isEqualTo(3);

        assertQuotaProblem(
                postText(tenant, kb, "four.txt", "One more line."),
                413,
                RagErrorCode.STORAGE_QUOTA_EXCEEDED.code(),
                QUOTA_STORED_BYTES,
                QUOTA_STORED_BYTES);
        assertQuotaProblem(
                api.upload(
                        tenant.token(),
                        documentsPath(kb),
                        "four.md",
                        "text/markdown",
                        "# Four\n\nOne more file.".getBytes(StandardCharsets.UTF_8)),
                413,
                RagErrorCode.STORAGE_QUOTA_EXCEEDED.code(),
                QUOTA_STORED_BYTES,
                QUOTA_STORED_BYTES);
        assertThat(count("select count(*) from rag.documents where tenant_id = ?", tenant))
                .isEqualTo(3);
        assertThat(count("select count(*) from rag.document_contents where tenant_id = ?", tenant))
                .isEqualTo(3);
        assertThat(storedBytes(tenant)).isEqualTo(QUOTA_STORED_BYTES);
        assertThat(ingestMessages(tenant)).isEqualTo(queued);

        // A new version replaces the old one's size: one byte more than the old version is too much, less fits.
        Api.Response tooBig = postText(tenant, kb, "three.txt", sized("three v2", 100_001));
        assertQuotaProblem(
                tooBig, 413, RagErrorCode.STORAGE_QUOTA_EXCEEDED.code(), QUOTA_STORED_BYTES, QUOTA_STORED_BYTES);
        assertThat(tooBig.json().get("size").asLong()).isEqualTo(100_001);
        Api.Response replaced = postText(tenant, kb, "three.txt", sized("three v2", 90_000));
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(202);
        assertThat(replaced.json().get("id").asString()).isEqualTo(three.toString());
        assertThat(replaced.json().get("version").asInt()).isEqualTo(2);
        UUID four = uploadText(tenant, kb, "four.txt", "text/plain", sized("four", 10_000));
        assertThat(storedBytes(tenant)).isEqualTo(QUOTA_STORED_BYTES);

        // Identical content at the limit is still answered as a dedupe, under its name and under another one.
        for (String name : List.of("one.txt", "copy-of-one.txt")) {
            Api.Response again = postText(tenant, kb, name, sized("one", 150_000));
            assertThat(again.status()).as(again.body()).isEqualTo(200);
            assertThat(again.json().get("deduplicated").asBoolean()).isTrue();
            assertThat(again.json().get("id").asString()).isEqualTo(one.toString());
        }
        assertThat(count("select count(*) from rag.documents where tenant_id = ?", tenant))
                .isEqualTo(4);

        // Another tenant has its own quota.
        Tenants.Tenant other = Tenants.newTenant();
        UUID otherKb = createProviderKnowledgeBase(other, "archive");
        UUID otherDoc = uploadText(other, otherKb, "one.txt", "text/plain", sized("other", 150_000));

        // Deleting a document frees its bytes.
        awaitReady(tenant, kb, one);
        assertThat(api.delete(tenant.token(), documentsPath(kb) + "/" + one).status())
                .isEqualTo(204);
        UUID five = uploadText(tenant, kb, "five.txt", "text/plain", sized("five", 150_000));
        assertThat(storedBytes(tenant)).isEqualTo(QUOTA_STORED_BYTES);

        for (UUID doc : List.of(two, three, four, five)) {
            awaitReady(tenant, kb, doc);
        }
        awaitReady(other, otherKb, otherDoc);
    }

    @Test
    void theDocumentQuotaOfAKnowledgeBaseStillAllowsReplacementsAndDedupe() {
        Tenants.Tenant tenant = Tenants.newTenant();
        UUID kb = createKnowledgeBase(tenant, "notes");
        List<UUID> docs = new ArrayList<>();
        for (int i = 0; i < QUOTA_DOCUMENTS; i++) {
            docs.add(uploadText(tenant, kb, "note-" + i + ".txt", "text/plain", "Note " + i + " about quotas."));
        }
        long queued = ingestMessages(tenant);

        assertQuotaProblem(
                postText(tenant, kb, "one-too-many.txt", "This note does not fit."),
                409,
                RagErrorCode.DOCUMENT_QUOTA_EXCEEDED.code(),
                QUOTA_DOCUMENTS,
                QUOTA_DOCUMENTS);
        assertThat(count("select count(*) from rag.documents where tenant_id = ?", tenant))
                .isEqualTo(QUOTA_DOCUMENTS);
        assertThat(ingestMessages(tenant)).isEqualTo(queued);

        Api.Response replaced = postText(tenant, kb, "note-0.txt", "Note 0, second edition.");
        assertThat(replaced.status()).as(replaced.body()).isEqualTo(202);
        assertThat(replaced.json().get("version").asInt()).isEqualTo(2);
        Api.Response same = postText(tenant, kb, "note-1.txt", "Note 1 about quotas.");
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertThat(same.json().get("deduplicated").asBoolean()).isTrue();

        // The limit is per knowledge base.
        UUID otherKb = createKnowledgeBase(tenant, "more-notes");
        UUID elsewhere = uploadText(tenant, otherKb, "one-too-many.txt", "text/plain", "This note fits here.");

        awaitReady(tenant, kb, docs.get(2));
        assertThat(api.delete(tenant.token(), documentsPath(kb) + "/" + docs.get(2))
                        .status())
                .isEqualTo(204);
        docs.remove(2);
        docs.add(uploadText(tenant, kb, "one-too-many.txt", "text/plain", "This note fits now."));

        docs.forEach(d -> awaitReady(tenant, kb, d));
        awaitReady(tenant, otherKb, elsewhere);
    }

    @Test
    void theKnowledgeBaseQuotaRefusesOneMoreUntilOneIsDeleted() {
        Tenants.Tenant tenant = Tenants.newTenant();
        List<UUID> kbs = new ArrayList<>();
        for (int i = 0; i < QUOTA_KNOWLEDGE_BASES; i++) {
            kbs.add(createKnowledgeBase(tenant, "kb-" + i));
        }
        assertQuotaProblem(
                api.post(tenant.token(), "/api/v1/knowledge-bases", Map.of("name", "kb-more")),
                409,
                RagErrorCode.KNOWLEDGE_BASE_QUOTA_EXCEEDED.code(),
                QUOTA_KNOWLEDGE_BASES,
                QUOTA_KNOWLEDGE_BASES);
        assertThat(count("select count(*) from rag.knowledge_bases where tenant_id = ?", tenant))
                .isEqualTo(QUOTA_KNOWLEDGE_BASES);

        createKnowledgeBase(Tenants.newTenant(), "kb-more");

        assertThat(api.delete(tenant.token(), "/api/v1/knowledge-bases/" + kbs.getFirst())
                        .status())
                .isEqualTo(204);
        createKnowledgeBase(tenant, "kb-more");
    }

    @Test
    void anUploadWaitsForTheTenantLockAndThenCountsWhatWasStoredMeanwhile() throws Exception {
        Tenants.Tenant tenant = Tenants.newTenant();
        UUID kb = createKnowledgeBase(tenant, "race");
        CompletableFuture<Api.Response> upload;
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "select pg_advisory_xact_lock(" + TenantQuotas.LOCK_KEY_SQL.replace(":tenant", "?") + ")")) {
                lock.setObject(1, tenant.id());
                lock.execute();
            }
            upload = CompletableFuture.supplyAsync(() -> postText(tenant, kb, "late.txt", "A late upload."));
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> waitingForQuotaLock(tenant));
            // What a concurrent upload of the same tenant would have stored while this one waited.
            jdbc.update(
                    "insert into rag.documents (id, tenant_id, knowledge_base_id, name, content_type, size_bytes,"
                            + " content_hash, status) values (?, ?, ?, 'filler.txt', 'text/plain', ?, ?, 'ready')",
                    UUID.randomUUID(),
                    tenant.id(),
                    kb,
                    QUOTA_STORED_BYTES - 5,
                    "0".repeat(64));
            holder.rollback();
        }
        assertQuotaProblem(
                upload.get(30, TimeUnit.SECONDS),
                413,
                RagErrorCode.STORAGE_QUOTA_EXCEEDED.code(),
                QUOTA_STORED_BYTES,
                QUOTA_STORED_BYTES - 5);
        assertThat(count("select count(*) from rag.documents where tenant_id = ?", tenant))
                .isEqualTo(1);
        assertThat(ingestMessages(tenant)).isZero();
    }

    private UUID createProviderKnowledgeBase(Tenants.Tenant tenant, String name) {
        Api.Response r = api.post(
                tenant.token(),
                "/api/v1/knowledge-bases",
                Map.of(
                        "name", name,
                        "embedding", Map.of("provider", "mock", "model", "mock-embedding", "dimension", 384),
                        "chunking", Map.of("maxTokens", 2048, "overlapTokens", 0)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return UUID.fromString(r.json().get("id").asString());
    }

    private Api.Response postText(Tenants.Tenant tenant, UUID kb, String name, String text) {
        return api.post(
                tenant.token(),
                documentsPath(kb) + "/text",
                Map.of("name", name, "contentType", "text/plain", "text", text));
    }

    private static String documentsPath(UUID kb) {
        return "/api/v1/knowledge-bases/" + kb + "/documents";
    }

    /** ASCII text of exactly {@code bytes} bytes that starts with {@code tag} (so different tags hash apart). */
    private static String sized(String tag, int bytes) {
        StringBuilder text = new StringBuilder(bytes + 64).append(tag).append(". ");
        while (text.length() < bytes) {
            text.append("Stored words count against the tenant quota. ");
        }
        text.setLength(bytes);
        return text.toString();
    }

    private static void assertQuotaProblem(Api.Response r, int status, String code, long limit, long used) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo(code);
        assertThat(r.json().get("limit").asLong()).isEqualTo(limit);
        assertThat(r.json().get("used").asLong()).isEqualTo(used);
        assertThat(r.json().get("detail").asString()).contains(Long.toString(limit));
    }

    private long storedBytes(Tenants.Tenant tenant) {
        return count("select coalesce(sum(size_bytes), 0) from rag.documents where tenant_id = ?", tenant);
    }

    private long count(String sql, Tenants.Tenant tenant) {
        return jdbc.queryForObject(sql, Long.class, tenant.id());
    }

    /** Messages on {@code bl1nk:ingest} for the tenant (consumers acknowledge, they never delete). */
    private long ingestMessages(Tenants.Tenant tenant) {
        return redis.opsForStream().range(keys.key(DocumentIngestRequested.STREAM), Range.unbounded()).stream()
                .filter(m -> tenant.id().toString().equals(m.getValue().get(StreamFields.TENANT_ID)))
                .count();
    }

    /** Whether some session waits for the tenant's quota lock (a one-{@code bigint} advisory lock). */
    private boolean waitingForQuotaLock(Tenants.Tenant tenant) {
        Long waiting = jdbc.queryForObject(
                "select count(*) from pg_locks where locktype = 'advisory' and not granted and objsubid = 1"
                        + " and database = (select oid from pg_database where datname = current_database())"
                        + " and objid::text::bigint = ("
                        + TenantQuotas.LOCK_KEY_SQL.replace(":tenant", "?")
                        + "::bigint & 4294967295)",
                Long.class,
                tenant.id());
        return waiting != null && waiting > 0;
    }
}
