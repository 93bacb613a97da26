package com.bl1nk.rag;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.rag.support.Api;
import com.bl1nk.rag.support.RagIntegrationTest;
import com.bl1nk.rag.support.Tenants;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Readers read; only owners, admins and developers change knowledge bases or spend on embeddings. */
class RoleIT extends RagIntegrationTest {

    private long documentsOf(UUID tenant) {
        return jdbc.queryForObject("select count(*) from rag.documents where tenant_id = ?", Long.class, tenant);
    }

    private long knowledgeBasesOf(UUID tenant) {
        return jdbc.queryForObject("select count(*) from rag.knowledge_bases where tenant_id = ?", Long.class, tenant);
    }

    @Test
    void viewerIsRefusedEveryChangeAndNothingIsWritten() {
        Tenants.Tenant owner = Tenants.newTenant();
        Tenants.Tenant viewer = Tenants.withRole(owner, Identity.VIEWER);
        UUID kb = createKnowledgeBase(owner, "handbook");
        UUID doc = uploadText(owner, kb, "a.txt", "text/plain", "Holidays are booked in the portal.");
        awaitReady(owner, kb, doc);
        long documents = documentsOf(owner.id());
        long knowledgeBases = knowledgeBasesOf(owner.id());
        String kbPath = "/api/v1/knowledge-bases/" + kb;

        assertForbidden(api.post(viewer.token(), "/api/v1/knowledge-bases", Map.of("name", "viewer-made")));
        assertForbidden(
                api.post(viewer.token(), kbPath + "/documents/text", Map.of("name", "x.txt", "text", "planted")));
        assertForbidden(api.upload(
                viewer.token(),
                kbPath + "/documents",
                "y.txt",
                "text/plain",
                "planted".getBytes(StandardCharsets.UTF_8)));
        assertForbidden(api.delete(viewer.token(), kbPath + "/documents/" + doc));
        assertForbidden(api.delete(viewer.token(), kbPath));
        Api.Response embeddings = api.post(viewer.token(), "/v1/embeddings", Map.of("input", "hello"));
        assertThat(embeddings.status()).as(embeddings.body()).isEqualTo(403);
        assertThat(embeddings.json().path("error").path("code").asString()).isEqualTo("missing_role");

        assertThat(documentsOf(owner.id())).isEqualTo(documents);
        assertThat(knowledgeBasesOf(owner.id())).isEqualTo(knowledgeBases);
        // Reading stays open to viewers.
        assertThat(api.get(viewer.token(), kbPath).status()).isEqualTo(200);
        assertThat(api.get(viewer.token(), kbPath + "/documents/" + doc).status())
                .isEqualTo(200);
        assertThat(query(viewer, kb, Map.of("query", "holidays")).status()).isEqualTo(200);
    }

    @Test
    void developerMayChangeKnowledgeBases() {
        Tenants.Tenant owner = Tenants.newTenant();
        Tenants.Tenant developer = Tenants.withRole(owner, Identity.DEVELOPER);
        UUID kb = createKnowledgeBase(developer, "dev-made");
        UUID doc = uploadText(developer, kb, "d.txt", "text/plain", "Deploys happen on Tuesdays.");
        awaitReady(developer, kb, doc);

        assertThat(api.post(developer.token(), "/v1/embeddings", Map.of("input", "hello"))
                        .status())
                .isEqualTo(200);
        assertThat(api.delete(developer.token(), "/api/v1/knowledge-bases/" + kb + "/documents/" + doc)
                        .status())
                .isEqualTo(204);
        assertThat(api.delete(developer.token(), "/api/v1/knowledge-bases/" + kb)
                        .status())
                .isEqualTo(204);
    }

    private static void assertForbidden(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("code").asString()).isEqualTo("missing_role");
    }
}
