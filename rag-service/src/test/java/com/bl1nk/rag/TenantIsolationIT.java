package com.bl1nk.rag;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.rag.support.Api;
import com.bl1nk.rag.support.RagIntegrationTest;
import com.bl1nk.rag.support.Tenants;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tenant B sees nothing of tenant A: every path answers 404, exactly like a missing resource. */
class TenantIsolationIT extends RagIntegrationTest {

    @Test
    void tenantBCannotListQueryFetchOrDeleteTenantAsData() {
        Tenants.Tenant a = Tenants.newTenant();
        Tenants.Tenant b = Tenants.newTenant();
        UUID kbA = createKnowledgeBase(a, "secrets");
        UUID docA = uploadText(a, kbA, "plan.txt", "text/plain", "The launch codename is BLUE HERON.");
        awaitReady(a, kbA, docA);
        UUID kbB = createKnowledgeBase(b, "mine");
        UUID docB = uploadText(b, kbB, "b.txt", "text/plain", "Tenant B notes about herons.");
        awaitReady(b, kbB, docB);

        String kbPath = "/api/v1/knowledge-bases/" + kbA;
        String docPath = kbPath + "/documents/" + docA;
        assertProblem404(api.get(b.token(), kbPath));
        assertProblem404(api.get(b.token(), kbPath + "/documents"));
        assertProblem404(api.get(b.token(), docPath));
        assertProblem404(api.get(b.token(), docPath + "/chunks"));
        assertProblem404(api.post(b.token(), kbPath + "/query", Map.of("query", "launch codename")));
        assertProblem404(
                api.post(b.token(), kbPath + "/documents/text", Map.of("name", "x.txt", "text", "planted by B")));
        // A's document through B's own knowledge base path.
        assertProblem404(api.get(b.token(), "/api/v1/knowledge-bases/" + kbB + "/documents/" + docA));
        assertProblem404(api.get(b.token(), "/api/v1/knowledge-bases/" + kbB + "/documents/" + docA + "/chunks"));
        // Multi-KB query that smuggles A's knowledge base in.
        assertProblem404(api.post(
                b.token(),
                "/api/v1/knowledge-bases/" + kbB + "/query",
                Map.of("query", "launch codename", "knowledgeBaseIds", List.of(kbA.toString()))));
        // Filter on A's document from B's own knowledge base.
        assertProblem404(api.post(
                b.token(),
                "/api/v1/knowledge-bases/" + kbB + "/query",
                Map.of("query", "launch codename", "filters", Map.of("documentIds", List.of(docA.toString())))));
        assertProblem404(api.delete(b.token(), docPath));
        assertProblem404(api.delete(b.token(), kbPath));

        // B's own list and queries never show A's rows.
        Api.Response list = api.get(b.token(), "/api/v1/knowledge-bases");
        List<String> ids = new ArrayList<>();
        list.json().get("items").forEach(kb -> ids.add(kb.get("id").asString()));
        assertThat(ids).containsExactly(kbB.toString());
        Api.Response own = api.post(
                b.token(),
                "/api/v1/knowledge-bases/" + kbB + "/query",
                Map.of("query", "launch codename BLUE HERON", "topK", 50));
        own.json()
                .get("results")
                .forEach(r -> assertThat(r.get("document").get("id").asString()).isEqualTo(docB.toString()));

        // A still has everything.
        assertThat(api.get(a.token(), docPath).status()).isEqualTo(200);
        assertThat(jdbc.queryForObject(
                        "select count(*) from rag.documents where knowledge_base_id = ?", Integer.class, kbA))
                .isEqualTo(1);
    }

    @Test
    void requestsWithoutAValidIdentityTokenAreRejected() {
        Api.Response r = api.get(null, "/api/v1/knowledge-bases");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(api.get("not-a-token", "/api/v1/knowledge-bases").status()).isEqualTo(401);
    }

    private static void assertProblem404(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo("not_found");
    }
}
