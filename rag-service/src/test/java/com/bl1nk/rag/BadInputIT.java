package com.bl1nk.rag;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.rag.support.Api;
import com.bl1nk.rag.support.RagIntegrationTest;
import com.bl1nk.rag.support.Tenants;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a 4xx problem+json and leaves no row behind. */
class BadInputIT extends RagIntegrationTest {

    private final Tenants.Tenant tenant = Tenants.newTenant();

    @Test
    void badUploadsAreRejectedWithProblemsAndStoreNothing() {
        UUID kb = createKnowledgeBase(tenant, "strict");
        String path = "/api/v1/knowledge-bases/" + kb + "/documents";

        assertProblem(api.upload(tenant.token(), path, "empty.txt", "text/plain", new byte[0]), 400, "empty_document");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1};
        assertProblem(
                api.upload(tenant.token(), path, "notes.md", "text/markdown", png), 415, "unsupported_media_type");
        byte[] big = "lorem ipsum ".repeat(30_000).getBytes(StandardCharsets.UTF_8);
        assertProblem(api.upload(tenant.token(), path, "big.txt", "text/plain", big), 413, "payload_too_large");
        byte[] corrupt = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer garbage"
                .getBytes(StandardCharsets.US_ASCII);
        assertProblem(
                api.upload(tenant.token(), path, "report.pdf", "application/pdf", corrupt), 422, "unreadable_document");
        assertProblem(
                api.post(tenant.token(), path + "/text", Map.of("name", "blank.md", "text", "  \n\n ")),
                400,
                "empty_document");
        assertProblem(api.post(tenant.token(), path + "/text", Map.of("text", "no name")), 400, "validation_failed");

        assertThat(count("rag.documents", kb)).isZero();
        assertThat(count("rag.chunks", kb)).isZero();
        assertThat(jdbc.queryForObject(
                        "select count(*) from rag.document_contents where tenant_id = ?", Integer.class, tenant.id()))
                .isZero();
    }

    @Test
    void unknownKnowledgeBaseIs404ForEveryOperation() {
        String path = "/api/v1/knowledge-bases/" + UUID.randomUUID();
        assertProblem(api.get(tenant.token(), path), 404, "not_found");
        assertProblem(
                api.upload(tenant.token(), path + "/documents", "a.txt", "text/plain", "hello".getBytes()),
                404,
                "not_found");
        assertProblem(api.post(tenant.token(), path + "/query", Map.of("query", "hello")), 404, "not_found");
        assertProblem(api.get(tenant.token(), path + "/documents"), 404, "not_found");
        assertProblem(api.get(tenant.token(), "/api/v1/knowledge-bases/not-a-uuid"), 400, null);
        assertThat(jdbc.queryForObject(
                        "select count(*) from rag.documents where tenant_id = ?", Integer.class, tenant.id()))
                .isZero();
    }

    @Test
    void badQueriesAndKnowledgeBaseRequestsAre400() {
        UUID kb = createKnowledgeBase(tenant, "queries");
        String query = "/api/v1/knowledge-bases/" + kb + "/query";
        assertProblem(api.post(tenant.token(), query, Map.of("query", "x", "topK", 0)), 400, "validation_failed");
        assertProblem(api.post(tenant.token(), query, Map.of("query", "x", "topK", 51)), 400, "validation_failed");
        assertProblem(
                api.post(tenant.token(), query, Map.of("query", "x", "mode", "psychic")), 400, "validation_failed");
        assertProblem(api.post(tenant.token(), query, Map.of("query", " ")), 400, "validation_failed");
        assertProblem(
                api.post(tenant.token(), "/api/v1/knowledge-bases", Map.of("name", "")), 400, "validation_failed");
        assertProblem(
                api.post(
                        tenant.token(),
                        "/api/v1/knowledge-bases",
                        Map.of("name", "bad-chunks", "chunking", Map.of("maxTokens", 64, "overlapTokens", 64))),
                400,
                "validation_failed");
        assertProblem(
                api.post(
                        tenant.token(),
                        "/api/v1/knowledge-bases",
                        Map.of(
                                "name",
                                "bad-provider",
                                "embedding",
                                Map.of("provider", "nope", "model", "m", "dimension", 8))),
                400,
                "validation_failed");
        assertProblem(
                api.post(tenant.token(), "/api/v1/knowledge-bases", Map.of("name", "queries")),
                409,
                "knowledge_base_exists");
        assertProblem(api.get(tenant.token(), "/api/v1/knowledge-bases?limit=0"), 400, "invalid_limit");
        assertProblem(api.get(tenant.token(), "/api/v1/knowledge-bases?cursor=%%%"), 400, null);
    }

    private int count(String table, UUID kb) {
        return jdbc.queryForObject("select count(*) from " + table + " where knowledge_base_id = ?", Integer.class, kb);
    }

    private static void assertProblem(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).as(r.body()).startsWith("application/problem+json");
        if (code != null) {
            assertThat(r.json().get("code").asString()).isEqualTo(code);
        }
    }
}
