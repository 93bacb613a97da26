package com.bl1nk.rag.knowledgebase;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.rag.support.Api;
import com.bl1nk.rag.support.RagIntegrationTest;
import com.bl1nk.rag.support.Tenants;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KnowledgeBaseIT extends RagIntegrationTest {

    @Test
    void listsPagesWithCursorsAndDeletesWithEverythingInside() {
        Tenants.Tenant tenant = Tenants.newTenant();
        Set<UUID> created = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            created.add(createKnowledgeBase(tenant, "kb-" + i));
        }
        Api.Response first = api.get(tenant.token(), "/api/v1/knowledge-bases?limit=2");
        assertThat(first.json().get("items")).hasSize(2);
        String cursor = first.json().get("nextCursor").asString();
        Api.Response second = api.get(tenant.token(), "/api/v1/knowledge-bases?limit=2&cursor=" + cursor);
        assertThat(second.json().get("items")).hasSize(1);
        assertThat(second.json().get("nextCursor").isNull()).isTrue();
        Set<UUID> listed = new HashSet<>();
        first.json()
                .get("items")
                .forEach(kb -> listed.add(UUID.fromString(kb.get("id").asString())));
        second.json()
                .get("items")
                .forEach(kb -> listed.add(UUID.fromString(kb.get("id").asString())));
        assertThat(listed).isEqualTo(created);

        UUID kb = created.iterator().next();
        UUID doc = uploadText(tenant, kb, "a.txt", "text/plain", "Some text to delete with its knowledge base.");
        awaitReady(tenant, kb, doc);
        Api.Response got = api.get(tenant.token(), "/api/v1/knowledge-bases/" + kb);
        assertThat(got.json().get("embedding").get("dimension").asInt()).isEqualTo(384);
        assertThat(got.json().get("chunking").get("maxTokens").asInt()).isEqualTo(200);

        assertThat(api.delete(tenant.token(), "/api/v1/knowledge-bases/" + kb).status())
                .isEqualTo(204);
        assertThat(api.get(tenant.token(), "/api/v1/knowledge-bases/" + kb).status())
                .isEqualTo(404);
        assertThat(jdbc.queryForObject(
                        "select count(*) from rag.chunks where knowledge_base_id = ?", Integer.class, kb))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from rag.documents where knowledge_base_id = ?", Integer.class, kb))
                .isZero();
    }

    @Test
    void idempotencyKeyReplaysTheFirstResponseAndRefusesADifferentBody() {
        Tenants.Tenant tenant = Tenants.newTenant();
        String key = UUID.randomUUID().toString();
        Api.Response first = api.postIdempotent(tenant.token(), "/api/v1/knowledge-bases", Map.of("name", "once"), key);
        Api.Response again = api.postIdempotent(tenant.token(), "/api/v1/knowledge-bases", Map.of("name", "once"), key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());

        Api.Response different =
                api.postIdempotent(tenant.token(), "/api/v1/knowledge-bases", Map.of("name", "other"), key);
        assertThat(different.status()).isEqualTo(422);
        assertThat(different.contentType()).startsWith("application/problem+json");
        assertThat(jdbc.queryForObject(
                        "select count(*) from rag.knowledge_bases where tenant_id = ?", Integer.class, tenant.id()))
                .isEqualTo(1);

        UUID kb = UUID.fromString(first.json().get("id").asString());
        String docKey = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("name", "n.txt", "text", "idempotent upload");
        Api.Response d1 =
                api.postIdempotent(tenant.token(), "/api/v1/knowledge-bases/" + kb + "/documents/text", body, docKey);
        Api.Response d2 =
                api.postIdempotent(tenant.token(), "/api/v1/knowledge-bases/" + kb + "/documents/text", body, docKey);
        assertThat(d1.status()).isEqualTo(202);
        assertThat(d2.status()).isEqualTo(202);
        assertThat(d2.json().get("id").asString()).isEqualTo(d1.json().get("id").asString());
        assertThat(d2.json().get("version").asInt()).isEqualTo(1);
    }
}
