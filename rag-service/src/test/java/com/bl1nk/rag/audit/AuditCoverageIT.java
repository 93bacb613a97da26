package com.bl1nk.rag.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.PermissionCoverage;
import com.bl1nk.common.stream.StreamKeys;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.rag.support.Api;
import com.bl1nk.rag.support.RagIntegrationTest;
import com.bl1nk.rag.support.Tenants;
import com.bl1nk.testsupport.AuditCoverage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every state-changing route of rag-service records exactly one audit event in the transaction of its change (name,
 * size and hash of a document, never its content), a refused change records none, and docs/audit.md lists what is
 * audited.
 */
class AuditCoverageIT extends RagIntegrationTest {

    private static final String CONTENT = "The vault code is WALRUS-SECRET-9911.";

    @Autowired
    @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    StreamKeys streamKeys;

    private AuditCoverage audit;

    @BeforeEach
    void coverage() {
        audit = new AuditCoverage(
                "rag", PermissionCoverage.routes(mapping), jdbc, "rag", redis, streamKeys.key(AuditRecorded.STREAM));
    }

    @Test
    void everyStateChangingRouteRecordsOneEventWithoutContent() {
        Tenants.Tenant tenant = Tenants.newTenant();
        audit.exempt("POST /api/v1/knowledge-bases/{id}/query", "a read: retrieval changes nothing")
                .exempt("POST /v1/embeddings", "a model call, metered on bl1nk:usage; changes nothing stored");

        UUID kb = createKnowledgeBase(tenant, "audited");
        AuditRecorded created = audit.expectOne(
                tenant.id(), "POST /api/v1/knowledge-bases", "knowledge_base.created", "knowledge_base", kb.toString());
        assertThat(created.details()).containsEntry("name", "audited");

        UUID text = uploadText(tenant, kb, "vault.txt", "text/plain", CONTENT);
        AuditRecorded uploaded = audit.expectOne(
                tenant.id(),
                "POST /api/v1/knowledge-bases/{kbId}/documents/text",
                "document.uploaded",
                "document",
                text.toString(),
                CONTENT,
                "WALRUS");
        assertThat(uploaded.details())
                .containsEntry("name", "vault.txt")
                .containsEntry("sizeBytes", CONTENT.getBytes(StandardCharsets.UTF_8).length)
                .containsKey("sha256");

        Api.Response file = api.upload(
                tenant.token(),
                "/api/v1/knowledge-bases/" + kb + "/documents",
                "notes.md",
                "text/markdown",
                ("# Notes\n\n" + CONTENT).getBytes(StandardCharsets.UTF_8));
        assertThat(file.status()).as(file.body()).isEqualTo(202);
        String fileId = file.json().get("id").asString();
        audit.expectOne(
                tenant.id(),
                "POST /api/v1/knowledge-bases/{kbId}/documents",
                "document.uploaded",
                "document",
                fileId,
                CONTENT,
                "WALRUS");

        Api.Response deleteDoc = api.delete(tenant.token(), "/api/v1/knowledge-bases/" + kb + "/documents/" + text);
        assertThat(deleteDoc.status()).as(deleteDoc.body()).isEqualTo(204);
        audit.expectOne(
                tenant.id(),
                "DELETE /api/v1/knowledge-bases/{kbId}/documents/{id}",
                "document.deleted",
                "document",
                text.toString(),
                CONTENT);

        Api.Response deleteKb = api.delete(tenant.token(), "/api/v1/knowledge-bases/" + kb);
        assertThat(deleteKb.status()).as(deleteKb.body()).isEqualTo(204);
        audit.expectOne(
                tenant.id(),
                "DELETE /api/v1/knowledge-bases/{id}",
                "knowledge_base.deleted",
                "knowledge_base",
                kb.toString());

        audit.assertDocumented();
    }

    @Test
    void aRefusedChangeRecordsNoEvent() {
        Tenants.Tenant tenant = Tenants.newTenant();
        UUID kb = createKnowledgeBase(tenant, "refusals");
        audit.expectOne(
                tenant.id(), "POST /api/v1/knowledge-bases", "knowledge_base.created", "knowledge_base", kb.toString());

        assertThat(api.post(tenant.token(), "/api/v1/knowledge-bases", Map.of("name", "refusals"))
                        .status())
                .isEqualTo(409);
        assertThat(api.post(tenant.token(), "/api/v1/knowledge-bases", Map.of("name", ""))
                        .status())
                .isEqualTo(400);
        assertThat(api.upload(
                                tenant.token(),
                                "/api/v1/knowledge-bases/" + kb + "/documents",
                                "empty.txt",
                                "text/plain",
                                new byte[0])
                        .status())
                .isEqualTo(400);
        assertThat(api.delete(tenant.token(), "/api/v1/knowledge-bases/" + kb + "/documents/" + UUID.randomUUID())
                        .status())
                .isEqualTo(404);
        assertThat(api.delete(tenant.token(), "/api/v1/knowledge-bases/" + UUID.randomUUID())
                        .status())
                .isEqualTo(404);

        audit.expectNone(tenant.id(), "refused changes (409, 400, 404) leave no audit event");
    }
}
